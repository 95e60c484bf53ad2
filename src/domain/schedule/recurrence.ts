/**
 * Schedule rules: WHEN something recurs (a weekly pattern or a cron expression), in WHICH time
 * zone, between which instants, and how late a missed run may still happen.
 *
 * Times in a rule are local wall-clock times of `timeZone`: a weekly rule at "09:00" in
 * Europe/Berlin fires at 09:00 Berlin time all year, i.e. 08:00Z in winter and 07:00Z in summer.
 */
import { type CronSchedule, cronMatchesDate, parseCron } from "./cron.js";
import { InvalidScheduleError } from "./errors.js";
import { isWeekday, parseTimeOfDay, type TimeOfDay, type Weekday } from "./local-date.js";
import { assertTimeZone, type TimeZone } from "./time-zones.js";

/** Fires at `time` ("HH:MM", local) on each of `days` (0 = Sunday … 6 = Saturday). */
export interface WeeklyRecurrence {
  kind: "weekly";
  days: readonly Weekday[];
  time: string;
}

/** Fires whenever the 5-field cron `expression` matches the local wall clock (see `cron.ts`). */
export interface CronRecurrence {
  kind: "cron";
  expression: string;
}

export type Recurrence = WeeklyRecurrence | CronRecurrence;

/**
 * A complete schedule definition.
 *
 * - `timeZone`: IANA zone the recurrence's local times are read in.
 * - `start` / `end`: optional instants bounding the occurrences' `dueAt`, both INCLUSIVE
 *   (`null` / absent = unbounded).
 * - `graceMs`: how late (ms after `dueAt`) a missed occurrence may still run; default
 *   {@link DEFAULT_GRACE_MS} (2 hours).
 */
export interface ScheduleRule {
  recurrence: Recurrence;
  timeZone: TimeZone;
  start?: Date | null;
  end?: Date | null;
  graceMs?: number;
}

/** Two hours: a standup prompt up to two hours late is still useful; later it is noise. */
export const DEFAULT_GRACE_MS = 2 * 60 * 60 * 1000;

/** A validated rule in the shape the occurrence generator uses. */
export interface CompiledRule {
  timeZone: TimeZone;
  /** Local times of day the rule fires at on a matching day, as minutes after midnight, ascending. */
  minutesOfDay: readonly number[];
  /** Whether the rule fires on a local date (`month` 1..12, `weekday` 0 = Sunday). */
  matchesDate(month: number, dayOfMonth: number, weekday: Weekday): boolean;
  startMs: number | null;
  endMs: number | null;
  /** The parsed cron, for `kind: "cron"`. */
  cron: CronSchedule | null;
  /** The selected weekdays (all of a cron rule's day-of-week field, every day if unrestricted). */
  weekdays: ReadonlySet<Weekday>;
}

function instantMs(value: Date | null | undefined, field: string): number | null {
  if (value === null || value === undefined) return null;
  const ms = value instanceof Date ? value.getTime() : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new InvalidScheduleError(
      "invalid_bounds",
      field,
      `The schedule's ${field} is not a valid date and time.`,
    );
  }
  return ms;
}

function assertWeekdays(days: readonly Weekday[]): void {
  if (!Array.isArray(days) || days.length === 0) {
    throw new InvalidScheduleError("invalid_weekdays", "days", "Pick at least one day of the week.");
  }
  for (const day of days) {
    if (!isWeekday(day)) {
      throw new InvalidScheduleError(
        "invalid_weekdays",
        "days",
        `${String(day)} is not a day of the week; use 0 (Sunday) to 6 (Saturday).`,
      );
    }
  }
}

/**
 * The grace window of a rule.
 * @throws InvalidScheduleError (`invalid_grace`) when `graceMs` is negative or not a finite number.
 */
export function graceMsOf(rule: Pick<ScheduleRule, "graceMs">): number {
  const grace = rule.graceMs ?? DEFAULT_GRACE_MS;
  assertGraceMs(grace);
  return grace;
}

/** @throws InvalidScheduleError (`invalid_grace`) unless `graceMs` is a finite number ≥ 0. */
export function assertGraceMs(graceMs: number): void {
  if (typeof graceMs !== "number" || !Number.isFinite(graceMs) || graceMs < 0) {
    throw new InvalidScheduleError(
      "invalid_grace",
      "graceMs",
      "The grace window must be zero or a positive number of milliseconds.",
    );
  }
}

/**
 * Validates a rule and prepares it for occurrence generation.
 * @throws InvalidScheduleError with `reason` `invalid_time_zone`, `invalid_time`, `invalid_weekdays`,
 *   `invalid_cron`, `invalid_bounds` (bad or reversed start/end) or `invalid_grace`.
 */
export function compileRule(rule: ScheduleRule): CompiledRule {
  assertTimeZone(rule.timeZone);
  const startMs = instantMs(rule.start, "start");
  const endMs = instantMs(rule.end, "end");
  if (startMs !== null && endMs !== null && startMs > endMs) {
    throw new InvalidScheduleError("invalid_bounds", "end", "The schedule ends before it starts.");
  }
  graceMsOf(rule);
  const recurrence = rule.recurrence;
  if (recurrence?.kind === "weekly") {
    assertWeekdays(recurrence.days);
    const time: TimeOfDay = parseTimeOfDay(recurrence.time);
    const weekdays = new Set(recurrence.days);
    return {
      timeZone: rule.timeZone,
      minutesOfDay: [time.hour * 60 + time.minute],
      matchesDate: (_month, _day, weekday) => weekdays.has(weekday),
      startMs,
      endMs,
      cron: null,
      weekdays,
    };
  }
  if (recurrence?.kind === "cron") {
    const cron = parseCron(recurrence.expression);
    const minutesOfDay = cron.hours.flatMap((h) => cron.minutes.map((m) => h * 60 + m));
    const either = cron.dayOfMonthRestricted && cron.dayOfWeekRestricted;
    return {
      timeZone: rule.timeZone,
      minutesOfDay,
      matchesDate: (month, day, weekday) => cronMatchesDate(cron, month, day, weekday),
      startMs,
      endMs,
      cron,
      weekdays: new Set<Weekday>(either ? [0, 1, 2, 3, 4, 5, 6] : cron.daysOfWeek),
    };
  }
  throw new InvalidScheduleError(
    "invalid_recurrence",
    "recurrence",
    "A schedule needs a weekly pattern or a cron expression.",
  );
}

/**
 * Validates a rule without generating anything.
 * @throws InvalidScheduleError (see {@link compileRule}).
 */
export function validateScheduleRule(rule: ScheduleRule): void {
  compileRule(rule);
}
