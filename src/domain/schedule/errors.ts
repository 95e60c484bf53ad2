/**
 * Typed errors of the scheduling domain. Every problem with a schedule's definition (a bad cron
 * expression, an unknown time zone, "25:00") becomes an {@link InvalidScheduleError}: a
 * {@link ValidationError} (so the global handler and the modals treat it like any other invalid
 * input) that also carries a stable, schedule-specific {@link ScheduleErrorReason}.
 */
import { ValidationError } from "../../lib/errors.js";

/** Stable machine-readable reasons; safe to switch on, log, and test against. */
export type ScheduleErrorReason =
  | "invalid_recurrence"
  | "invalid_cron"
  | "invalid_time"
  | "invalid_time_zone"
  | "invalid_weekdays"
  | "invalid_date"
  | "invalid_date_range"
  | "invalid_bounds"
  | "invalid_grace"
  | "invalid_occurrence";

/**
 * A schedule (or a calendar entry) is not valid.
 *
 * - `code` is always `"validation"` (from {@link ValidationError}).
 * - `reason` says what exactly is wrong, e.g. `"invalid_cron"`.
 * - `field` names the offending input (`"expression"`, `"time"`, `"timeZone"`, …) and is also the
 *   single key of `fieldErrors`, so a modal can show the message next to the right block.
 * - `userMessage` is a complete sentence meant for the person who typed the input.
 *
 * @example
 * new InvalidScheduleError("invalid_time", "time", "“25:00” is not a valid time. Use HH:MM, e.g. 09:30.")
 */
export class InvalidScheduleError extends ValidationError {
  constructor(
    readonly reason: ScheduleErrorReason,
    readonly field: string,
    userMessage: string,
  ) {
    super({ [field]: userMessage }, userMessage);
  }
}
