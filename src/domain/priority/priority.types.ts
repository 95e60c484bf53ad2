/** MoSCoW categories; `wont` is "Won't have (this time)". */
export const MOSCOW_CATEGORIES = ["must", "should", "could", "wont"] as const;
export type MoscowCategory = (typeof MOSCOW_CATEGORIES)[number];

/** MoSCoW: a category instead of a number. */
export interface MoscowInput {
  readonly category: MoscowCategory;
}

/** Value/effort: any consistent scales (e.g. value 1–10, effort in story points). */
export interface ValueEffortInput {
  /** ≥ 0. */
  readonly value: number;
  /** > 0: zero effort would make the score infinite. */
  readonly effort: number;
}

/**
 * WSJF (SAFe's Weighted Shortest Job First): cost of delay ÷ job size, where cost of delay is
 * business value + time criticality + risk reduction/opportunity enablement. Usually each is a
 * relative (modified Fibonacci) number; any scale ≥ 0 works as long as the team is consistent.
 */
export interface WsjfInput {
  /** ≥ 0. */
  readonly businessValue: number;
  /** ≥ 0. */
  readonly timeCriticality: number;
  /** Risk reduction and/or opportunity enablement, ≥ 0. */
  readonly riskReduction: number;
  /** > 0. */
  readonly jobSize: number;
}

/** RICE (Intercom): reach × impact × confidence ÷ effort. */
export interface RiceInput {
  /** People or events per period, ≥ 0. */
  readonly reach: number;
  /** ≥ 0; Intercom's scale is 3 massive, 2 high, 1 medium, 0.5 low, 0.25 minimal. */
  readonly impact: number;
  /** A fraction from 0 to 1 (0.8 = 80%), not a percentage. */
  readonly confidence: number;
  /** Person-months (or any consistent unit), > 0. */
  readonly effort: number;
}

/** The input each method scores. */
export interface PriorityInputByMethod {
  readonly moscow: MoscowInput;
  readonly value_effort: ValueEffortInput;
  readonly wsjf: WsjfInput;
  readonly rice: RiceInput;
}

/** The priority helper a team has chosen. */
export type PriorityMethod = keyof PriorityInputByMethod;

export const PRIORITY_METHODS = [
  "moscow",
  "value_effort",
  "wsjf",
  "rice",
] as const satisfies readonly PriorityMethod[];

/** Anything `suggestOrder` can sort: an id (for error messages) and the item's input, `null` if not scored yet. */
export interface PriorityCandidate<M extends PriorityMethod> {
  readonly id: string | number;
  readonly input: PriorityInputByMethod[M] | null;
}
