/**
 * Team calendars and personal absences: the rules later features (standup prompts, reminders,
 * digests) consult before pinging anyone.
 *
 * Everything here works on LOCAL dates (`"YYYY-MM-DD"`). Which zone a date is local to is the
 * caller's choice and matters: a team's holidays are dates in the team's zone, and a person's PTO is
 * in the person's own zone. Turn "now" into a local date with `localDateOf(now, zone)` first.
 * Example: at 2026-12-24T23:30Z it is already 2026-12-25 in Berlin but still the 24th in New York.
 */
import { InvalidScheduleError } from "./errors.js";
import { isWeekday, type LocalDate, parseLocalDate, type Weekday, weekdayOf } from "./local-date.js";

/**
 * A team's working days.
 *
 * - `workDays`: the weekdays the team works (0 = Sunday … 6 = Saturday); not always Monday–Friday,
 *   e.g. `[2, 3, 4, 5, 6]` for Tuesday–Saturday.
 * - `holidays`: local dates nobody works, whatever the weekday.
 */
export interface WorkCalendar {
  workDays: readonly Weekday[];
  holidays: readonly LocalDate[];
}

/** A person's absence, both ends INCLUSIVE: `{ from: "2026-08-03", to: "2026-08-14" }` is two weeks. */
export interface AwayRange {
  from: LocalDate;
  to: LocalDate;
}

/** Monday to Friday. */
export const MONDAY_TO_FRIDAY: readonly Weekday[] = [1, 2, 3, 4, 5];

/**
 * Builds a validated calendar: weekdays de-duplicated and sorted, holidays checked, de-duplicated
 * and sorted.
 * @throws InvalidScheduleError `invalid_weekdays` (empty or not 0..6) or `invalid_date` (a bad holiday).
 */
export function createWorkCalendar(input: {
  workDays: readonly number[];
  holidays?: readonly string[];
}): WorkCalendar {
  if (input.workDays.length === 0) {
    throw new InvalidScheduleError("invalid_weekdays", "workDays", "A work week needs at least one day.");
  }
  for (const day of input.workDays) {
    if (!isWeekday(day)) {
      throw new InvalidScheduleError(
        "invalid_weekdays",
        "workDays",
        `${String(day)} is not a day of the week; use 0 (Sunday) to 6 (Saturday).`,
      );
    }
  }
  const holidays = input.holidays ?? [];
  for (const holiday of holidays) parseLocalDate(holiday, "holidays");
  return {
    workDays: [...new Set(input.workDays as readonly Weekday[])].sort((a, b) => a - b),
    holidays: [...new Set(holidays)].sort(),
  };
}

/**
 * Builds a validated absence.
 * @throws InvalidScheduleError `invalid_date` (bad date) or `invalid_date_range` (`to` before `from`).
 */
export function createAwayRange(from: string, to: string): AwayRange {
  parseLocalDate(from, "from");
  parseLocalDate(to, "to");
  if (to < from) {
    throw new InvalidScheduleError(
      "invalid_date_range",
      "to",
      `The absence ends (${to}) before it starts (${from}).`,
    );
  }
  return { from, to };
}

/** `true` when `localDate` is listed as a holiday. @throws InvalidScheduleError for a bad date. */
export function isHoliday(calendar: WorkCalendar, localDate: LocalDate): boolean {
  parseLocalDate(localDate);
  return calendar.holidays.includes(localDate);
}

/**
 * `true` when the team works on `localDate`: its weekday is a work day and it is not a holiday.
 * @example isWorkDay({ workDays: [2, 3, 4, 5, 6], holidays: [] }, "2026-03-28") // true: a Saturday
 * @throws InvalidScheduleError for a bad date.
 */
export function isWorkDay(calendar: WorkCalendar, localDate: LocalDate): boolean {
  return calendar.workDays.includes(weekdayOf(localDate)) && !calendar.holidays.includes(localDate);
}

/**
 * `true` when `localDate` falls inside any of the ranges (inclusive at both ends). A range whose
 * `to` is before its `from` matches nothing.
 * @throws InvalidScheduleError for a bad date.
 */
export function isAway(awayRanges: readonly AwayRange[], localDate: LocalDate): boolean {
  parseLocalDate(localDate);
  // "YYYY-MM-DD" strings order like the dates they name, so plain string comparison is exact.
  return awayRanges.some((range) => range.from <= localDate && localDate <= range.to);
}

/**
 * Whether to prompt a person (e.g. for a standup) on `localDate`: only on the team's work days
 * and never while the person is away.
 * @throws InvalidScheduleError for a bad date.
 */
export function shouldPrompt(
  calendar: WorkCalendar,
  personAway: readonly AwayRange[],
  localDate: LocalDate,
): boolean {
  return isWorkDay(calendar, localDate) && !isAway(personAway, localDate);
}
