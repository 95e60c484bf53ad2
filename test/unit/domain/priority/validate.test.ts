import { describe, expect, it } from "vitest";
import {
  type MoscowCategory,
  PriorityInputError,
  validateMoscow,
  validatePriorityInput,
  validateRice,
  validateValueEffort,
  validateWsjf,
} from "../../../../src/domain/priority/index.js";
import { ValidationError } from "../../../../src/lib/errors.js";

function fieldErrorsOf(fn: () => unknown): Record<string, string> {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PriorityInputError);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as PriorityInputError).code).toBe("validation");
    return (error as PriorityInputError).fieldErrors;
  }
  throw new Error("expected a PriorityInputError");
}

describe("priority input validation", () => {
  it("accepts valid inputs unchanged, including zeros in numerators", () => {
    const wsjf = { businessValue: 0, timeCriticality: 0, riskReduction: 0, jobSize: 1 };
    expect(validateWsjf(wsjf)).toBe(wsjf);
    const rice = { reach: 0, impact: 0, confidence: 0, effort: 0.5 };
    expect(validateRice(rice)).toBe(rice);
    expect(validateRice({ ...rice, confidence: 1 })).toEqual({ ...rice, confidence: 1 });
    expect(validateValueEffort({ value: 0, effort: 3 })).toEqual({ value: 0, effort: 3 });
    expect(validateMoscow({ category: "wont" })).toEqual({ category: "wont" });
  });

  it("rejects a zero or negative divisor instead of scoring Infinity", () => {
    expect(fieldErrorsOf(() => validateValueEffort({ value: 5, effort: 0 }))).toEqual({
      effort: "Effort must be a number greater than 0.",
    });
    expect(
      Object.keys(
        fieldErrorsOf(() =>
          validateWsjf({ businessValue: 1, timeCriticality: 1, riskReduction: 1, jobSize: 0 }),
        ),
      ),
    ).toEqual(["jobSize"]);
    expect(
      Object.keys(fieldErrorsOf(() => validateRice({ reach: 1, impact: 1, confidence: 1, effort: -2 }))),
    ).toEqual(["effort"]);
  });

  it("reports every bad field at once: negatives, NaN, Infinity, confidence outside 0–1", () => {
    expect(
      Object.keys(
        fieldErrorsOf(() =>
          validateWsjf({
            businessValue: -1,
            timeCriticality: Number.NaN,
            riskReduction: Number.POSITIVE_INFINITY,
            jobSize: Number.NaN,
          }),
        ),
      ).sort(),
    ).toEqual(["businessValue", "jobSize", "riskReduction", "timeCriticality"]);
    const rice = fieldErrorsOf(() => validateRice({ reach: -5, impact: -1, confidence: 80, effort: 0 }));
    expect(Object.keys(rice).sort()).toEqual(["confidence", "effort", "impact", "reach"]);
    expect(rice.confidence).toBe("Confidence must be between 0 and 1 (e.g. 0.8 for 80%).");
    expect(Object.keys(fieldErrorsOf(() => validateValueEffort({ value: -1, effort: 1 })))).toEqual([
      "value",
    ]);
  });

  it("uses the first problem as the user message", () => {
    try {
      validateValueEffort({ value: -1, effort: 0 });
    } catch (error) {
      expect((error as PriorityInputError).userMessage).toBe("Value must be a number of 0 or more.");
    }
  });

  it("rejects an unknown MoSCoW category", () => {
    expect(fieldErrorsOf(() => validateMoscow({ category: "maybe" as MoscowCategory }))).toEqual({
      category: "Choose Must, Should, Could or Won't.",
    });
  });

  it("dispatches by method", () => {
    expect(validatePriorityInput("value_effort", { value: 1, effort: 1 })).toEqual({ value: 1, effort: 1 });
    expect(() => validatePriorityInput("rice", { reach: 1, impact: 1, confidence: 2, effort: 1 })).toThrow(
      PriorityInputError,
    );
  });
});
