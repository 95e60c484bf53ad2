/**
 * Occurrences: the concrete runs of a schedule, their identity, and what to do when one was missed.
 *
 * An occurrence is identified by its schedule and its LOCAL due time (`localDue`, the nominal wall
 * clock the rule asked for, in the rule's zone), not by its instant. So the 09:00 standup of
 * 2026-03-29 in Berlin is `"2026-03-29T09:00"` whatever the UTC offset, and a worker that restarts,
 * retries or recomputes always finds the same key for it.
 *
 * Time-zone rules (see `time-zones.ts` for the full worked examples):
 * - Every local due time fires ONCE.
 * - A local due time that does not exist (spring forward) fires at the next valid minute: a rule at
 *   02:30 Europe/Berlin fires on 2026-03-29 at 01:00Z = 03:00 CEST, with `localDue`
 *   `"2026-03-29T02:30"`.
 * - An ambiguous local due time (fall back) fires at its FIRST instant: 02:30 Europe/Berlin on
 *   2026-10-25 fires at 00:30Z (02:30 CEST) and not again at 01:30Z (02:30 CET).
 * - When several nominal times of one rule land on the same instant (a cron like `*\/30 * * * *`
 *   in Berlin on 2026-03-29: 02:00, 02:30 and 03:00 all mean 01:00Z), the instant fires once, as the
 *   earliest nominal time (`"2026-03-29T02:00"`); 03:30 CEST follows as usual.
 */
import type { WorkCalendar } from "./calendar.js";
import { InvalidScheduleError } from "./errors.js";
import {
  DAY_MS,
  daysInMonth,
  fieldsOfDayNumber,
  formatLocalDate,
  formatTimeOfDay,
  isValidLocalDateTime,
  type LocalDateTime,
  MINUTE_MS,
  type Weekday,
} from "./local-date.js";
import {
  assertGraceMs,
  type CompiledRule,
  compileRule,
  DEFAULT_GRACE_MS,
  type ScheduleRule,
} from "./recurrence.js";
import { offsetMsAt, resolveWallMs, type TimeZone, wallMsOf } from "./time-zones.js";

/** One run of a schedule: its nominal local due time and the instant it is due. */
export interface Occurrence {
  /** `"YYYY-MM-DDTHH:MM"` in the rule's zone, as the rule asked for it (the identity). */
  localDue: LocalDateTime;
  /** The instant it fires. */
  dueAt: Date;
}

/** Options for occurrence generation. */
export interface OccurrenceOptions {
  /**
   * Fire only on the calendar's work days that are not holidays. The check uses the occurrence's
   * local date in the RULE's zone (`localDue`'s date), so the calendar must be in that zone too.
   */
  calendar?: WorkCalendar;
}

/** What to do with an occurrence whose due time has passed. */
export type MissedDecision = { action: "run" } | { action: "skip"; reason: "missed_beyond_grace" };

/**
 * How far ahead {@link nextOccurrence} looks: 100 years. Every valid cron fires well within that
 * (the rarest, like `0 0 29 2 *\/7`, a Sunday 29 February, are decades apart), so `null` only comes
 * from an `end` bound or a calendar that excludes every day the rule could fire on.
 */
const SEARCH_HORIZON_DAYS = 100 * 366;

function instantMs(value: Date, name: string): number {
  const ms = value instanceof Date ? value.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${name} must be a valid Date`);
  return ms;
}

/**
 * The zone's offset for a whole local day, or `null` when it may change during that day.
 * Sampling one day before, the day's first and last instants, and two days after is enough because
 * real zones never change offset twice within three days; it saves resolving each time separately.
 */
function constantOffsetOn(zone: TimeZone, dayWall: number): number | null {
  const offset = offsetMsAt(zone, dayWall - DAY_MS);
  if (offsetMsAt(zone, dayWall + 2 * DAY_MS) !== offset) return null;
  if (offsetMsAt(zone, dayWall - offset) !== offset) return null;
  if (offsetMsAt(zone, dayWall + DAY_MS - offset) !== offset) return null;
  return offset;
}

/**
 * Walks candidate DAYS (not minutes) from the local day before `afterMs` to `lastDay`, and yields
 * the occurrences with `afterMs < dueAt <= untilMs` in order. The local → instant mapping is
 * non-decreasing, so the walk stops at the first `dueAt > untilMs` and drops a `dueAt` equal to the
 * previous one (nominal times collapsed by a DST gap).
 */
function* walk(
  rule: CompiledRule,
  afterMs: number,
  untilMs: number,
  lastDay: number,
  calendar: WorkCalendar | undefined,
): Generator<Occurrence> {
  const zone = rule.timeZone;
  const workDays = calendar ? new Set<Weekday>(calendar.workDays) : null;
  const holidays = calendar ? new Set(calendar.holidays) : null;
  // Start a day early, defensively: near a DST change the local date of `afterMs` can be later
  // than the nominal date of a still-pending occurrence only in odd cases, but a day costs nothing.
  const firstDay = Math.floor(wallMsOf(zone, afterMs) / DAY_MS) - 1;
  let { year, month, day, weekday } = fieldsOfDayNumber(firstDay);
  let previousDueMs = Number.NEGATIVE_INFINITY;
  for (let dayNumber = firstDay; dayNumber <= lastDay; dayNumber++) {
    if (rule.matchesDate(month, day, weekday) && (workDays === null || workDays.has(weekday))) {
      const date = formatLocalDate(year, month, day);
      if (holidays === null || !holidays.has(date)) {
        const dayWall = dayNumber * DAY_MS;
        const offset = constantOffsetOn(zone, dayWall);
        for (const minuteOfDay of rule.minutesOfDay) {
          const wall = dayWall + minuteOfDay * MINUTE_MS;
          const dueMs = offset === null ? resolveWallMs(zone, wall) : wall - offset;
          if (dueMs <= afterMs || dueMs === previousDueMs) continue;
          if (dueMs > untilMs) return;
          previousDueMs = dueMs;
          yield {
            localDue: `${date}T${formatTimeOfDay(Math.floor(minuteOfDay / 60), minuteOfDay % 60)}`,
            dueAt: new Date(dueMs),
          };
        }
      }
    }
    weekday = ((weekday + 1) % 7) as Weekday;
    day += 1;
    if (day > daysInMonth(year, month)) {
      day = 1;
      month += 1;
      if (month > 12) {
        month = 1;
        year += 1;
      }
    }
  }
}

/** The window `(afterMs, untilMs]` narrowed by the rule's inclusive start/end. */
function window(rule: CompiledRule, afterMs: number, untilMs: number): { afterMs: number; untilMs: number } {
  return {
    // start is inclusive: dueAt >= start  <=>  dueAt > start - 1 ms.
    afterMs: rule.startMs === null ? afterMs : Math.max(afterMs, rule.startMs - 1),
    untilMs: rule.endMs === null ? untilMs : Math.min(untilMs, rule.endMs),
  };
}

function lastDayOf(zone: TimeZone, untilMs: number): number {
  return Math.floor(wallMsOf(zone, untilMs) / DAY_MS) + 1;
}

/**
 * The first occurrence due strictly AFTER `after` (and within the rule's start/end), or `null` when
 * there is none within 100 years.
 *
 * Cost: one cheap check per candidate local day, and time-zone work only on matching days.
 *
 * @example
 * nextOccurrence({ recurrence: { kind: "weekly", days: [1, 2, 3, 4, 5], time: "09:00" }, timeZone: "Europe/Berlin" },
 *   new Date("2026-03-27T08:00:00Z")) // Friday 09:00 CET exactly: not after, so Monday
 * // → { localDue: "2026-03-30T09:00", dueAt: 2026-03-30T07:00:00.000Z }   (CEST from the 29th)
 * @throws InvalidScheduleError when the rule is invalid; RangeError when `after` is an invalid Date.
 */
export function nextOccurrence(
  rule: ScheduleRule,
  after: Date,
  options: OccurrenceOptions = {},
): Occurrence | null {
  const compiled = compileRule(rule);
  const bounds = window(compiled, instantMs(after, "after"), Number.POSITIVE_INFINITY);
  if (bounds.afterMs >= bounds.untilMs) return null;
  const calendar = options.calendar;
  if (calendar && !calendar.workDays.some((d) => compiled.weekdays.has(d))) return null;
  const firstDay = Math.floor(wallMsOf(compiled.timeZone, bounds.afterMs) / DAY_MS);
  const lastDay = Number.isFinite(bounds.untilMs)
    ? Math.min(firstDay + SEARCH_HORIZON_DAYS, lastDayOf(compiled.timeZone, bounds.untilMs))
    : firstDay + SEARCH_HORIZON_DAYS;
  for (const occurrence of walk(compiled, bounds.afterMs, bounds.untilMs, lastDay, calendar))
    return occurrence;
  return null;
}

/**
 * All occurrences with `from < dueAt <= to` — `from` EXCLUSIVE, `to` INCLUSIVE, so consecutive
 * windows `(a, b]`, `(b, c]` never miss or repeat one — within the rule's start/end, in strictly
 * increasing `dueAt` order. Empty when `from >= to`.
 *
 * @example
 * // Weekly Mon–Fri 09:00 Berlin, filtered by a Tue–Sat work week with a holiday on 2026-04-03:
 * occurrencesBetween(rule, new Date("2026-03-29T00:00:00Z"), new Date("2026-04-05T00:00:00Z"),
 *   { calendar: { workDays: [2, 3, 4, 5, 6], holidays: ["2026-04-03"] } })
 * // → 2026-03-31T09:00, 2026-04-01T09:00, 2026-04-02T09:00 (Mon is not a work day, Fri is a holiday)
 * @throws InvalidScheduleError when the rule is invalid; RangeError for an invalid Date.
 */
export function occurrencesBetween(
  rule: ScheduleRule,
  from: Date,
  to: Date,
  options: OccurrenceOptions = {},
): Occurrence[] {
  const compiled = compileRule(rule);
  const bounds = window(compiled, instantMs(from, "from"), instantMs(to, "to"));
  if (bounds.afterMs >= bounds.untilMs) return [];
  const lastDay = lastDayOf(compiled.timeZone, bounds.untilMs);
  return [...walk(compiled, bounds.afterMs, bounds.untilMs, lastDay, options.calendar)];
}

/**
 * The stable identity of an occurrence: `"<scheduleId>@<localDue>"`, e.g.
 * `occurrenceKey("standup-42", "2026-03-29T09:00")` is `"standup-42@2026-03-29T09:00"`. The local
 * part has a fixed length (16), so the key stays unambiguous whatever characters the id contains.
 * Use it as the unique key of a run so each occurrence is claimed once.
 * @throws InvalidScheduleError (`invalid_occurrence`) for an empty id or a malformed `localDue`.
 */
export function occurrenceKey(scheduleId: string, localDue: LocalDateTime): string {
  if (typeof scheduleId !== "string" || scheduleId === "") {
    throw new InvalidScheduleError("invalid_occurrence", "scheduleId", "An occurrence needs a schedule id.");
  }
  if (!isValidLocalDateTime(localDue)) {
    throw new InvalidScheduleError(
      "invalid_occurrence",
      "localDue",
      `“${localDue}” is not a local due time; expected YYYY-MM-DDTHH:MM.`,
    );
  }
  return `${scheduleId}@${localDue}`;
}

/**
 * Catch-up rule for an occurrence found unrun at `now` (after downtime or a crash): run it when it
 * is at most `graceMs` late (`now - dueAt <= graceMs`, the boundary itself still runs), skip it
 * otherwise. This judges lateness only; whether it is due yet is the caller's question (a not yet
 * due occurrence is not late, so the answer is "run").
 *
 * @example
 * // o.dueAt = 2026-03-30T09:00:00.000Z, grace 2 h:
 * decideMissed(o, new Date("2026-03-30T11:00:00.000Z"), 7_200_000) // { action: "run" }
 * decideMissed(o, new Date("2026-03-30T11:00:00.001Z"), 7_200_000) // { action: "skip", reason: "missed_beyond_grace" }
 * @throws InvalidScheduleError (`invalid_grace`) for a negative or non-finite grace.
 */
export function decideMissed(
  occurrence: Occurrence,
  now: Date,
  graceMs: number = DEFAULT_GRACE_MS,
): MissedDecision {
  assertGraceMs(graceMs);
  const lateMs = instantMs(now, "now") - instantMs(occurrence.dueAt, "occurrence.dueAt");
  return lateMs <= graceMs ? { action: "run" } : { action: "skip", reason: "missed_beyond_grace" };
}
