/**
 * The scheduling domain: recurrence rules, time zones, occurrences and their identity, catch-up
 * decisions, and team/person calendars. Pure: no I/O, no clock; time always comes in as arguments.
 */
export {
  type AwayRange,
  createAwayRange,
  createWorkCalendar,
  isAway,
  isHoliday,
  isWorkDay,
  MONDAY_TO_FRIDAY,
  shouldPrompt,
  type WorkCalendar,
} from "./calendar.js";
export { type CronSchedule, cronMatchesDate, isValidCron, parseCron } from "./cron.js";
export { InvalidScheduleError, type ScheduleErrorReason } from "./errors.js";
export {
  isValidLocalDate,
  isValidLocalDateTime,
  isValidTimeOfDay,
  isWeekday,
  type LocalDate,
  type LocalDateTime,
  parseLocalDate,
  parseTimeOfDay,
  type TimeOfDay,
  type Weekday,
  weekdayOf,
} from "./local-date.js";
export {
  decideMissed,
  type MissedDecision,
  nextOccurrence,
  type Occurrence,
  type OccurrenceOptions,
  occurrenceKey,
  occurrencesBetween,
} from "./occurrences.js";
export {
  type CronRecurrence,
  DEFAULT_GRACE_MS,
  graceMsOf,
  type Recurrence,
  type ScheduleRule,
  validateScheduleRule,
  type WeeklyRecurrence,
} from "./recurrence.js";
export {
  assertTimeZone,
  canonicalTimeZone,
  isValidTimeZone,
  localDateOf,
  localDateTimeOf,
  resolveLocalDateTime,
  type TimeZone,
} from "./time-zones.js";
