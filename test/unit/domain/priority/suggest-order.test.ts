import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type MoscowCategory,
  type PriorityCandidate,
  PriorityInputError,
  type RiceInput,
  scoreTieKey,
  suggestOrder,
  type ValueEffortInput,
  type WsjfInput,
} from "../../../../src/domain/priority/index.js";

type Item<I> = { id: string; input: I | null };

const ids = <T extends { id: string }>(rows: readonly { item: T }[]) => rows.map((r) => r.item.id);

describe("suggestOrder", () => {
  it("sorts by score, highest first, and reports scores and current positions", () => {
    const items: Item<ValueEffortInput>[] = [
      { id: "low", input: { value: 1, effort: 5 } },
      { id: "high", input: { value: 8, effort: 2 } },
      { id: "mid", input: { value: 3, effort: 3 } },
    ];
    const rows = suggestOrder(items, "value_effort");
    expect(ids(rows)).toEqual(["high", "mid", "low"]);
    expect(rows.map((r) => [r.score, r.currentIndex])).toEqual([
      [4, 1],
      [1, 2],
      [0.2, 0],
    ]);
  });

  it("keeps the PO's current order on ties", () => {
    const items: Item<WsjfInput>[] = [
      { id: "a", input: { businessValue: 1, timeCriticality: 1, riskReduction: 1, jobSize: 3 } }, // 1
      { id: "b", input: { businessValue: 8, timeCriticality: 0, riskReduction: 0, jobSize: 2 } }, // 4
      { id: "c", input: { businessValue: 2, timeCriticality: 0, riskReduction: 0, jobSize: 2 } }, // 1
      { id: "d", input: { businessValue: 4, timeCriticality: 4, riskReduction: 0, jobSize: 2 } }, // 4
    ];
    expect(ids(suggestOrder(items, "wsjf"))).toEqual(["b", "d", "a", "c"]);
  });

  it("treats scores equal up to floating-point noise as ties", () => {
    // 1 × 1 × 0.7 ÷ 0.1 = 6.999999999999999 in floating point; 7 × 1 × 1 ÷ 1 = 7.
    const items: Item<RiceInput>[] = [
      { id: "first", input: { reach: 1, impact: 1, confidence: 0.7, effort: 0.1 } },
      { id: "second", input: { reach: 7, impact: 1, confidence: 1, effort: 1 } },
    ];
    expect(scoreTieKey(0.7 / 0.1)).toBe(scoreTieKey(7));
    expect(ids(suggestOrder(items, "rice"))).toEqual(["first", "second"]);
  });

  it("puts zero scores after positive ones and unscored items last, both in current order", () => {
    const items: Item<ValueEffortInput>[] = [
      { id: "unscored1", input: null },
      { id: "zero1", input: { value: 0, effort: 1 } },
      { id: "some", input: { value: 1, effort: 8 } },
      { id: "unscored2", input: null },
      { id: "zero2", input: { value: 0, effort: 13 } },
    ];
    const rows = suggestOrder(items, "value_effort");
    expect(ids(rows)).toEqual(["some", "zero1", "zero2", "unscored1", "unscored2"]);
    expect(rows.map((r) => r.score)).toEqual([0.125, 0, 0, null, null]);
  });

  it("orders MoSCoW by category, keeping current order within a category", () => {
    const categories: MoscowCategory[] = ["could", "must", "wont", "should", "must", "could"];
    const items = categories.map((category, i) => ({ id: `${category}${i}`, input: { category } }));
    expect(ids(suggestOrder(items, "moscow"))).toEqual([
      "must1",
      "must4",
      "should3",
      "could0",
      "could5",
      "wont2",
    ]);
  });

  it("handles an empty backlog and does not mutate its input", () => {
    expect(suggestOrder([], "rice")).toEqual([]);
    const items: Item<ValueEffortInput>[] = [
      { id: "a", input: { value: 1, effort: 1 } },
      { id: "b", input: { value: 2, effort: 1 } },
    ];
    const copy = structuredClone(items);
    suggestOrder(items, "value_effort");
    expect(items).toEqual(copy);
  });

  it("lists every invalid item, keyed by item id and field", () => {
    const items: Item<ValueEffortInput>[] = [
      { id: "ok", input: { value: 1, effort: 1 } },
      { id: "s-12", input: { value: 5, effort: 0 } },
      { id: "s-13", input: { value: -1, effort: 2 } },
    ];
    try {
      suggestOrder(items, "value_effort");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PriorityInputError);
      const e = error as PriorityInputError;
      expect(e.fieldErrors).toEqual({
        "items[s-12].effort": "Effort must be a number greater than 0.",
        "items[s-13].value": "Value must be a number of 0 or more.",
      });
      expect(e.userMessage).toBe("Item s-12: Effort must be a number greater than 0.");
    }
  });

  describe("properties", () => {
    // Small integer ranges so that ties are frequent.
    const input = fc.option(
      fc.record({ value: fc.integer({ min: 0, max: 6 }), effort: fc.integer({ min: 1, max: 4 }) }),
      { nil: null, freq: 5 },
    );
    const backlog = fc
      .array(input, { maxLength: 40 })
      .map((inputs) => inputs.map((i, n): PriorityCandidate<"value_effort"> => ({ id: `s${n}`, input: i })));

    it("returns a permutation of the input", () => {
      fc.assert(
        fc.property(backlog, (items) => {
          const rows = suggestOrder(items, "value_effort");
          expect(rows).toHaveLength(items.length);
          expect(rows.map((r) => r.currentIndex).sort((a, b) => a - b)).toEqual(items.map((_, i) => i));
          for (const r of rows) expect(r.item).toBe(items[r.currentIndex]);
        }),
      );
    });

    it("is sorted by score descending with unscored items last", () => {
      fc.assert(
        fc.property(backlog, (items) => {
          const keys = suggestOrder(items, "value_effort").map((r) =>
            r.score === null ? Number.NEGATIVE_INFINITY : scoreTieKey(r.score),
          );
          for (let i = 1; i < keys.length; i++) expect(keys[i]).toBeLessThanOrEqual(keys[i - 1]!);
        }),
      );
    });

    it("is stable: items with equal scores keep their current relative order", () => {
      fc.assert(
        fc.property(backlog, (items) => {
          const rows = suggestOrder(items, "value_effort");
          for (let i = 1; i < rows.length; i++) {
            const [a, b] = [rows[i - 1]!, rows[i]!];
            const same =
              a.score === null
                ? b.score === null
                : b.score !== null && scoreTieKey(a.score) === scoreTieKey(b.score);
            if (same) expect(a.currentIndex).toBeLessThan(b.currentIndex);
          }
        }),
      );
    });

    it("is idempotent: re-running on its own output changes nothing", () => {
      fc.assert(
        fc.property(backlog, (items) => {
          const once = suggestOrder(items, "value_effort").map((r) => r.item);
          const twice = suggestOrder(once, "value_effort").map((r) => r.item);
          expect(twice).toEqual(once);
        }),
      );
    });
  });
});
