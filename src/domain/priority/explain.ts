import type {
  MoscowCategory,
  PriorityInputByMethod,
  PriorityMethod,
  RiceInput,
  ValueEffortInput,
  WsjfInput,
} from "./priority.types.js";
import { riceScore, valueEffortScore, wsjfCostOfDelay, wsjfScore } from "./score.js";
import { validateMoscow } from "./validate.js";

// Fixed locale so the text is the same on every server; at most 2 decimals: 1/3 → "0.33", 1200 → "1,200".
const numberFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
const fmt = (n: number): string => numberFormat.format(n);

const MOSCOW_SENTENCES: Readonly<Record<MoscowCategory, string>> = {
  must: "Must have: ranked above every Should, Could and Won't item.",
  should: "Should have: important but not vital, ranked below Must and above Could items.",
  could: "Could have: nice to have, ranked below Must and Should items.",
  wont: "Won't have this time: ranked last and left out of the plan for now.",
};

function explainMoscow(input: PriorityInputByMethod["moscow"]): string {
  return MOSCOW_SENTENCES[validateMoscow(input).category];
}

function explainValueEffort(input: ValueEffortInput): string {
  const score = valueEffortScore(input);
  return `Score ${fmt(score)}: value ${fmt(input.value)} ÷ effort ${fmt(input.effort)}.`;
}

function explainWsjf(input: WsjfInput): string {
  const score = wsjfScore(input);
  if (wsjfCostOfDelay(input) === 0) {
    return "WSJF 0: no cost of delay (business value, time criticality and risk reduction are all 0).";
  }
  return (
    `WSJF ${fmt(score)}: cost of delay ${fmt(wsjfCostOfDelay(input))} ` +
    `(business value ${fmt(input.businessValue)} + time criticality ${fmt(input.timeCriticality)} + ` +
    `risk reduction ${fmt(input.riskReduction)}) ÷ job size ${fmt(input.jobSize)}.`
  );
}

function explainRice(input: RiceInput): string {
  const score = riceScore(input);
  return (
    `RICE ${fmt(score)}: reach ${fmt(input.reach)} × impact ${fmt(input.impact)} × ` +
    `confidence ${fmt(input.confidence * 100)}% ÷ effort ${fmt(input.effort)}.`
  );
}

const EXPLAINERS: { [M in PriorityMethod]: (input: PriorityInputByMethod[M]) => string } = {
  moscow: explainMoscow,
  value_effort: explainValueEffort,
  wsjf: explainWsjf,
  rice: explainRice,
};

/**
 * One short sentence for stakeholders saying how the score comes about, with numbers rounded to
 * 2 decimals. Example (WSJF): "WSJF 2.6: cost of delay 13 (business value 5 + time criticality 5 +
 * risk reduction 3) ÷ job size 5."
 * @throws PriorityInputError when the input is invalid.
 */
export function explainScore<M extends PriorityMethod>(method: M, input: PriorityInputByMethod[M]): string {
  return EXPLAINERS[method](input);
}
