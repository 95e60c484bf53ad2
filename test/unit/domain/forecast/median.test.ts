import { describe, expect, it } from "vitest";
import { median } from "../../../../src/domain/forecast/index.js";

describe("median", () => {
  it("is null for no values", () => expect(median([])).toBeNull());
  it("is the middle value for an odd count", () => expect(median([8, 1, 3])).toBe(3));
  it("is the mean of the two middle values for an even count", () => expect(median([5, 3, 13, 1])).toBe(4));
  it("does not reorder its input", () => {
    const values = [5, 1, 3];
    median(values);
    expect(values).toEqual([5, 1, 3]);
  });
});
