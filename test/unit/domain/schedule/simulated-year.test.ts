/**
 * A simulated year (local 2026-01-01 00:00 to local 2027-01-01 00:00) of daily and work-week
 * schedules in 14 zones. The expected dates come from plain `Date.UTC` arithmetic and the expected
 * wall clock of each instant from `Intl`, not from the code under test.
 */
import { describe, expect, it } from "vitest";
import {
  type Occurrence,
  occurrenceKey,
  occurrencesBetween,
  type ScheduleRule,
  type WorkCalendar,
} from "../../../../src/domain/schedule/index.js";
import { datesOfYear, offsetMinutes, wallClock } from "./wall-clock.js";

/** UTC offset (minutes) of each zone on 1 January, written down by hand from the tz database. */
const JANUARY_OFFSET: Record<string, number> = {
  "Europe/Berlin": 60,
  "America/New_York": -300,
  "America/Sao_Paulo": -180, // no DST since 2019
  "Asia/Kolkata": 330, // no DST
  "Australia/Lord_Howe": 660, // +11:00 in (southern) summer, +10:30 in winter
  "Pacific/Chatham": 825, // +13:45 in summer, +12:45 in winter
  "Europe/London": 0,
  "America/Los_Angeles": -480,
  "Asia/Tokyo": 540,
  "Africa/Johannesburg": 120,
  "America/St_Johns": -210,
  "Asia/Kathmandu": 345,
  "Pacific/Kiritimati": 840,
  "Pacific/Pago_Pago": -660,
};
const ZONES = Object.keys(JANUARY_OFFSET);

/** Distinct offsets expected during 2026: 1 for zones without DST, 2 for zones with DST. */
const DISTINCT_OFFSETS_2026: Record<string, number> = {
  "Europe/Berlin": 2,
  "America/New_York": 2,
  "America/Sao_Paulo": 1,
  "Asia/Kolkata": 1,
  "Australia/Lord_Howe": 2,
  "Pacific/Chatham": 2,
  "Europe/London": 2,
  "America/Los_Angeles": 2,
  "Asia/Tokyo": 1,
  "Africa/Johannesburg": 1,
  "America/St_Johns": 2,
  "Asia/Kathmandu": 1,
  "Pacific/Kiritimati": 1,
  "Pacific/Pago_Pago": 1,
};

function localMidnightJan1(year: number, zone: string): Date {
  return new Date(Date.UTC(year, 0, 1) - (JANUARY_OFFSET[zone] ?? Number.NaN) * 60_000);
}

const HOLIDAYS_2026 = [
  "2026-01-01",
  "2026-04-03",
  "2026-05-01",
  "2026-10-03",
  "2026-12-24",
  "2026-12-25",
  "2026-12-31",
];
const TUESDAY_TO_SATURDAY: WorkCalendar = { workDays: [2, 3, 4, 5, 6], holidays: HOLIDAYS_2026 };
const YEAR = datesOfYear(2026);

function yearOf(rule: ScheduleRule, calendar?: WorkCalendar): Occurrence[] {
  const from = localMidnightJan1(2026, rule.timeZone);
  const to = localMidnightJan1(2027, rule.timeZone);
  return occurrencesBetween(rule, from, to, calendar ? { calendar } : {});
}

function expectWellFormed(occurrences: Occurrence[], zone: string, expectedLocal: string[]): void {
  expect(occurrences.map((o) => o.localDue)).toEqual(expectedLocal);
  for (const o of occurrences) expect(wallClock(o.dueAt, zone)).toBe(o.localDue);
  for (let i = 1; i < occurrences.length; i++) {
    expect(occurrences[i]!.dueAt.getTime()).toBeGreaterThan(occurrences[i - 1]!.dueAt.getTime());
  }
  expect(new Set(occurrences.map((o) => occurrenceKey("s1", o.localDue))).size).toBe(occurrences.length);
}

describe("a simulated year in 14 zones", () => {
  for (const zone of ZONES) {
    describe(zone, () => {
      for (const time of ["09:00", "00:30", "23:45"]) {
        it(`daily at ${time}: 365 occurrences, each at ${time} local`, () => {
          const occurrences = yearOf({
            recurrence: { kind: "weekly", days: [0, 1, 2, 3, 4, 5, 6], time },
            timeZone: zone,
          });
          expect(occurrences).toHaveLength(365);
          expectWellFormed(
            occurrences,
            zone,
            YEAR.map((d) => `${d.date}T${time}`),
          );
        });

        it(`Mon–Fri at ${time} filtered by a Tue–Sat work week and holidays`, () => {
          const occurrences = yearOf(
            { recurrence: { kind: "weekly", days: [1, 2, 3, 4, 5], time }, timeZone: zone },
            TUESDAY_TO_SATURDAY,
          );
          const expected = YEAR.filter(
            (d) => d.weekday >= 2 && d.weekday <= 5 && !HOLIDAYS_2026.includes(d.date),
          ).map((d) => `${d.date}T${time}`);
          // 2026 has 52 Tuesdays, 52 Wednesdays, 53 Thursdays and 52 Fridays = 209 days, minus the
          // holidays on Tue–Fri (Jan 1 Thu, Apr 3 Fri, May 1 Fri, Dec 24 Thu, Dec 25 Fri, Dec 31 Thu).
          expect(expected).toHaveLength(209 - 6);
          expectWellFormed(occurrences, zone, expected);
        });
      }

      it("cron 15 8,17 * * 2-6 (twice a day, Tue–Sat)", () => {
        const occurrences = yearOf({
          recurrence: { kind: "cron", expression: "15 8,17 * * 2-6" },
          timeZone: zone,
        });
        const expected = YEAR.filter((d) => d.weekday >= 2).flatMap((d) => [
          `${d.date}T08:15`,
          `${d.date}T17:15`,
        ]);
        expectWellFormed(occurrences, zone, expected);
      });

      it(`has ${DISTINCT_OFFSETS_2026[zone]} distinct UTC offset(s) over the year`, () => {
        const occurrences = yearOf({
          recurrence: { kind: "weekly", days: [0, 1, 2, 3, 4, 5, 6], time: "12:00" },
          timeZone: zone,
        });
        const offsets = new Set(occurrences.map((o) => offsetMinutes(o.dueAt, zone)));
        expect(offsets.size).toBe(DISTINCT_OFFSETS_2026[zone]);
        expect(offsets.has(JANUARY_OFFSET[zone]!)).toBe(true);
      });
    });
  }
});

/**
 * Daily rules at times that fall into a DST gap or overlap once a year. Every other day the local
 * wall clock equals the rule's time; on the gap day it is the end of the gap, and on the overlap day
 * the instant is the FIRST one. Instants computed by hand from the zones' 2026 transitions.
 */
const DST_YEAR_CASES: {
  zone: string;
  time: string;
  specials: { date: string; dueAt: string; wall: string }[];
}[] = [
  {
    zone: "Europe/Berlin",
    time: "02:30",
    specials: [
      // 2026-03-29 02:00 CET → 03:00 CEST at 01:00Z: 02:30 does not exist → 03:00 CEST.
      { date: "2026-03-29", dueAt: "2026-03-29T01:00:00Z", wall: "03:00" },
      // 2026-10-25 03:00 CEST → 02:00 CET at 01:00Z: 02:30 happens twice → first, 02:30 CEST = 00:30Z.
      { date: "2026-10-25", dueAt: "2026-10-25T00:30:00Z", wall: "02:30" },
    ],
  },
  {
    zone: "Europe/Berlin",
    time: "02:59",
    specials: [
      { date: "2026-03-29", dueAt: "2026-03-29T01:00:00Z", wall: "03:00" },
      { date: "2026-10-25", dueAt: "2026-10-25T00:59:00Z", wall: "02:59" },
    ],
  },
  // New York: 2026-03-08 02:00 EST → 03:00 EDT at 07:00Z.
  {
    zone: "America/New_York",
    time: "02:30",
    specials: [{ date: "2026-03-08", dueAt: "2026-03-08T07:00:00Z", wall: "03:00" }],
  },
  // New York: 2026-11-01 02:00 EDT → 01:00 EST at 06:00Z; 01:30 EDT = 05:30Z.
  {
    zone: "America/New_York",
    time: "01:30",
    specials: [{ date: "2026-11-01", dueAt: "2026-11-01T05:30:00Z", wall: "01:30" }],
  },
  // Lord Howe: 2026-10-04 02:00 (+10:30) → 02:30 (+11:00) at 2026-10-03T15:30Z.
  {
    zone: "Australia/Lord_Howe",
    time: "02:15",
    specials: [{ date: "2026-10-04", dueAt: "2026-10-03T15:30:00Z", wall: "02:30" }],
  },
  // Lord Howe: 2026-04-05 02:00 (+11:00) → 01:30 (+10:30) at 2026-04-04T15:00Z; 01:45 +11:00 = 14:45Z.
  {
    zone: "Australia/Lord_Howe",
    time: "01:45",
    specials: [{ date: "2026-04-05", dueAt: "2026-04-04T14:45:00Z", wall: "01:45" }],
  },
  {
    zone: "Pacific/Chatham",
    time: "03:15",
    specials: [
      // 2026-04-05 03:45 (+13:45) → 02:45 (+12:45) at 2026-04-04T14:00Z; 03:15 +13:45 = 13:30Z.
      { date: "2026-04-05", dueAt: "2026-04-04T13:30:00Z", wall: "03:15" },
      // 2026-09-27 02:45 (+12:45) → 03:45 (+13:45) at 2026-09-26T14:00Z.
      { date: "2026-09-27", dueAt: "2026-09-26T14:00:00Z", wall: "03:45" },
    ],
  },
  // London: 2026-03-29 01:00 GMT → 02:00 BST at 01:00Z; 2026-10-25 02:00 BST → 01:00 GMT at 01:00Z.
  {
    zone: "Europe/London",
    time: "01:30",
    specials: [
      { date: "2026-03-29", dueAt: "2026-03-29T01:00:00Z", wall: "02:00" },
      { date: "2026-10-25", dueAt: "2026-10-25T00:30:00Z", wall: "01:30" },
    ],
  },
  // St John's: 2026-03-08 02:00 NST (−3:30) → 03:00 NDT (−2:30) at 05:30Z;
  // 2026-11-01 02:00 NDT → 01:00 NST at 04:30Z, so 01:30 NDT = 04:00Z.
  {
    zone: "America/St_Johns",
    time: "01:30",
    specials: [{ date: "2026-11-01", dueAt: "2026-11-01T04:00:00Z", wall: "01:30" }],
  },
  {
    zone: "America/St_Johns",
    time: "02:30",
    specials: [{ date: "2026-03-08", dueAt: "2026-03-08T05:30:00Z", wall: "03:00" }],
  },
];

describe("a simulated year at times hit by DST", () => {
  for (const { zone, time, specials } of DST_YEAR_CASES) {
    it(`${zone} daily at ${time}: once a day; ${specials.map((x) => `${x.date} at ${x.dueAt}`).join(", ")}`, () => {
      const occurrences = yearOf({
        recurrence: { kind: "weekly", days: [0, 1, 2, 3, 4, 5, 6], time },
        timeZone: zone,
      });
      expect(occurrences.map((o) => o.localDue)).toEqual(YEAR.map((d) => `${d.date}T${time}`));
      for (let i = 1; i < occurrences.length; i++) {
        expect(occurrences[i]!.dueAt.getTime()).toBeGreaterThan(occurrences[i - 1]!.dueAt.getTime());
      }
      for (const o of occurrences) {
        const special = specials.find((x) => o.localDue.startsWith(x.date));
        expect(wallClock(o.dueAt, zone)).toBe(special ? `${special.date}T${special.wall}` : o.localDue);
        if (special) expect(o.dueAt.toISOString()).toBe(new Date(special.dueAt).toISOString());
      }
    });
  }
});
