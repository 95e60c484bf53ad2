import { describe, expect, it } from "vitest";
import {
  createAwayRange,
  createWorkCalendar,
  InvalidScheduleError,
  isAway,
  isHoliday,
  isWorkDay,
  localDateOf,
  MONDAY_TO_FRIDAY,
  shouldPrompt,
  type WorkCalendar,
  weekdayOf,
} from "../../../../src/domain/schedule/index.js";
import { utc } from "./wall-clock.js";

// Week of 2026-03-23: Mon 23, Tue 24, Wed 25, Thu 26, Fri 27, Sat 28, Sun 29.
const tueToSat: WorkCalendar = createWorkCalendar({ workDays: [6, 2, 3, 4, 5, 3], holidays: ["2026-03-26"] });

describe("weekdayOf", () => {
  it("numbers days 0 = Sunday … 6 = Saturday", () => {
    expect(weekdayOf("2026-03-29")).toBe(0);
    expect(weekdayOf("2026-03-23")).toBe(1);
    expect(weekdayOf("2026-03-28")).toBe(6);
    expect(weekdayOf("2028-02-29")).toBe(2);
  });
});

describe("isWorkDay", () => {
  it("follows a Tuesday–Saturday work week", () => {
    expect(tueToSat.workDays).toEqual([2, 3, 4, 5, 6]);
    const week = ["2026-03-23", "2026-03-24", "2026-03-25", "2026-03-27", "2026-03-28", "2026-03-29"];
    expect(week.map((d) => isWorkDay(tueToSat, d))).toEqual([false, true, true, true, true, false]);
  });

  it("excludes holidays even on a work day", () => {
    expect(isHoliday(tueToSat, "2026-03-26")).toBe(true);
    expect(isWorkDay(tueToSat, "2026-03-26")).toBe(false);
    expect(isWorkDay({ workDays: MONDAY_TO_FRIDAY, holidays: [] }, "2026-03-26")).toBe(true);
  });

  it("rejects a malformed or impossible date", () => {
    expect(() => isWorkDay(tueToSat, "2026-3-24")).toThrow(InvalidScheduleError);
    expect(() => isWorkDay(tueToSat, "2026-02-29")).toThrow(InvalidScheduleError);
  });
});

describe("isAway", () => {
  const away = [createAwayRange("2026-08-03", "2026-08-14"), createAwayRange("2026-12-24", "2026-12-24")];

  it("includes both ends of each range", () => {
    expect(isAway(away, "2026-08-02")).toBe(false);
    expect(isAway(away, "2026-08-03")).toBe(true);
    expect(isAway(away, "2026-08-10")).toBe(true);
    expect(isAway(away, "2026-08-14")).toBe(true);
    expect(isAway(away, "2026-08-15")).toBe(false);
    expect(isAway(away, "2026-12-24")).toBe(true);
    expect(isAway(away, "2026-12-25")).toBe(false);
    expect(isAway([], "2026-08-10")).toBe(false);
  });

  it("works across month and year ends", () => {
    expect(isAway([createAwayRange("2026-12-28", "2027-01-05")], "2027-01-02")).toBe(true);
    expect(isAway([createAwayRange("2026-12-28", "2027-01-05")], "2026-11-30")).toBe(false);
  });

  it("createAwayRange rejects a reversed range or a bad date", () => {
    try {
      createAwayRange("2026-08-14", "2026-08-03");
      expect.unreachable();
    } catch (error) {
      expect((error as InvalidScheduleError).reason).toBe("invalid_date_range");
    }
    expect(() => createAwayRange("2026-08-32", "2026-09-01")).toThrow(InvalidScheduleError);
  });
});

describe("shouldPrompt", () => {
  const away = [createAwayRange("2026-03-25", "2026-03-25")];

  it("prompts only on work days that are not holidays and not while the person is away", () => {
    expect(shouldPrompt(tueToSat, away, "2026-03-24")).toBe(true); // Tuesday
    expect(shouldPrompt(tueToSat, away, "2026-03-25")).toBe(false); // away
    expect(shouldPrompt(tueToSat, away, "2026-03-26")).toBe(false); // holiday
    expect(shouldPrompt(tueToSat, away, "2026-03-28")).toBe(true); // Saturday is a work day here
    expect(shouldPrompt(tueToSat, away, "2026-03-23")).toBe(false); // Monday is not
  });

  it("uses the person's own local date: the same instant is Saturday in Berlin, Friday in Los Angeles", () => {
    const now = utc("2026-03-28T06:00:00Z");
    const friToMonOff: WorkCalendar = { workDays: [1, 2, 3, 4, 5], holidays: [] };
    expect(shouldPrompt(friToMonOff, [], localDateOf(now, "Europe/Berlin"))).toBe(false); // Sat 07:00
    expect(shouldPrompt(friToMonOff, [], localDateOf(now, "America/Los_Angeles"))).toBe(true); // Fri 23:00
  });
});

describe("createWorkCalendar", () => {
  it("sorts and de-duplicates holidays", () => {
    expect(
      createWorkCalendar({ workDays: [1], holidays: ["2026-12-25", "2026-01-01", "2026-12-25"] }).holidays,
    ).toEqual(["2026-01-01", "2026-12-25"]);
  });

  it("rejects an empty week, a bad weekday or a bad holiday", () => {
    const reasonOf = (fn: () => unknown): string | undefined => {
      try {
        fn();
      } catch (error) {
        return (error as InvalidScheduleError).reason;
      }
      return undefined;
    };
    expect(reasonOf(() => createWorkCalendar({ workDays: [] }))).toBe("invalid_weekdays");
    expect(reasonOf(() => createWorkCalendar({ workDays: [7] }))).toBe("invalid_weekdays");
    expect(reasonOf(() => createWorkCalendar({ workDays: [1.5] }))).toBe("invalid_weekdays");
    expect(reasonOf(() => createWorkCalendar({ workDays: [1], holidays: ["25.12.2026"] }))).toBe(
      "invalid_date",
    );
  });
});
