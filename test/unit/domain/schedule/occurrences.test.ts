import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_GRACE_MS,
  decideMissed,
  graceMsOf,
  InvalidScheduleError,
  nextOccurrence,
  type Occurrence,
  occurrenceKey,
  occurrencesBetween,
  type ScheduleRule,
  type Weekday,
} from "../../../../src/domain/schedule/index.js";
import { utc, wallClock } from "./wall-clock.js";

const ALL_DAYS: Weekday[] = [0, 1, 2, 3, 4, 5, 6];

function daily(time: string, timeZone: string, extra: Partial<ScheduleRule> = {}): ScheduleRule {
  return { recurrence: { kind: "weekly", days: ALL_DAYS, time }, timeZone, ...extra };
}

function plain(occurrences: Occurrence[]): [string, string][] {
  return occurrences.map((o) => [o.localDue, o.dueAt.toISOString()]);
}

/** Occurrences of a daily rule on the two days around a transition. */
function around(rule: ScheduleRule, fromIso: string, toIso: string): [string, string][] {
  return plain(occurrencesBetween(rule, utc(fromIso), utc(toIso)));
}

describe("09:00 fires at 09:00 local on both sides of a DST change", () => {
  it("Europe/Berlin, spring forward 2026-03-29", () => {
    expect(around(daily("09:00", "Europe/Berlin"), "2026-03-27T12:00Z", "2026-03-30T00:00Z")).toEqual([
      ["2026-03-28T09:00", "2026-03-28T08:00:00.000Z"],
      ["2026-03-29T09:00", "2026-03-29T07:00:00.000Z"],
    ]);
  });

  it("Europe/Berlin, fall back 2026-10-25", () => {
    expect(around(daily("09:00", "Europe/Berlin"), "2026-10-23T12:00Z", "2026-10-26T00:00Z")).toEqual([
      ["2026-10-24T09:00", "2026-10-24T07:00:00.000Z"],
      ["2026-10-25T09:00", "2026-10-25T08:00:00.000Z"],
    ]);
  });

  it("America/New_York, spring forward 2026-03-08 and fall back 2026-11-01", () => {
    expect(around(daily("09:00", "America/New_York"), "2026-03-07T00:00Z", "2026-03-09T00:00Z")).toEqual([
      ["2026-03-07T09:00", "2026-03-07T14:00:00.000Z"],
      ["2026-03-08T09:00", "2026-03-08T13:00:00.000Z"],
    ]);
    expect(around(daily("09:00", "America/New_York"), "2026-10-31T00:00Z", "2026-11-02T00:00Z")).toEqual([
      ["2026-10-31T09:00", "2026-10-31T13:00:00.000Z"],
      ["2026-11-01T09:00", "2026-11-01T14:00:00.000Z"],
    ]);
  });

  it("Australia/Lord_Howe (half-hour DST), fall back 2026-04-05 and spring forward 2026-10-04", () => {
    expect(around(daily("09:00", "Australia/Lord_Howe"), "2026-04-03T00:00Z", "2026-04-05T00:00Z")).toEqual([
      ["2026-04-04T09:00", "2026-04-03T22:00:00.000Z"], // +11:00
      ["2026-04-05T09:00", "2026-04-04T22:30:00.000Z"], // +10:30
    ]);
    expect(around(daily("09:00", "Australia/Lord_Howe"), "2026-10-02T00:00Z", "2026-10-04T00:00Z")).toEqual([
      ["2026-10-03T09:00", "2026-10-02T22:30:00.000Z"], // +10:30
      ["2026-10-04T09:00", "2026-10-03T22:00:00.000Z"], // +11:00
    ]);
  });

  it("Pacific/Chatham (+13:45/+12:45), fall back 2026-04-05 and spring forward 2026-09-27", () => {
    expect(around(daily("09:00", "Pacific/Chatham"), "2026-04-03T00:00Z", "2026-04-05T00:00Z")).toEqual([
      ["2026-04-04T09:00", "2026-04-03T19:15:00.000Z"],
      ["2026-04-05T09:00", "2026-04-04T20:15:00.000Z"],
    ]);
    expect(around(daily("09:00", "Pacific/Chatham"), "2026-09-25T00:00Z", "2026-09-27T00:00Z")).toEqual([
      ["2026-09-26T09:00", "2026-09-25T20:15:00.000Z"],
      ["2026-09-27T09:00", "2026-09-26T19:15:00.000Z"],
    ]);
  });
});

describe("a nonexistent local time fires once, at the next valid minute", () => {
  const cases: [string, string, string, string, string][] = [
    // zone, time, day, expected instant, expected wall clock
    ["Europe/Berlin", "02:30", "2026-03-29", "2026-03-29T01:00:00.000Z", "2026-03-29T03:00"],
    ["America/New_York", "02:30", "2026-03-08", "2026-03-08T07:00:00.000Z", "2026-03-08T03:00"],
    ["Australia/Lord_Howe", "02:15", "2026-10-04", "2026-10-03T15:30:00.000Z", "2026-10-04T02:30"],
    ["Pacific/Chatham", "03:00", "2026-09-27", "2026-09-26T14:00:00.000Z", "2026-09-27T03:45"],
  ];
  for (const [zone, time, day, instant, wall] of cases) {
    it(`${zone} ${day} ${time} → ${instant} (${wall.slice(11)} local)`, () => {
      const rule = daily(time, zone);
      const dayBefore = new Date(Date.parse(`${day}T12:00:00Z`) - 2 * 86_400_000);
      const dayAfter = new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000);
      const matches = occurrencesBetween(rule, dayBefore, dayAfter).filter((o) => o.localDue.startsWith(day));
      expect(plain(matches)).toEqual([[`${day}T${time}`, instant]]);
      expect(wallClock(matches[0]!.dueAt, zone)).toBe(wall);
    });
  }

  it("nextOccurrence just before the gap finds it, and just after skips to the next day", () => {
    const rule = daily("02:30", "Europe/Berlin");
    expect(plain([nextOccurrence(rule, utc("2026-03-29T00:59:59.999Z"))!])).toEqual([
      ["2026-03-29T02:30", "2026-03-29T01:00:00.000Z"],
    ]);
    expect(plain([nextOccurrence(rule, utc("2026-03-29T01:00:00.000Z"))!])).toEqual([
      ["2026-03-30T02:30", "2026-03-30T00:30:00.000Z"],
    ]);
  });

  it("cron times collapsed by a gap fire once, as the earliest nominal time (Berlin */30 01-03h)", () => {
    const rule: ScheduleRule = {
      recurrence: { kind: "cron", expression: "*/30 1-3 * * *" },
      timeZone: "Europe/Berlin",
    };
    expect(around(rule, "2026-03-28T23:59Z", "2026-03-29T03:00Z")).toEqual([
      ["2026-03-29T01:00", "2026-03-29T00:00:00.000Z"],
      ["2026-03-29T01:30", "2026-03-29T00:30:00.000Z"],
      ["2026-03-29T02:00", "2026-03-29T01:00:00.000Z"], // 02:00, 02:30 and 03:00 all mean 01:00Z
      ["2026-03-29T03:30", "2026-03-29T01:30:00.000Z"],
    ]);
  });

  it("a rule at the gap's first valid minute keeps its own local time (Berlin 03:00)", () => {
    expect(around(daily("03:00", "Europe/Berlin"), "2026-03-28T12:00Z", "2026-03-29T12:00Z")).toEqual([
      ["2026-03-29T03:00", "2026-03-29T01:00:00.000Z"],
    ]);
  });
});

describe("an ambiguous local time fires once, at the first instant", () => {
  const cases: [string, string, string, string, string][] = [
    // zone, time, day, first instant, second instant (must NOT fire)
    ["Europe/Berlin", "02:30", "2026-10-25", "2026-10-25T00:30:00.000Z", "2026-10-25T01:30:00.000Z"],
    ["America/New_York", "01:30", "2026-11-01", "2026-11-01T05:30:00.000Z", "2026-11-01T06:30:00.000Z"],
    ["Australia/Lord_Howe", "01:45", "2026-04-05", "2026-04-04T14:45:00.000Z", "2026-04-04T15:15:00.000Z"],
    ["Pacific/Chatham", "03:00", "2026-04-05", "2026-04-04T13:15:00.000Z", "2026-04-04T14:15:00.000Z"],
  ];
  for (const [zone, time, day, first, second] of cases) {
    it(`${zone} ${day} ${time} → ${first}, not again at ${second}`, () => {
      const rule = daily(time, zone);
      // Both instants do carry the same wall clock: the time really is ambiguous.
      expect(wallClock(utc(first), zone)).toBe(`${day}T${time}`);
      expect(wallClock(utc(second), zone)).toBe(`${day}T${time}`);
      const window = occurrencesBetween(rule, new Date(Date.parse(first) - 86_400_000), utc(second));
      expect(plain(window.filter((o) => o.localDue.startsWith(day)))).toEqual([[`${day}T${time}`, first]]);
      // Asking during the repeated hour, after the first firing, moves on to the next day.
      const next = nextOccurrence(rule, new Date(Date.parse(first) + 1));
      expect(next?.localDue.startsWith(day)).toBe(false);
      expect(next!.dueAt.getTime()).toBeGreaterThan(Date.parse(second));
    });
  }

  it("cron during Berlin's repeated hour: nothing fires in the second pass", () => {
    const rule: ScheduleRule = {
      recurrence: { kind: "cron", expression: "*/30 * * * *" },
      timeZone: "Europe/Berlin",
    };
    expect(around(rule, "2026-10-24T23:45Z", "2026-10-25T02:30Z")).toEqual([
      ["2026-10-25T02:00", "2026-10-25T00:00:00.000Z"],
      ["2026-10-25T02:30", "2026-10-25T00:30:00.000Z"],
      ["2026-10-25T03:00", "2026-10-25T02:00:00.000Z"], // 01:00Z and 01:30Z (02:xx CET) skipped
      ["2026-10-25T03:30", "2026-10-25T02:30:00.000Z"],
    ]);
  });
});

describe("occurrencesBetween window and rule bounds", () => {
  const rule = daily("09:00", "Europe/Berlin");

  it("excludes `from` and includes `to`", () => {
    const at = utc("2026-06-10T07:00:00Z"); // 09:00 CEST
    expect(occurrencesBetween(rule, at, utc("2026-06-10T23:00:00Z"))).toEqual([]);
    expect(plain(occurrencesBetween(rule, utc("2026-06-09T07:00:00Z"), at))).toEqual([
      ["2026-06-10T09:00", "2026-06-10T07:00:00.000Z"],
    ]);
  });

  it("consecutive windows neither miss nor repeat an occurrence", () => {
    const cut = utc("2026-06-10T07:00:00Z");
    const whole = occurrencesBetween(rule, utc("2026-06-01T00:00:00Z"), utc("2026-06-20T00:00:00Z"));
    const a = occurrencesBetween(rule, utc("2026-06-01T00:00:00Z"), cut);
    const b = occurrencesBetween(rule, cut, utc("2026-06-20T00:00:00Z"));
    expect([...a, ...b]).toEqual(whole);
    expect(whole).toHaveLength(19);
  });

  it("returns nothing for an empty or reversed window", () => {
    expect(occurrencesBetween(rule, utc("2026-06-10T00:00:00Z"), utc("2026-06-10T00:00:00Z"))).toEqual([]);
    expect(occurrencesBetween(rule, utc("2026-06-11T00:00:00Z"), utc("2026-06-10T00:00:00Z"))).toEqual([]);
  });

  it("treats start and end as inclusive", () => {
    const bounded = daily("09:00", "Europe/Berlin", {
      start: utc("2026-06-10T07:00:00Z"),
      end: utc("2026-06-12T07:00:00Z"),
    });
    expect(
      occurrencesBetween(bounded, utc("2026-06-01T00:00:00Z"), utc("2026-06-30T00:00:00Z")).map(
        (o) => o.localDue,
      ),
    ).toEqual(["2026-06-10T09:00", "2026-06-11T09:00", "2026-06-12T09:00"]);
    expect(nextOccurrence(bounded, utc("2026-01-01T00:00:00Z"))?.localDue).toBe("2026-06-10T09:00");
    expect(nextOccurrence(bounded, utc("2026-06-12T07:00:00Z"))).toBeNull();
    const justAfterStart = daily("09:00", "Europe/Berlin", { start: utc("2026-06-10T07:00:00.001Z") });
    expect(nextOccurrence(justAfterStart, utc("2026-01-01T00:00:00Z"))?.localDue).toBe("2026-06-11T09:00");
  });

  it("filters a weekly rule by a work calendar (Tue–Sat work week, a holiday)", () => {
    const weekdays: ScheduleRule = {
      recurrence: { kind: "weekly", days: [1, 2, 3, 4, 5], time: "09:00" },
      timeZone: "Europe/Berlin",
    };
    const calendar = { workDays: [2, 3, 4, 5, 6] as Weekday[], holidays: ["2026-04-03"] };
    expect(
      occurrencesBetween(weekdays, utc("2026-03-29T00:00:00Z"), utc("2026-04-05T00:00:00Z"), {
        calendar,
      }).map((o) => o.localDue),
    ).toEqual(["2026-03-31T09:00", "2026-04-01T09:00", "2026-04-02T09:00"]);
    // Friday 2026-04-03 is a holiday and Saturday is not in the rule: next after Thursday is Tuesday.
    expect(nextOccurrence(weekdays, utc("2026-04-02T07:00:00Z"), { calendar })?.localDue).toBe(
      "2026-04-07T09:00",
    );
  });

  it("uses the local date in the rule's zone for the calendar (late-evening rule in Pacific/Chatham)", () => {
    // 23:45 Chatham on Tuesday 2026-06-09 is 2026-06-09T11:00Z; the holiday is the local date.
    const rule: ScheduleRule = {
      recurrence: { kind: "weekly", days: [2], time: "23:45" },
      timeZone: "Pacific/Chatham",
    };
    const calendar = { workDays: [2] as Weekday[], holidays: ["2026-06-09"] };
    expect(nextOccurrence(rule, utc("2026-06-08T00:00:00Z"))?.dueAt.toISOString()).toBe(
      "2026-06-09T11:00:00.000Z",
    );
    expect(nextOccurrence(rule, utc("2026-06-08T00:00:00Z"), { calendar })?.localDue).toBe(
      "2026-06-16T23:45",
    );
  });

  it("returns null when the calendar excludes every day the rule fires on", () => {
    const sundays: ScheduleRule = {
      recurrence: { kind: "weekly", days: [0], time: "09:00" },
      timeZone: "UTC",
    };
    const calendar = { workDays: [1, 2, 3, 4, 5] as Weekday[], holidays: [] };
    expect(nextOccurrence(sundays, utc("2026-01-01T00:00:00Z"), { calendar })).toBeNull();
  });
});

describe("nextOccurrence", () => {
  it("is strictly after `after`", () => {
    const rule = daily("09:00", "Asia/Kolkata");
    expect(nextOccurrence(rule, utc("2026-05-01T03:30:00Z"))?.dueAt.toISOString()).toBe(
      "2026-05-02T03:30:00.000Z",
    );
    expect(nextOccurrence(rule, utc("2026-05-01T03:29:59.999Z"))?.dueAt.toISOString()).toBe(
      "2026-05-01T03:30:00.000Z",
    );
  });

  it("finds a rare cron occurrence years ahead (a Sunday 29 February)", () => {
    const rule: ScheduleRule = { recurrence: { kind: "cron", expression: "0 0 29 2 */7" }, timeZone: "UTC" };
    let expected = 0;
    for (let year = 2027; expected === 0; year++) {
      const d = new Date(Date.UTC(year, 1, 29));
      if (d.getUTCMonth() === 1 && d.getUTCDay() === 0) expected = year;
    }
    expect(expected).toBe(2032);
    expect(nextOccurrence(rule, utc("2026-06-01T00:00:00Z"))).toEqual({
      localDue: "2032-02-29T00:00",
      dueAt: utc("2032-02-29T00:00:00Z"),
    });
  });

  it("skips months without the day (cron 0 9 31 * *)", () => {
    const rule: ScheduleRule = {
      recurrence: { kind: "cron", expression: "0 9 31 * *" },
      timeZone: "Asia/Tokyo",
    };
    const found: string[] = [];
    let after = utc("2026-01-01T00:00:00Z");
    for (let i = 0; i < 7; i++) {
      const o = nextOccurrence(rule, after)!;
      found.push(o.localDue.slice(0, 10));
      after = o.dueAt;
    }
    expect(found).toEqual([
      "2026-01-31",
      "2026-03-31",
      "2026-05-31",
      "2026-07-31",
      "2026-08-31",
      "2026-10-31",
      "2026-12-31",
    ]);
  });

  it("chained calls reproduce occurrencesBetween (property, random rules, zones and instants)", () => {
    const zones = [
      "Europe/Berlin",
      "America/New_York",
      "Australia/Lord_Howe",
      "Pacific/Chatham",
      "America/St_Johns",
    ];
    const expressions = ["*/20 1-3 * * *", "30 2 * * 0", "0 0 1,15 * *", "45 23 * * 1-5", "0 9 * * *"];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.constantFrom(...expressions),
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 11, 1) }),
        (zone, expression, startMs) => {
          const rule: ScheduleRule = { recurrence: { kind: "cron", expression }, timeZone: zone };
          const from = new Date(startMs);
          const to = new Date(startMs + 20 * 86_400_000);
          const between = occurrencesBetween(rule, from, to);
          const chained: Occurrence[] = [];
          for (let o = nextOccurrence(rule, from); o && o.dueAt <= to; o = nextOccurrence(rule, o.dueAt)) {
            chained.push(o);
          }
          expect(chained).toEqual(between);
          expect(new Set(between.map((o) => o.localDue)).size).toBe(between.length);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("rejects an invalid rule or Date", () => {
    expect(() => nextOccurrence(daily("9:00", "Europe/Berlin"), utc("2026-01-01T00:00:00Z"))).toThrow(
      InvalidScheduleError,
    );
    expect(() => nextOccurrence(daily("09:00", "Europe/Berlin"), new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe("occurrenceKey", () => {
  it("is the schedule id and the local due time", () => {
    expect(occurrenceKey("standup-42", "2026-03-29T09:00")).toBe("standup-42@2026-03-29T09:00");
  });

  it("is the same for a recomputed occurrence, whatever instant it was computed from", () => {
    const rule = daily("09:00", "Europe/Berlin");
    const a = nextOccurrence(rule, utc("2026-03-28T09:00:00Z"))!;
    const b = occurrencesBetween(rule, utc("2026-03-29T00:00:00Z"), utc("2026-03-30T00:00:00Z"))[0]!;
    expect(occurrenceKey("s", a.localDue)).toBe(occurrenceKey("s", b.localDue));
  });

  it("rejects an empty id or a malformed local time", () => {
    expect(() => occurrenceKey("", "2026-03-29T09:00")).toThrow(InvalidScheduleError);
    expect(() => occurrenceKey("s", "2026-03-29T09:00:00")).toThrow(InvalidScheduleError);
    expect(() => occurrenceKey("s", "2026-03-29T24:00")).toThrow(InvalidScheduleError);
  });
});

describe("decideMissed", () => {
  const occurrence: Occurrence = { localDue: "2026-03-30T11:00", dueAt: utc("2026-03-30T09:00:00Z") };
  const hour = 3_600_000;

  it("runs up to and including the grace boundary, skips one millisecond later", () => {
    expect(decideMissed(occurrence, utc("2026-03-30T09:00:00Z"), 2 * hour)).toEqual({ action: "run" });
    expect(decideMissed(occurrence, utc("2026-03-30T11:00:00.000Z"), 2 * hour)).toEqual({ action: "run" });
    expect(decideMissed(occurrence, utc("2026-03-30T11:00:00.001Z"), 2 * hour)).toEqual({
      action: "skip",
      reason: "missed_beyond_grace",
    });
  });

  it("defaults to a 2 hour grace window", () => {
    expect(DEFAULT_GRACE_MS).toBe(2 * hour);
    expect(decideMissed(occurrence, utc("2026-03-30T11:00:00.000Z"))).toEqual({ action: "run" });
    expect(decideMissed(occurrence, utc("2026-03-30T11:00:00.001Z")).action).toBe("skip");
    expect(graceMsOf({})).toBe(2 * hour);
    expect(graceMsOf({ graceMs: 15 * 60_000 })).toBe(15 * 60_000);
  });

  it("with zero grace only an on-time run runs", () => {
    expect(decideMissed(occurrence, utc("2026-03-30T09:00:00.000Z"), 0).action).toBe("run");
    expect(decideMissed(occurrence, utc("2026-03-30T09:00:00.001Z"), 0).action).toBe("skip");
  });

  it("judges lateness only: a not yet due occurrence is not missed", () => {
    expect(decideMissed(occurrence, utc("2026-03-30T08:00:00Z"), 0)).toEqual({ action: "run" });
  });

  it("rejects a negative or non-finite grace", () => {
    expect(() => decideMissed(occurrence, utc("2026-03-30T09:00:00Z"), -1)).toThrow(InvalidScheduleError);
    expect(() => decideMissed(occurrence, utc("2026-03-30T09:00:00Z"), Number.POSITIVE_INFINITY)).toThrow(
      InvalidScheduleError,
    );
    expect(() => graceMsOf({ graceMs: Number.NaN })).toThrow(InvalidScheduleError);
  });
});
