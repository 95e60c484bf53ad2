import { describe, expect, it } from "vitest";
import {
  moscowScore,
  PRIORITY_METHODS,
  PriorityInputError,
  priorityScore,
  riceScore,
  valueEffortScore,
  wsjfCostOfDelay,
  wsjfScore,
} from "../../../../src/domain/priority/index.js";

describe("priority scores", () => {
  it("MoSCoW orders Must > Should > Could > Won't", () => {
    const scores = (["must", "should", "could", "wont"] as const).map((category) =>
      moscowScore({ category }),
    );
    expect(scores).toEqual([3, 2, 1, 0]);
  });

  it("value/effort is value ÷ effort", () => {
    expect(valueEffortScore({ value: 8, effort: 2 })).toBe(4);
    expect(valueEffortScore({ value: 1, effort: 3 })).toBeCloseTo(1 / 3);
  });

  it("WSJF is (business value + time criticality + risk reduction) ÷ job size", () => {
    const input = { businessValue: 5, timeCriticality: 5, riskReduction: 3, jobSize: 5 };
    expect(wsjfCostOfDelay(input)).toBe(13);
    expect(wsjfScore(input)).toBe(2.6);
  });

  it("RICE is reach × impact × confidence ÷ effort", () => {
    expect(riceScore({ reach: 500, impact: 2, confidence: 0.8, effort: 4 })).toBe(200);
  });

  it("scores all-zero numerators as 0, not NaN", () => {
    expect(valueEffortScore({ value: 0, effort: 5 })).toBe(0);
    expect(wsjfScore({ businessValue: 0, timeCriticality: 0, riskReduction: 0, jobSize: 8 })).toBe(0);
    expect(riceScore({ reach: 0, impact: 3, confidence: 1, effort: 2 })).toBe(0);
    expect(riceScore({ reach: 100, impact: 3, confidence: 0, effort: 2 })).toBe(0);
  });

  it("throws for a zero divisor instead of returning Infinity", () => {
    expect(() => valueEffortScore({ value: 5, effort: 0 })).toThrow(PriorityInputError);
    expect(() => wsjfScore({ businessValue: 0, timeCriticality: 0, riskReduction: 0, jobSize: 0 })).toThrow(
      PriorityInputError,
    );
    expect(() => riceScore({ reach: 1, impact: 1, confidence: 1, effort: 0 })).toThrow(PriorityInputError);
  });

  it("priorityScore dispatches by method", () => {
    expect(PRIORITY_METHODS).toEqual(["moscow", "value_effort", "wsjf", "rice"]);
    expect(priorityScore("moscow", { category: "should" })).toBe(2);
    expect(priorityScore("value_effort", { value: 9, effort: 3 })).toBe(3);
    expect(
      priorityScore("wsjf", { businessValue: 1, timeCriticality: 2, riskReduction: 3, jobSize: 2 }),
    ).toBe(3);
    expect(priorityScore("rice", { reach: 10, impact: 1, confidence: 0.5, effort: 1 })).toBe(5);
  });
});
