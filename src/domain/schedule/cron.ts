/**
 * A small, strict parser for classic 5-field cron expressions:
 *
 *     ┌──────── minute        0–59
 *     │ ┌────── hour          0–23
 *     │ │ ┌──── day of month  1–31
 *     │ │ │ ┌── month         1–12 or JAN–DEC
 *     │ │ │ │ ┌ day of week   0–7 or SUN–SAT (0 and 7 are both Sunday)
 *     * * * * *
 *
 * Each field is a comma-separated list of `*`, `N`, `A-B`, `*\/S`, `A-B/S` or `N/S` (= `N-max/S`).
 * Names are case-insensitive. The macros `@yearly` (`@annually`), `@monthly`, `@weekly`, `@daily`
 * (`@midnight`) and `@hourly` are accepted; `@reboot` and 6-field (seconds) expressions are not.
 *
 * Day matching follows Vixie cron (the cron of most Linux systems): when BOTH the day-of-month and
 * the day-of-week field are restricted (neither starts with `*`), a day matches if EITHER matches;
 * otherwise both must match. Examples: `0 9 1 * 1` fires on the 1st of every month AND on every
 * Monday; `0 9 * * 1` only on Mondays; `0 9 *\/2 * 1` (day-of-month starts with `*`) on Mondays
 * that fall on an odd day of the month.
 *
 * Why not node-cron (no longer a dependency): its `parse` accepts 6-field expressions and returns raw field
 * values, and "next run" exists only on a live `ScheduledTask` that reads the real clock; this
 * domain must be pure and resolve DST its own way, so it only needs the field sets.
 */
import { InvalidScheduleError } from "./errors.js";
import type { Weekday } from "./local-date.js";

/** A validated cron expression as sorted, de-duplicated value sets. */
export interface CronSchedule {
  /** The expression as given, trimmed. */
  expression: string;
  minutes: readonly number[];
  hours: readonly number[];
  daysOfMonth: readonly number[];
  months: readonly number[];
  /** 0 = Sunday … 6 = Saturday (a `7` in the expression is folded into `0`). */
  daysOfWeek: readonly Weekday[];
  /** `false` when the day-of-month field starts with `*` (see the matching rule above). */
  dayOfMonthRestricted: boolean;
  /** `false` when the day-of-week field starts with `*`. */
  dayOfWeekRestricted: boolean;
}

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const FIELDS: readonly FieldSpec[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31 },
  {
    name: "month",
    min: 1,
    max: 12,
    names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
  },
  { name: "day-of-week", min: 0, max: 7, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] },
];

const MACROS: Readonly<Record<string, string>> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

const MAX_DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function fail(expression: string, problem: string): never {
  throw new InvalidScheduleError(
    "invalid_cron",
    "expression",
    `“${expression}” is not a valid cron expression: ${problem}. Expected 5 fields: minute hour day-of-month month day-of-week, e.g. "0 9 * * 1-5".`,
  );
}

function parseValue(expression: string, spec: FieldSpec, token: string): number {
  if (/^\d+$/.test(token)) {
    const value = Number(token);
    if (value < spec.min || value > spec.max) {
      fail(expression, `${spec.name} value ${token} is out of range (${spec.min}–${spec.max})`);
    }
    return value;
  }
  const index = spec.names?.indexOf(token.toUpperCase()) ?? -1;
  if (index >= 0) return spec.name === "month" ? index + 1 : index;
  return fail(expression, `“${token}” is not a valid ${spec.name} value`);
}

function parseField(expression: string, spec: FieldSpec, field: string): Set<number> {
  const values = new Set<number>();
  for (const part of field.split(",")) {
    if (part === "") fail(expression, `the ${spec.name} field “${field}” has an empty list item`);
    const [rangePart, stepPart, extra] = part.split("/");
    if (extra !== undefined || rangePart === undefined || rangePart === "") {
      fail(expression, `“${part}” in the ${spec.name} field is not a value, range or step`);
    }
    let step = 1;
    if (stepPart !== undefined) {
      if (!/^\d+$/.test(stepPart)) fail(expression, `the step “${stepPart}” in “${part}” is not a number`);
      step = Number(stepPart);
      const size = spec.max - spec.min + 1;
      if (step < 1 || step > size) {
        fail(expression, `the step in “${part}” must be between 1 and ${size} for the ${spec.name} field`);
      }
    }
    let start: number;
    let end: number;
    if (rangePart === "*") {
      start = spec.min;
      end = spec.max;
    } else if (rangePart.includes("-")) {
      const [from, to, more] = rangePart.split("-");
      if (more !== undefined || !from || !to) fail(expression, `“${rangePart}” is not a valid range`);
      start = parseValue(expression, spec, from);
      end = parseValue(expression, spec, to);
      if (start > end) {
        fail(expression, `the range “${rangePart}” in the ${spec.name} field runs backwards`);
      }
    } else {
      start = parseValue(expression, spec, rangePart);
      // "N/S" means "from N to the end of the field, every S"; a bare "N" is just N.
      end = stepPart === undefined ? start : spec.max;
    }
    for (let value = start; value <= end; value += step) values.add(value);
  }
  return values;
}

function sorted<T extends number>(values: Iterable<number>): T[] {
  return [...values].sort((a, b) => a - b) as T[];
}

/**
 * Parses and validates a 5-field cron expression (see the file comment for the syntax).
 *
 * Also rejects expressions that can never fire, such as `0 9 31 2 *` (there is no 31 February) or
 * `0 9 31 4,6 *`; `0 9 29 2 *` is accepted (it fires in leap years).
 *
 * @throws InvalidScheduleError (`invalid_cron`, field `"expression"`) with a message naming the
 *   offending field, e.g. `“61 * * * *” is not a valid cron expression: minute value 61 is out of range (0–59). …`
 */
export function parseCron(expression: string): CronSchedule {
  if (typeof expression !== "string") return fail(String(expression), "it is not text");
  const trimmed = expression.trim();
  if (trimmed === "") fail(expression, "it is empty");
  const expanded = trimmed.startsWith("@") ? MACROS[trimmed.toLowerCase()] : trimmed;
  if (expanded === undefined) fail(trimmed, `the macro ${trimmed} is not supported`);
  const fields = expanded.split(/\s+/);
  if (fields.length !== 5) {
    fail(trimmed, `it has ${fields.length} field${fields.length === 1 ? "" : "s"}, not 5`);
  }
  const [minuteField, hourField, domField, monthField, dowField] = fields as [
    string,
    string,
    string,
    string,
    string,
  ];
  const [minuteSpec, hourSpec, domSpec, monthSpec, dowSpec] = FIELDS as [
    FieldSpec,
    FieldSpec,
    FieldSpec,
    FieldSpec,
    FieldSpec,
  ];
  const minutes = sorted(parseField(trimmed, minuteSpec, minuteField));
  const hours = sorted(parseField(trimmed, hourSpec, hourField));
  const daysOfMonth = sorted(parseField(trimmed, domSpec, domField));
  const months = sorted(parseField(trimmed, monthSpec, monthField));
  const daysOfWeek = sorted<Weekday>(new Set([...parseField(trimmed, dowSpec, dowField)].map((d) => d % 7)));
  const dayOfMonthRestricted = !domField.startsWith("*");
  const dayOfWeekRestricted = !dowField.startsWith("*");

  const bothMustMatch = !(dayOfMonthRestricted && dayOfWeekRestricted);
  if (bothMustMatch) {
    // Every (month, day-of-month) pair that exists meets every weekday over the years, so the
    // expression can fire iff some selected day-of-month exists in some selected month.
    const possible = months.some((m) => daysOfMonth.some((d) => d <= (MAX_DAYS_IN_MONTH[m - 1] ?? 0)));
    if (!possible) fail(trimmed, "that day of the month never occurs in those months, so it would never run");
  }
  return {
    expression: trimmed,
    minutes,
    hours,
    daysOfMonth,
    months,
    daysOfWeek,
    dayOfMonthRestricted,
    dayOfWeekRestricted,
  };
}

/** `true` when {@link parseCron} accepts `expression`. */
export function isValidCron(expression: string): boolean {
  try {
    parseCron(expression);
    return true;
  } catch (error) {
    if (error instanceof InvalidScheduleError) return false;
    throw error;
  }
}

/**
 * Whether the cron's day fields select a given local date (Vixie rule, see the file comment).
 * `month` is 1..12, `dayOfMonth` 1..31, `weekday` 0 = Sunday.
 */
export function cronMatchesDate(
  cron: CronSchedule,
  month: number,
  dayOfMonth: number,
  weekday: Weekday,
): boolean {
  if (!cron.months.includes(month)) return false;
  const domMatch = cron.daysOfMonth.includes(dayOfMonth);
  const dowMatch = cron.daysOfWeek.includes(weekday);
  return cron.dayOfMonthRestricted && cron.dayOfWeekRestricted ? domMatch || dowMatch : domMatch && dowMatch;
}
