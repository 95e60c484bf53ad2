import { describe, expect, it } from "vitest";
import { explainScore, PriorityInputError } from "../../../../src/domain/priority/index.js";

describe("explainScore", () => {
  it("explains MoSCoW categories", () => {
    expect(explainScore("moscow", { category: "must" })).toBe(
      "Must have: ranked above every Should, Could and Won't item.",
    );
    expect(explainScore("moscow", { category: "wont" })).toBe(
      "Won't have this time: ranked last and left out of the plan for now.",
    );
    expect(explainScore("moscow", { category: "should" })).toMatch(/^Should have:/);
    expect(explainScore("moscow", { category: "could" })).toMatch(/^Could have:/);
  });

  it("shows the value/effort arithmetic, rounded to 2 decimals", () => {
    expect(explainScore("value_effort", { value: 8, effort: 2 })).toBe("Score 4: value 8 ÷ effort 2.");
    expect(explainScore("value_effort", { value: 1, effort: 3 })).toBe("Score 0.33: value 1 ÷ effort 3.");
  });

  it("shows WSJF's cost of delay and job size", () => {
    expect(explainScore("wsjf", { businessValue: 5, timeCriticality: 5, riskReduction: 3, jobSize: 5 })).toBe(
      "WSJF 2.6: cost of delay 13 (business value 5 + time criticality 5 + risk reduction 3) ÷ job size 5.",
    );
  });

  it("says plainly when WSJF has no cost of delay", () => {
    expect(explainScore("wsjf", { businessValue: 0, timeCriticality: 0, riskReduction: 0, jobSize: 3 })).toBe(
      "WSJF 0: no cost of delay (business value, time criticality and risk reduction are all 0).",
    );
  });

  it("shows RICE with confidence as a percentage and thousands separators", () => {
    expect(explainScore("rice", { reach: 500, impact: 2, confidence: 0.8, effort: 4 })).toBe(
      "RICE 200: reach 500 × impact 2 × confidence 80% ÷ effort 4.",
    );
    expect(explainScore("rice", { reach: 12_000, impact: 0.25, confidence: 0.5, effort: 1.5 })).toBe(
      "RICE 1,000: reach 12,000 × impact 0.25 × confidence 50% ÷ effort 1.5.",
    );
  });

  it("rejects invalid input like the score does", () => {
    expect(() => explainScore("value_effort", { value: 1, effort: 0 })).toThrow(PriorityInputError);
  });
});
