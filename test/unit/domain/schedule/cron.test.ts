import { describe, expect, it } from "vitest";
import {
  cronMatchesDate,
  InvalidScheduleError,
  isValidCron,
  occurrencesBetween,
  parseCron,
} from "../../../../src/domain/schedule/index.js";
import { ValidationError } from "../../../../src/lib/errors.js";
import { utc } from "./wall-clock.js";

const range = (from: number, to: number, step = 1): number[] => {
  const out: number[] = [];
  for (let n = from; n <= to; n += step) out.push(n);
  return out;
};

describe("parseCron: accepted syntax", () => {
  it("expands *, single values, lists, ranges and steps", () => {
    const cron = parseCron("*/15 9-17 1,15 * 1-5");
    expect(cron.minutes).toEqual([0, 15, 30, 45]);
    expect(cron.hours).toEqual(range(9, 17));
    expect(cron.daysOfMonth).toEqual([1, 15]);
    expect(cron.months).toEqual(range(1, 12));
    expect(cron.daysOfWeek).toEqual([1, 2, 3, 4, 5]);
    expect(cron.dayOfMonthRestricted).toBe(true);
    expect(cron.dayOfWeekRestricted).toBe(true);
  });

  it("supports range steps, start/step, and mixed lists (sorted, de-duplicated)", () => {
    expect(parseCron("0-30/10 * * * *").minutes).toEqual([0, 10, 20, 30]);
    expect(parseCron("5/20 * * * *").minutes).toEqual([5, 25, 45]);
    expect(parseCron("50,5,10-12,5 * * * *").minutes).toEqual([5, 10, 11, 12, 50]);
    expect(parseCron("0 */6 * * *").hours).toEqual([0, 6, 12, 18]);
    expect(parseCron("0 0 */10 * *").daysOfMonth).toEqual([1, 11, 21, 31]);
    expect(parseCron("0 0 1 */3 *").months).toEqual([1, 4, 7, 10]);
  });

  it("accepts month and weekday names, case-insensitively, and 7 as Sunday", () => {
    expect(parseCron("0 9 * jan,Jul-SEP *").months).toEqual([1, 7, 8, 9]);
    expect(parseCron("0 9 * * MON-fri").daysOfWeek).toEqual([1, 2, 3, 4, 5]);
    expect(parseCron("0 9 * * 7").daysOfWeek).toEqual([0]);
    expect(parseCron("0 9 * * 5-7").daysOfWeek).toEqual([0, 5, 6]);
    expect(parseCron("0 9 * * 0-7").daysOfWeek).toEqual(range(0, 6));
  });

  it("tolerates surrounding and repeated whitespace", () => {
    expect(parseCron("  0   9 *\t* 1 ").expression).toBe("0   9 *\t* 1");
  });

  it("expands the common macros", () => {
    expect(parseCron("@daily")).toMatchObject({ minutes: [0], hours: [0], daysOfMonth: range(1, 31) });
    expect(parseCron("@hourly").hours).toEqual(range(0, 23));
    expect(parseCron("@weekly").daysOfWeek).toEqual([0]);
    expect(parseCron("@Yearly")).toMatchObject({ daysOfMonth: [1], months: [1] });
  });

  it("marks a field starting with * as unrestricted, even with a step", () => {
    expect(parseCron("0 9 */2 * 1").dayOfMonthRestricted).toBe(false);
    expect(parseCron("0 9 1 * *").dayOfWeekRestricted).toBe(false);
  });
});

describe("parseCron: errors", () => {
  const bad: [string, RegExp][] = [
    ["", /empty/],
    ["   ", /empty/],
    ["* * * *", /4 fields, not 5/],
    ["0 * * * * *", /6 fields, not 5/],
    ["60 * * * *", /minute value 60 is out of range \(0–59\)/],
    ["0 24 * * *", /hour value 24 is out of range \(0–23\)/],
    ["0 0 0 * *", /day-of-month value 0 is out of range \(1–31\)/],
    ["0 0 32 * *", /day-of-month value 32 is out of range/],
    ["0 0 * 13 *", /month value 13 is out of range \(1–12\)/],
    ["0 0 * * 8", /day-of-week value 8 is out of range \(0–7\)/],
    ["0 0 * * MOND", /“MOND” is not a valid day-of-week value/],
    ["0 0 * FOO *", /“FOO” is not a valid month value/],
    ["0 0 * * MON-", /not a valid range/],
    ["30-10 * * * *", /range “30-10” in the minute field runs backwards/],
    ["*/0 * * * *", /step in “\*\/0” must be between 1 and 60/],
    ["*/61 * * * *", /must be between 1 and 60/],
    ["*/x * * * *", /step “x”/],
    ["1,,2 * * * *", /empty list item/],
    ["1/2/3 * * * *", /not a value, range or step/],
    ["-5 * * * *", /not a valid range/],
    ["1.5 * * * *", /not a valid minute value/],
    ["0 9 31 2 *", /never occurs in those months/],
    ["0 9 30,31 2 *", /never occurs/],
    ["0 9 31 4,6,9,11 *", /never occurs/],
    ["@reboot", /macro @reboot is not supported/],
  ];
  for (const [expression, message] of bad) {
    it(`rejects ${JSON.stringify(expression)}`, () => {
      expect(isValidCron(expression)).toBe(false);
      try {
        parseCron(expression);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidScheduleError);
        expect(error).toBeInstanceOf(ValidationError);
        const e = error as InvalidScheduleError;
        expect(e.reason).toBe("invalid_cron");
        expect(e.field).toBe("expression");
        expect(e.userMessage).toMatch(message);
        expect(e.userMessage).toContain("minute hour day-of-month month day-of-week");
      }
    });
  }

  it("accepts 29 February (leap years) and an impossible day when the weekday field rescues it", () => {
    expect(isValidCron("0 9 29 2 *")).toBe(true);
    expect(isValidCron("0 9 31 2 1")).toBe(true); // day-of-month OR Monday: fires on Mondays in February
  });
});

describe("cronMatchesDate: Vixie day rules", () => {
  // 2026-06-01 is a Monday; 2026-06-02 a Tuesday; 2026-06-03 a Wednesday.
  it("both day fields restricted: either matches", () => {
    const cron = parseCron("0 9 1 * 3");
    expect(cronMatchesDate(cron, 6, 1, 1)).toBe(true); // the 1st
    expect(cronMatchesDate(cron, 6, 3, 3)).toBe(true); // a Wednesday
    expect(cronMatchesDate(cron, 6, 2, 2)).toBe(false);
  });

  it("one field starts with *: both must match", () => {
    const cron = parseCron("0 9 */2 * 3"); // odd days that are Wednesdays
    expect(cronMatchesDate(cron, 6, 3, 3)).toBe(true);
    expect(cronMatchesDate(cron, 6, 10, 3)).toBe(false); // even Wednesday
    expect(cronMatchesDate(cron, 6, 1, 1)).toBe(false); // odd Monday
  });

  it("respects the month field", () => {
    expect(cronMatchesDate(parseCron("0 9 * 3 *"), 4, 1, 3)).toBe(false);
  });

  it("drives occurrence generation (0 9 1 * 3 in June 2026, UTC)", () => {
    const rule = { recurrence: { kind: "cron" as const, expression: "0 9 1 * 3" }, timeZone: "UTC" };
    const dates = occurrencesBetween(rule, utc("2026-06-01T00:00:00Z"), utc("2026-07-01T23:59:00Z")).map(
      (o) => o.localDue.slice(0, 10),
    );
    expect(dates).toEqual([
      "2026-06-01",
      "2026-06-03",
      "2026-06-10",
      "2026-06-17",
      "2026-06-24",
      "2026-07-01",
    ]);
  });
});
