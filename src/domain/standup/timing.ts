/**
 * When things happen for a standup: each participant's prompt instant, the report's close, the
 * reminder, and which standup day an answer given "now" belongs to.
 *
 * A standup DAY is a local date ("2026-12-01"). Each participant is prompted at the prompt time of
 * THEIR zone on that date: with a 09:00 prompt, Tokyo is asked at 00:00Z, Berlin at 08:00Z and
 * New York at 14:00Z (in winter), all for the same standup day. The report closes
 * `closeAfterMinutes` after the LATEST of those prompts, so New York gets as long as Tokyo.
 */
import {
  createWorkCalendar,
  isWorkDay,
  type LocalDate,
  localDateOf,
  resolveLocalDateTime,
  type Weekday,
  type WeeklyRecurrence,
  type WorkCalendar,
} from "../schedule/index.js";
import { dayNumberOf, fieldsOfDayNumber, formatLocalDate, parseLocalDate } from "../schedule/local-date.js";
import { minutesOf, type StandupSettings, timeOfMinutes } from "./standup.js";

const MINUTE_MS = 60_000;

/** `addDays("2026-12-31", 1)` is `"2027-01-01"`. */
export function addDays(day: LocalDate, n: number): LocalDate {
  const { year, month, day: d } = parseLocalDate(day);
  const f = fieldsOfDayNumber(dayNumberOf(year, month, d) + n);
  return formatLocalDate(f.year, f.month, f.day);
}

/** Days from `a` to `b` (`b - a`). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  const x = parseLocalDate(a);
  const y = parseLocalDate(b);
  return dayNumberOf(y.year, y.month, y.day) - dayNumberOf(x.year, x.month, x.day);
}

/** The zone a participant is prompted in: the fixed zone, else their own, else the fallback, else UTC. */
export function zoneFor(
  standup: Pick<StandupSettings, "timeZoneMode" | "fixedTimeZone">,
  memberZone: string | null | undefined,
): string {
  if (standup.timeZoneMode === "fixed" && standup.fixedTimeZone) return standup.fixedTimeZone;
  return memberZone || standup.fixedTimeZone || "UTC";
}

/** The standup's days plus the team's holidays. */
export function standupCalendar(
  standup: Pick<StandupSettings, "days">,
  holidays: readonly string[],
): WorkCalendar {
  return createWorkCalendar({ workDays: standup.days, holidays });
}

/** The instant the prompt time falls on `day` in `zone` (DST-correct; a skipped time moves forward). */
export function promptInstant(
  standup: Pick<StandupSettings, "promptTime">,
  day: LocalDate,
  zone: string,
): Date {
  return resolveLocalDateTime(`${day}T${standup.promptTime}`, zone);
}

/**
 * A weekly rule firing `offsetMinutes` after the prompt on each standup day, in the zone's local
 * time. Past midnight the weekdays move too: a 22:00 prompt closing 4 h later fires at 02:00 on
 * the NEXT weekday, and `dayShift` (1) maps the occurrence back to its standup day.
 */
export function offsetRecurrence(
  standup: Pick<StandupSettings, "days" | "promptTime">,
  offsetMinutes: number,
): { recurrence: WeeklyRecurrence; dayShift: number } {
  const total = minutesOf(standup.promptTime) + offsetMinutes;
  const dayShift = Math.floor(total / 1440);
  const days = [...new Set(standup.days.map((d) => ((d + dayShift) % 7) as Weekday))].sort((a, b) => a - b);
  return { recurrence: { kind: "weekly", days, time: timeOfMinutes(total) }, dayShift };
}

/** The standup day an occurrence of an {@link offsetRecurrence} belongs to. */
export function standupDayOfOccurrence(localDue: string, dayShift: number): LocalDate {
  return addDays(localDue.slice(0, 10), -dayShift);
}

/** The participant zone whose prompt on `day` comes last (ties: the first listed). */
export function latestZone(
  standup: Pick<StandupSettings, "promptTime">,
  zones: readonly string[],
  day: LocalDate,
): string {
  let best = zones[0] ?? "UTC";
  let bestAt = promptInstant(standup, day, best).getTime();
  for (const zone of zones.slice(1)) {
    const at = promptInstant(standup, day, zone).getTime();
    if (at > bestAt) {
      best = zone;
      bestAt = at;
    }
  }
  return best;
}

/** When the report of `day` closes: `closeAfterMinutes` after the latest participant's prompt. */
export function closesAt(
  standup: Pick<StandupSettings, "promptTime" | "closeAfterMinutes">,
  zones: readonly string[],
  day: LocalDate,
): Date {
  const latest = promptInstant(standup, day, latestZone(standup, zones, day));
  return new Date(latest.getTime() + standup.closeAfterMinutes * MINUTE_MS);
}

/** The first prompt instant of `day` across the zones (when the report opens). */
export function opensAt(
  standup: Pick<StandupSettings, "promptTime">,
  zones: readonly string[],
  day: LocalDate,
): Date {
  const times = (zones.length ? zones : ["UTC"]).map((z) => promptInstant(standup, day, z).getTime());
  return new Date(Math.min(...times));
}

/**
 * From when a person who has not answered counts as late: their reminder time, or one hour after
 * their prompt when reminders are off.
 */
export function lateFrom(
  standup: Pick<StandupSettings, "promptTime" | "reminderAfterMinutes">,
  day: LocalDate,
  zone: string,
): Date {
  return new Date(
    promptInstant(standup, day, zone).getTime() + (standup.reminderAfterMinutes ?? 60) * MINUTE_MS,
  );
}

/** The first standup day strictly after `day`, or null when there is none within a year (all holidays). */
export function nextStandupDay(calendar: WorkCalendar, day: LocalDate): LocalDate | null {
  for (let i = 1; i <= 366; i++) {
    const candidate = addDays(day, i);
    if (isWorkDay(calendar, candidate)) return candidate;
  }
  return null;
}

/** The last standup day on or before `day`, or null. */
export function previousStandupDay(calendar: WorkCalendar, day: LocalDate): LocalDate | null {
  for (let i = 0; i <= 366; i++) {
    const candidate = addDays(day, -i);
    if (isWorkDay(calendar, candidate)) return candidate;
  }
  return null;
}

/**
 * Which standup day an answer given at `now` by someone in `zone` counts for: today's when today is
 * a standup day whose report is still open, otherwise the next standup day (an answer written the
 * evening before, or over the weekend, counts for the next standup).
 * @example Monday 20:00 in Berlin, Monday's report closed at 13:30 → Tuesday.
 */
export function answerDay(input: {
  now: Date;
  zone: string;
  calendar: WorkCalendar;
  /** Whether the report of `day` is closed (by its close time or because it was closed). */
  isClosed: (day: LocalDate) => boolean;
}): LocalDate | null {
  const today = localDateOf(input.now, input.zone);
  if (isWorkDay(input.calendar, today) && !input.isClosed(today)) return today;
  return nextStandupDay(input.calendar, today);
}
