/**
 * Local (wall-clock) calendar values: dates, times of day and weekdays, with no time zone attached.
 * They are plain strings so they store, compare and log as-is:
 *
 * - {@link LocalDate}: `"YYYY-MM-DD"`. Two local dates compare correctly with `<` / `>` as strings.
 * - {@link LocalDateTime}: `"YYYY-MM-DDTHH:MM"` (minute precision, no zone, no seconds).
 * - time of day: `"HH:MM"`, 24-hour, always two digits (`"09:05"`, not `"9:5"`).
 *
 * Arithmetic uses "day numbers" (days since 1970-01-01 in the proleptic Gregorian calendar) and
 * `Date.UTC`, which has no time zone and no DST, so it is exact for calendar dates.
 */
import { InvalidScheduleError } from "./errors.js";

/**
 * Day of the week, **0 = Sunday … 6 = Saturday** (the convention of `Date#getDay()` and of cron's
 * day-of-week field). Monday–Friday is `[1, 2, 3, 4, 5]`; Tuesday–Saturday is `[2, 3, 4, 5, 6]`.
 */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** A local calendar date, `"YYYY-MM-DD"`, e.g. `"2026-03-29"`. */
export type LocalDate = string;

/** A local wall-clock date and time to the minute, `"YYYY-MM-DDTHH:MM"`, e.g. `"2026-03-29T09:00"`. */
export type LocalDateTime = string;

/** A parsed `"HH:MM"`. */
export interface TimeOfDay {
  hour: number;
  minute: number;
}

export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)$/;

/** `true` when `value` is a weekday number 0..6 (0 = Sunday). */
export function isWeekday(value: unknown): value is Weekday {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 6;
}

/** `true` for a strict 24-hour `"HH:MM"` (`"00:00"` … `"23:59"`). */
export function isValidTimeOfDay(text: string): boolean {
  return TIME_RE.test(text);
}

/**
 * Parses a strict 24-hour `"HH:MM"`.
 * @throws InvalidScheduleError (`invalid_time`) for anything else, e.g. `"9:00"`, `"24:00"`, `"09:60"`.
 */
export function parseTimeOfDay(text: string, field = "time"): TimeOfDay {
  const match = TIME_RE.exec(text);
  if (!match) {
    throw new InvalidScheduleError(
      "invalid_time",
      field,
      `“${text}” is not a valid time. Use 24-hour HH:MM, for example 09:30 or 17:00.`,
    );
  }
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

/** Number of days in `month` (1..12) of `year` (Gregorian leap years). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Calendar fields of a local date; `month` is 1..12. */
export interface DateFields {
  year: number;
  month: number;
  day: number;
}

function fieldsOf(match: RegExpExecArray): DateFields | null {
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** `true` for an existing calendar date written `"YYYY-MM-DD"` (so `"2026-02-29"` is `false`). */
export function isValidLocalDate(text: string): boolean {
  const match = DATE_RE.exec(text);
  return match !== null && fieldsOf(match) !== null;
}

/**
 * Parses `"YYYY-MM-DD"` into fields.
 * @throws InvalidScheduleError (`invalid_date`) for a malformed or non-existent date.
 */
export function parseLocalDate(text: string, field = "date"): DateFields {
  const match = DATE_RE.exec(text);
  const fields = match ? fieldsOf(match) : null;
  if (!fields) {
    throw new InvalidScheduleError(
      "invalid_date",
      field,
      `“${text}” is not a valid date. Use YYYY-MM-DD, for example 2026-12-24.`,
    );
  }
  return fields;
}

/** `true` for `"YYYY-MM-DDTHH:MM"` naming an existing date and a valid 24-hour time. */
export function isValidLocalDateTime(text: string): boolean {
  const match = DATE_TIME_RE.exec(text);
  return match !== null && fieldsOf(match) !== null;
}

/**
 * Parses `"YYYY-MM-DDTHH:MM"`.
 * @throws InvalidScheduleError (`invalid_date`) when malformed.
 */
export function parseLocalDateTime(text: string, field = "localDue"): DateFields & TimeOfDay {
  const match = DATE_TIME_RE.exec(text);
  const fields = match ? fieldsOf(match) : null;
  if (!match || !fields) {
    throw new InvalidScheduleError(
      "invalid_date",
      field,
      `“${text}” is not a valid local date and time. Use YYYY-MM-DDTHH:MM, for example 2026-03-29T09:00.`,
    );
  }
  return { ...fields, hour: Number(match[4]), minute: Number(match[5]) };
}

/** Days since 1970-01-01 of a calendar date (negative before 1970). */
export function dayNumberOf(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** Calendar fields and weekday of a day number (inverse of {@link dayNumberOf}). */
export function fieldsOfDayNumber(dayNumber: number): DateFields & { weekday: Weekday } {
  const date = new Date(dayNumber * DAY_MS);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    weekday: date.getUTCDay() as Weekday,
  };
}

/** Weekday (0 = Sunday) of a valid `"YYYY-MM-DD"`; `weekdayOf("2026-03-29")` is `0` (a Sunday). */
export function weekdayOf(localDate: LocalDate): Weekday {
  const { year, month, day } = parseLocalDate(localDate);
  return fieldsOfDayNumber(dayNumberOf(year, month, day)).weekday;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `formatLocalDate(2026, 3, 9)` is `"2026-03-09"`. */
export function formatLocalDate(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, "0")}-${pad2(month)}-${pad2(day)}`;
}

/** `formatTimeOfDay(9, 5)` is `"09:05"`. */
export function formatTimeOfDay(hour: number, minute: number): string {
  return `${pad2(hour)}:${pad2(minute)}`;
}

const WEEKDAY_SHORT = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const MONTH_SHORT = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
] as const;

/**
 * The one date style for people: "2026-12-02" → "Wed 2 Dec". The year is added only when it
 * differs from `today`'s ("Fri 8 Jan 2027" read on 2 Dec 2026); without `today`, no year.
 * Anything that isn't a valid YYYY-MM-DD date is returned unchanged.
 */
export function formatDayForPeople(localDate: string, today?: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(localDate);
  if (!m) return localDate;
  let weekday: Weekday;
  try {
    weekday = weekdayOf(localDate);
  } catch {
    return localDate;
  }
  const base = `${WEEKDAY_SHORT[weekday]} ${Number(m[3])} ${MONTH_SHORT[Number(m[2]) - 1]}`;
  return today && today.slice(0, 4) !== m[1] ? `${base} ${m[1]}` : base;
}
