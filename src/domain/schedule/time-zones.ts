/**
 * IANA time zones: validation, instant → local wall clock, and local wall clock → instant.
 *
 * The one primitive is `tzOffset(zone, instant)` from `@date-fns/tz` (the zone's UTC offset at an
 * instant, from the runtime's ICU data via `Intl`). Everything else is integer arithmetic on
 * "wall milliseconds": a local date-time written as if it were UTC, e.g. 2026-03-29 09:00 local is
 * `Date.UTC(2026, 2, 29, 9, 0)`. `instant = wall - offset` and `wall = instant + offset(instant)`.
 *
 * Why not `new TZDate(y, m, d, h, min, zone)` for local → instant? We measured it (see
 * `time-zones.test.ts`): for a time that does not exist it shifts forward by the size of the gap
 * (02:30 Berlin on 2026-03-29 becomes 03:30, not 03:00), and for an ambiguous time it picks the
 * first instant in New York but the second one in Berlin, Lord Howe and Chatham. A scheduler needs
 * one documented rule, so {@link resolveLocalDateTime} implements it explicitly:
 *
 * - **Nonexistent time (spring forward)** → the first instant after the gap, i.e. the next valid
 *   local minute. Europe/Berlin, 2026-03-29: clocks jump 02:00 CET → 03:00 CEST at 01:00Z, so
 *   02:00…02:59 do not exist; 02:30 resolves to 01:00Z (= 03:00 CEST). Australia/Lord_Howe,
 *   2026-10-04: 02:00 → 02:30 (+10:30 → +11:00) at 15:30Z on the 3rd; 02:15 resolves to 15:30Z
 *   (= 02:30 local).
 * - **Ambiguous time (fall back)** → the FIRST of the two instants (the one still on summer time).
 *   Europe/Berlin, 2026-10-25: 03:00 CEST → 02:00 CET at 01:00Z, so 02:00…02:59 happen twice;
 *   02:30 resolves to 00:30Z (02:30 CEST), never to 01:30Z (02:30 CET).
 */
import { tzOffset } from "@date-fns/tz";
import { InvalidScheduleError } from "./errors.js";
import {
  DAY_MS,
  formatLocalDate,
  formatTimeOfDay,
  type LocalDate,
  type LocalDateTime,
  MINUTE_MS,
  parseLocalDateTime,
} from "./local-date.js";

/** An IANA time zone name such as `"Europe/Berlin"`; validate with {@link isValidTimeZone}. */
export type TimeZone = string;

const validity = new Map<string, string | null>();

// Intl (and newer Node versions) also accept raw offsets such as "+05:30"; those are not IANA zones
// and have no DST rules, so a schedule must not be stored with one.
const OFFSET_LIKE = /^[+\-\u2212\d]/;

function resolvedZone(zone: string): string | null {
  const cached = validity.get(zone);
  if (cached !== undefined) return cached;
  let resolved: string | null = null;
  if (typeof zone === "string" && zone.trim() === zone && zone !== "" && !OFFSET_LIKE.test(zone)) {
    try {
      resolved = new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
    } catch {
      // RangeError: unknown zone. Reported to the caller as `false` / InvalidScheduleError.
      resolved = null;
    }
  }
  validity.set(zone, resolved);
  return resolved;
}

/**
 * `true` when `zone` is an IANA time zone the runtime knows (`"Europe/Berlin"`, `"UTC"`,
 * `"Asia/Kolkata"`); `false` for unknown names, `""`, and raw offsets like `"+05:30"`.
 * Matching is case-insensitive, as in `Intl` (`"europe/berlin"` is valid; see {@link canonicalTimeZone}).
 */
export function isValidTimeZone(zone: string): boolean {
  return resolvedZone(zone) !== null;
}

/**
 * Throws unless `zone` is valid.
 * @throws InvalidScheduleError (`invalid_time_zone`)
 */
export function assertTimeZone(zone: string, field = "timeZone"): void {
  if (!isValidTimeZone(zone)) {
    throw new InvalidScheduleError(
      "invalid_time_zone",
      field,
      `“${zone}” is not a time zone I know. Use an IANA name such as Europe/Berlin or America/New_York.`,
    );
  }
}

/**
 * The runtime's spelling of a valid zone (`"europe/berlin"` → `"Europe/Berlin"`), to store.
 * @throws InvalidScheduleError (`invalid_time_zone`)
 */
export function canonicalTimeZone(zone: string): TimeZone {
  assertTimeZone(zone);
  return resolvedZone(zone) as string;
}

// tzOffset goes through Intl and dominates profiles of busy paths (a standup report for 300 people
// asks for thousands of offsets). Offsets only change at whole-minute transitions, so one lookup
// per (zone, minute) is exact. Bounded: cleared when it grows past OFFSET_CACHE_MAX entries.
const OFFSET_CACHE_MAX = 50_000;
const offsetCache = new Map<string, number>();

/** UTC offset of `zone` at the instant `ms`, in milliseconds (Berlin in summer: +7_200_000). */
export function offsetMsAt(zone: TimeZone, ms: number): number {
  const key = `${zone}|${Math.floor(ms / MINUTE_MS)}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  const minutes = tzOffset(zone, new Date(ms));
  if (Number.isNaN(minutes)) assertTimeZone(zone);
  const offset = Math.round(minutes * MINUTE_MS);
  if (offsetCache.size >= OFFSET_CACHE_MAX) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

/** Wall milliseconds (local date-time written as UTC) of the instant `ms` in `zone`. */
export function wallMsOf(zone: TimeZone, ms: number): number {
  return ms + offsetMsAt(zone, ms);
}

/**
 * Resolves wall milliseconds to an instant (ms) with the rule described at the top of this file:
 * a unique local time maps to its instant, an ambiguous one to the earlier instant, and a
 * nonexistent one to the end of the gap (the next valid local minute).
 *
 * How: the candidate offsets are the zone's offsets one day before and one day after the wall
 * time read as UTC; that window (±24 h) contains every instant the wall time can denote (offsets
 * are within ±14 h), and real zones never change offset twice in it. A candidate `wall - offset`
 * is valid when the zone really has that offset at that instant.
 */
export function resolveWallMs(zone: TimeZone, wall: number): number {
  const before = offsetMsAt(zone, wall - DAY_MS);
  const after = offsetMsAt(zone, wall + DAY_MS);
  const withBefore = wall - before;
  const withAfter = wall - after;
  const beforeValid = offsetMsAt(zone, withBefore) === before;
  const afterValid = before !== after && offsetMsAt(zone, withAfter) === after;
  if (beforeValid && afterValid) return Math.min(withBefore, withAfter); // ambiguous: first instant
  if (beforeValid) return withBefore;
  if (afterValid) return withAfter;
  if (before === after) return withBefore; // not reachable with real tz data; be total anyway
  // Nonexistent: the transition lies between the two candidates. Example, Berlin 2026-03-29 02:30:
  // before = +1h, after = +2h; withAfter = 00:30Z (offset still +1h), withBefore = 01:30Z (offset
  // already +2h). Bisect to the first instant with the new offset: 01:00Z, i.e. 03:00 CEST.
  let lo = Math.min(withBefore, withAfter);
  let hi = Math.max(withBefore, withAfter);
  const loOffset = offsetMsAt(zone, lo);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetMsAt(zone, mid) === loOffset) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * The instant a local date-time denotes in `zone` (nonexistent → next valid minute, ambiguous →
 * first instant; see the top of this file).
 *
 * @example resolveLocalDateTime("2026-03-29T09:00", "Europe/Berlin") // 2026-03-29T07:00:00.000Z
 * @example resolveLocalDateTime("2026-03-29T02:30", "Europe/Berlin") // 2026-03-29T01:00:00.000Z (03:00 CEST)
 * @example resolveLocalDateTime("2026-10-25T02:30", "Europe/Berlin") // 2026-10-25T00:30:00.000Z (02:30 CEST)
 * @throws InvalidScheduleError for a malformed date-time or an unknown zone.
 */
export function resolveLocalDateTime(localDateTime: LocalDateTime, zone: TimeZone): Date {
  assertTimeZone(zone);
  const { year, month, day, hour, minute } = parseLocalDateTime(localDateTime);
  return new Date(resolveWallMs(zone, Date.UTC(year, month - 1, day, hour, minute)));
}

function assertInstant(instant: Date, name: string): number {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`${name} is an invalid Date`);
  return ms;
}

/**
 * The local wall-clock date and time (to the minute, seconds dropped) of an instant in `zone`.
 * @example localDateTimeOf(new Date("2026-03-29T07:00:00Z"), "Europe/Berlin") // "2026-03-29T09:00"
 * @throws InvalidScheduleError for an unknown zone.
 */
export function localDateTimeOf(instant: Date, zone: TimeZone): LocalDateTime {
  assertTimeZone(zone);
  const wall = new Date(wallMsOf(zone, assertInstant(instant, "instant")));
  return `${formatLocalDate(wall.getUTCFullYear(), wall.getUTCMonth() + 1, wall.getUTCDate())}T${formatTimeOfDay(
    wall.getUTCHours(),
    wall.getUTCMinutes(),
  )}`;
}

/**
 * The local calendar date of an instant in `zone`: what a person there would call "today".
 * @example localDateOf(new Date("2026-03-28T23:30:00Z"), "Europe/Berlin")   // "2026-03-29" (00:30 CET)
 * @example localDateOf(new Date("2026-03-28T23:30:00Z"), "America/New_York") // "2026-03-28"
 * @throws InvalidScheduleError for an unknown zone.
 */
export function localDateOf(instant: Date, zone: TimeZone): LocalDate {
  return localDateTimeOf(instant, zone).slice(0, 10);
}
