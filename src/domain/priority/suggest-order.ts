import { PriorityInputError } from "./errors.js";
import type { PriorityCandidate, PriorityMethod } from "./priority.types.js";
import { priorityScore } from "./score.js";

/**
 * Scores equal to this many significant digits are ties. Floating point can make equal ratios differ
 * in the last bit (RICE 1 × 1 × 0.7 ÷ 0.1 = 6.999999999999999 but 7 × 1 × 1 ÷ 1 = 7), and the PO should not see
 * two items swap over rounding noise. Rounding to a key (rather than comparing with a tolerance)
 * keeps the comparison transitive, so the sort stays well-defined.
 */
export const SCORE_SIGNIFICANT_DIGITS = 12;

/** One row of a suggested order. */
export interface SuggestedPosition<T> {
  readonly item: T;
  /** The item's score, `null` when it has no input for the method yet. */
  readonly score: number | null;
  /** 0-based index in the input order (the PO's current ranking), to show "moved up 3". */
  readonly currentIndex: number;
}

/** `score` rounded to `SCORE_SIGNIFICANT_DIGITS`; equal keys are ties. */
export function scoreTieKey(score: number): number {
  return Number(score.toPrecision(SCORE_SIGNIFICANT_DIGITS));
}

/**
 * Suggests an order for `items` (given in the PO's current order) by `method`'s score, highest first.
 * Contract:
 * - returns every item exactly once (a permutation) and never mutates `items`;
 * - ties (equal `scoreTieKey`) keep the PO's current order, so re-running it changes nothing
 *   (idempotent) and the PO's judgement decides between equal scores;
 * - items without an input (`input: null`) come after all scored items, in their current order
 *   (an unscored item is unknown, not worthless; for MoSCoW a Won't item still ranks above it).
 * It is a suggestion: the order of the backlog stays the PO's decision.
 * @throws PriorityInputError listing every invalid item, keyed `items[<id>].<field>`.
 */
export function suggestOrder<M extends PriorityMethod, T extends PriorityCandidate<M>>(
  items: readonly T[],
  method: M,
): SuggestedPosition<T>[] {
  const errors: Record<string, string> = {};
  let firstMessage: string | undefined;
  const rows = items.map((item, currentIndex): SuggestedPosition<T> & { key: number } => {
    if (item.input === null) return { item, score: null, currentIndex, key: Number.NEGATIVE_INFINITY };
    try {
      const score = priorityScore(method, item.input);
      return { item, score, currentIndex, key: scoreTieKey(score) };
    } catch (error) {
      if (!(error instanceof PriorityInputError)) throw error;
      for (const [field, message] of Object.entries(error.fieldErrors)) {
        errors[`items[${item.id}].${field}`] = message;
        firstMessage ??= `Item ${item.id}: ${message}`;
      }
      return { item, score: null, currentIndex, key: Number.NEGATIVE_INFINITY };
    }
  });
  if (firstMessage !== undefined) throw new PriorityInputError(errors, firstMessage);

  // Scores are finite and ≥ 0, so -Infinity puts unscored items last; equal keys fall back to the
  // current index (explicitly, rather than relying on Array#sort's stability alone).
  rows.sort((x, y) => (x.key === y.key ? x.currentIndex - y.currentIndex : y.key - x.key));
  return rows.map(({ item, score, currentIndex }) => ({ item, score, currentIndex }));
}
