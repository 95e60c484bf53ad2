import { PriorityInputError } from "./errors.js";
import {
  MOSCOW_CATEGORIES,
  type MoscowInput,
  type PriorityInputByMethod,
  type PriorityMethod,
  type RiceInput,
  type ValueEffortInput,
  type WsjfInput,
} from "./priority.types.js";

type FieldErrors = Record<string, string>;

function nonNegative(errors: FieldErrors, field: string, label: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0)) errors[field] = `${label} must be a number of 0 or more.`;
}

// A zero divisor would make the score Infinity and put a throwaway item on top of the backlog.
function positive(errors: FieldErrors, field: string, label: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) errors[field] = `${label} must be a number greater than 0.`;
}

function done<T>(input: T, errors: FieldErrors): T {
  if (Object.keys(errors).length > 0) throw new PriorityInputError(errors);
  return input;
}

/** Returns `input` when its category is one of `MOSCOW_CATEGORIES`; throws `PriorityInputError` otherwise. */
export function validateMoscow(input: MoscowInput): MoscowInput {
  const errors: FieldErrors = {};
  if (!(MOSCOW_CATEGORIES as readonly string[]).includes(input.category)) {
    errors.category = "Choose Must, Should, Could or Won't.";
  }
  return done(input, errors);
}

/** Returns `input` when value ≥ 0 and effort > 0 (both finite); throws `PriorityInputError` otherwise. */
export function validateValueEffort(input: ValueEffortInput): ValueEffortInput {
  const errors: FieldErrors = {};
  nonNegative(errors, "value", "Value", input.value);
  positive(errors, "effort", "Effort", input.effort);
  return done(input, errors);
}

/** Returns `input` when the three cost-of-delay parts are ≥ 0 and job size > 0; throws otherwise. */
export function validateWsjf(input: WsjfInput): WsjfInput {
  const errors: FieldErrors = {};
  nonNegative(errors, "businessValue", "Business value", input.businessValue);
  nonNegative(errors, "timeCriticality", "Time criticality", input.timeCriticality);
  nonNegative(errors, "riskReduction", "Risk reduction / opportunity enablement", input.riskReduction);
  positive(errors, "jobSize", "Job size", input.jobSize);
  return done(input, errors);
}

/** Returns `input` when reach, impact ≥ 0, 0 ≤ confidence ≤ 1 and effort > 0; throws otherwise. */
export function validateRice(input: RiceInput): RiceInput {
  const errors: FieldErrors = {};
  nonNegative(errors, "reach", "Reach", input.reach);
  nonNegative(errors, "impact", "Impact", input.impact);
  if (!(Number.isFinite(input.confidence) && input.confidence >= 0 && input.confidence <= 1)) {
    errors.confidence = "Confidence must be between 0 and 1 (e.g. 0.8 for 80%).";
  }
  positive(errors, "effort", "Effort", input.effort);
  return done(input, errors);
}

const VALIDATORS: { [M in PriorityMethod]: (input: PriorityInputByMethod[M]) => PriorityInputByMethod[M] } = {
  moscow: validateMoscow,
  value_effort: validateValueEffort,
  wsjf: validateWsjf,
  rice: validateRice,
};

/** Validates `input` for `method`; returns it unchanged or throws `PriorityInputError`. */
export function validatePriorityInput<M extends PriorityMethod>(
  method: M,
  input: PriorityInputByMethod[M],
): PriorityInputByMethod[M] {
  return VALIDATORS[method](input);
}
