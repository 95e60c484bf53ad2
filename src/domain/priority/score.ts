import type {
  MoscowCategory,
  MoscowInput,
  PriorityInputByMethod,
  PriorityMethod,
  RiceInput,
  ValueEffortInput,
  WsjfInput,
} from "./priority.types.js";
import { validateMoscow, validateRice, validateValueEffort, validateWsjf } from "./validate.js";

/** Must 3 > Should 2 > Could 1 > Won't 0: only the order matters. */
export const MOSCOW_SCORES: Readonly<Record<MoscowCategory, number>> = {
  must: 3,
  should: 2,
  could: 1,
  wont: 0,
};

/** MoSCoW as a number (see `MOSCOW_SCORES`). @throws PriorityInputError on an unknown category. */
export function moscowScore(input: MoscowInput): number {
  return MOSCOW_SCORES[validateMoscow(input).category];
}

/** value ÷ effort; 0 when value is 0. @throws PriorityInputError (effort 0 is invalid, never Infinity). */
export function valueEffortScore(input: ValueEffortInput): number {
  const { value, effort } = validateValueEffort(input);
  return value / effort;
}

/** Cost of delay (business value + time criticality + risk reduction) ÷ job size; 0 when all three parts are 0. */
export function wsjfCostOfDelay(input: WsjfInput): number {
  return input.businessValue + input.timeCriticality + input.riskReduction;
}

/**
 * WSJF = cost of delay ÷ job size. Example: (5 + 5 + 3) ÷ 5 = 2.6.
 * @throws PriorityInputError (job size 0 is invalid, never Infinity).
 */
export function wsjfScore(input: WsjfInput): number {
  return wsjfCostOfDelay(validateWsjf(input)) / input.jobSize;
}

/**
 * RICE = reach × impact × confidence ÷ effort. Example: 500 × 2 × 0.8 ÷ 4 = 200.
 * @throws PriorityInputError (effort 0 is invalid, never Infinity).
 */
export function riceScore(input: RiceInput): number {
  const { reach, impact, confidence, effort } = validateRice(input);
  return (reach * impact * confidence) / effort;
}

const SCORERS: { [M in PriorityMethod]: (input: PriorityInputByMethod[M]) => number } = {
  moscow: moscowScore,
  value_effort: valueEffortScore,
  wsjf: wsjfScore,
  rice: riceScore,
};

/**
 * The score of `input` under `method`: a finite number ≥ 0, higher = do sooner.
 * @throws PriorityInputError when the input is invalid.
 */
export function priorityScore<M extends PriorityMethod>(method: M, input: PriorityInputByMethod[M]): number {
  return SCORERS[method](input);
}
