import { TZDate } from "@date-fns/tz";
import { describe, expect, it } from "vitest";
import {
  assertTimeZone,
  canonicalTimeZone,
  InvalidScheduleError,
  isValidTimeZone,
  localDateOf,
  localDateTimeOf,
  resolveLocalDateTime,
} from "../../../../src/domain/schedule/index.js";
import { utc, wallClock } from "./wall-clock.js";

describe("what TZDate's constructor does with nonexistent and ambiguous local times (why we do not use it)", () => {
  // If one of these starts failing, @date-fns/tz changed behaviour: re-read time-zones.ts.
  it("shifts a nonexistent time forward by the size of the gap (02:30 → 03:30), not to the gap's end", () => {
    const t = new TZDate(2026, 2, 29, 2, 30, "Europe/Berlin");
    expect(new Date(t.getTime()).toISOString()).toBe("2026-03-29T01:30:00.000Z"); // 03:30 CEST
    const chatham = new TZDate(2026, 8, 27, 3, 15, "Pacific/Chatham");
    expect(new Date(chatham.getTime()).toISOString()).toBe("2026-09-26T14:30:00.000Z"); // 04:15 CHADT
  });

  it("resolves an ambiguous time inconsistently: the second instant in Berlin, the first in New York", () => {
    const berlin = new TZDate(2026, 9, 25, 2, 30, "Europe/Berlin");
    expect(new Date(berlin.getTime()).toISOString()).toBe("2026-10-25T01:30:00.000Z"); // 02:30 CET (second)
    const newYork = new TZDate(2026, 10, 1, 1, 30, "America/New_York");
    expect(new Date(newYork.getTime()).toISOString()).toBe("2026-11-01T05:30:00.000Z"); // 01:30 EDT (first)
  });
});

describe("resolveLocalDateTime", () => {
  const cases: [string, string, string, string][] = [
    // [zone, local, expected instant, why]
    ["Europe/Berlin", "2026-03-28T09:00", "2026-03-28T08:00:00.000Z", "CET, +01:00"],
    ["Europe/Berlin", "2026-03-29T09:00", "2026-03-29T07:00:00.000Z", "CEST, +02:00"],
    ["Europe/Berlin", "2026-03-29T01:59", "2026-03-29T00:59:00.000Z", "last minute before the gap"],
    ["Europe/Berlin", "2026-03-29T02:00", "2026-03-29T01:00:00.000Z", "gap start → 03:00 CEST"],
    ["Europe/Berlin", "2026-03-29T02:30", "2026-03-29T01:00:00.000Z", "in the gap → 03:00 CEST"],
    ["Europe/Berlin", "2026-03-29T02:59", "2026-03-29T01:00:00.000Z", "gap end → 03:00 CEST"],
    ["Europe/Berlin", "2026-03-29T03:00", "2026-03-29T01:00:00.000Z", "first valid minute"],
    ["Europe/Berlin", "2026-10-25T01:59", "2026-10-24T23:59:00.000Z", "before the overlap"],
    ["Europe/Berlin", "2026-10-25T02:00", "2026-10-25T00:00:00.000Z", "overlap start, first = CEST"],
    ["Europe/Berlin", "2026-10-25T02:30", "2026-10-25T00:30:00.000Z", "overlap, first = CEST"],
    ["Europe/Berlin", "2026-10-25T03:00", "2026-10-25T02:00:00.000Z", "after the overlap, CET"],
    ["America/New_York", "2026-03-08T02:30", "2026-03-08T07:00:00.000Z", "gap → 03:00 EDT"],
    ["America/New_York", "2026-11-01T01:30", "2026-11-01T05:30:00.000Z", "overlap, first = EDT"],
    ["Australia/Lord_Howe", "2026-10-04T02:00", "2026-10-03T15:30:00.000Z", "30-min gap → 02:30 +11:00"],
    ["Australia/Lord_Howe", "2026-10-04T02:29", "2026-10-03T15:30:00.000Z", "30-min gap → 02:30 +11:00"],
    ["Australia/Lord_Howe", "2026-10-04T02:30", "2026-10-03T15:30:00.000Z", "first valid minute"],
    ["Australia/Lord_Howe", "2026-04-05T01:45", "2026-04-04T14:45:00.000Z", "30-min overlap, first = +11:00"],
    ["Australia/Lord_Howe", "2026-04-05T02:00", "2026-04-04T15:30:00.000Z", "after the overlap, +10:30"],
    ["Pacific/Chatham", "2026-09-27T02:45", "2026-09-26T14:00:00.000Z", "gap → 03:45 +13:45"],
    ["Pacific/Chatham", "2026-09-27T03:44", "2026-09-26T14:00:00.000Z", "gap → 03:45 +13:45"],
    ["Pacific/Chatham", "2026-04-05T03:00", "2026-04-04T13:15:00.000Z", "overlap, first = +13:45"],
    ["Pacific/Chatham", "2026-04-05T03:45", "2026-04-04T15:00:00.000Z", "after the overlap, +12:45"],
    ["Asia/Kolkata", "2026-03-29T09:00", "2026-03-29T03:30:00.000Z", "+05:30 all year"],
    ["America/Sao_Paulo", "2026-11-01T00:00", "2026-11-01T03:00:00.000Z", "−03:00, no DST any more"],
  ];
  for (const [zone, local, expected, why] of cases) {
    it(`${zone} ${local} → ${expected} (${why})`, () => {
      expect(resolveLocalDateTime(local, zone).toISOString()).toBe(expected);
    });
  }

  it("rejects malformed input and unknown zones", () => {
    expect(() => resolveLocalDateTime("2026-03-29 09:00", "Europe/Berlin")).toThrow(InvalidScheduleError);
    expect(() => resolveLocalDateTime("2026-02-30T09:00", "Europe/Berlin")).toThrow(InvalidScheduleError);
    expect(() => resolveLocalDateTime("2026-03-29T09:00", "Mars/Olympus")).toThrow(InvalidScheduleError);
  });
});

describe("localDateTimeOf / localDateOf", () => {
  it("reads the wall clock in the zone, agreeing with Intl", () => {
    const instants = [
      "2026-03-29T00:59:59Z",
      "2026-03-29T01:00:00Z",
      "2026-10-25T00:30:00Z",
      "2026-10-25T01:30:00Z",
    ];
    for (const zone of ["Europe/Berlin", "Australia/Lord_Howe", "Pacific/Chatham", "America/St_Johns"]) {
      for (const iso of instants) expect(localDateTimeOf(utc(iso), zone)).toBe(wallClock(utc(iso), zone));
    }
  });

  it("gives different dates for the same instant in different zones", () => {
    const instant = utc("2026-03-28T23:30:00Z");
    expect(localDateOf(instant, "Europe/Berlin")).toBe("2026-03-29");
    expect(localDateOf(instant, "America/New_York")).toBe("2026-03-28");
    expect(localDateOf(utc("2026-12-31T10:15:00Z"), "Pacific/Kiritimati")).toBe("2027-01-01"); // +14:00
  });

  it("drops seconds rather than rounding", () => {
    expect(localDateTimeOf(utc("2026-06-01T07:00:59.999Z"), "Europe/Berlin")).toBe("2026-06-01T09:00");
  });

  it("rejects an invalid Date", () => {
    expect(() => localDateOf(new Date(Number.NaN), "Europe/Berlin")).toThrow(RangeError);
  });
});

describe("isValidTimeZone", () => {
  it.each([
    "Europe/Berlin",
    "America/Sao_Paulo",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Asia/Kolkata",
    "UTC",
    "Etc/GMT+5",
  ])("accepts %s", (zone) => {
    expect(isValidTimeZone(zone)).toBe(true);
  });

  it.each([
    "",
    "Mars/Olympus",
    "Europe/Berlinn",
    "+05:30",
    "-03:00",
    "0530",
    " Europe/Berlin",
    "Europe/Berlin ",
  ])("rejects %j", (zone) => {
    expect(isValidTimeZone(zone)).toBe(false);
  });

  it("assertTimeZone throws a typed error naming the zone", () => {
    try {
      assertTimeZone("Mars/Olympus");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidScheduleError);
      const e = error as InvalidScheduleError;
      expect(e.code).toBe("validation");
      expect(e.reason).toBe("invalid_time_zone");
      expect(e.fieldErrors).toEqual({ timeZone: e.userMessage });
      expect(e.userMessage).toContain("Mars/Olympus");
    }
  });

  it("canonicalTimeZone returns the runtime's spelling", () => {
    expect(canonicalTimeZone("europe/berlin")).toBe("Europe/Berlin");
    expect(() => canonicalTimeZone("nowhere")).toThrow(InvalidScheduleError);
  });
});
