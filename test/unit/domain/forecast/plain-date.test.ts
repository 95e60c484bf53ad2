import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  epochDayToPlainDate,
  isPlainDate,
  plainDateToEpochDay,
} from "../../../../src/domain/forecast/index.js";

describe("plain dates", () => {
  it("counts days since 1970-01-01", () => {
    expect(plainDateToEpochDay("1970-01-01")).toBe(0);
    expect(plainDateToEpochDay("1969-12-31")).toBe(-1);
    expect(plainDateToEpochDay("2000-03-01")).toBe(11_017);
    expect(epochDayToPlainDate(11_017)).toBe("2000-03-01");
  });

  it("rejects malformed and impossible dates", () => {
    for (const bad of [
      "2025-02-29",
      "2025-02-30",
      "2025-13-01",
      "2025-00-10",
      "2025-1-6",
      "20250106",
      "",
      "x",
    ]) {
      expect(isPlainDate(bad), bad).toBe(false);
    }
    expect(isPlainDate("2024-02-29")).toBe(true);
    expect(isPlainDate("2000-02-29")).toBe(true);
    expect(isPlainDate("1900-02-29")).toBe(false);
  });

  it("adds days across month, year and leap-day boundaries", () => {
    expect(addDays("2025-01-06", 13)).toBe("2025-01-19");
    expect(addDays("2025-01-06", 41)).toBe("2025-02-16");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2025-12-25", 14)).toBe("2026-01-08");
    expect(addDays("2025-03-01", -1)).toBe("2025-02-28");
    expect(() => addDays("2025-02-30", 1)).toThrow(RangeError);
  });

  it("agrees with Date.UTC for any day in years 0001–9999", () => {
    const minDay = plainDateToEpochDay("0001-01-01")!;
    const maxDay = plainDateToEpochDay("9999-12-31")!;
    fc.assert(
      fc.property(fc.integer({ min: minDay, max: maxDay }), (day) => {
        // A Date built from an explicit instant (not the wall clock) serves as the reference.
        const reference = new Date(day * 86_400_000).toISOString().slice(0, 10);
        expect(epochDayToPlainDate(day)).toBe(reference);
        expect(plainDateToEpochDay(reference)).toBe(day);
      }),
    );
  });
});
