/**
 * Calendar dates without a time or a zone ("2025-01-06"), with pure integer arithmetic.
 *
 * Why not `Date`: a sprint ends on a calendar day for the whole team, whatever each member's time
 * zone; `Date` is an instant, and adding 14 × 24 h across a DST change or formatting in local time
 * shifts the day. Counting days since 1970-01-01 (Howard Hinnant's civil-date algorithms) cannot.
 */

/** An ISO 8601 calendar date, `YYYY-MM-DD`, years 0000–9999. */
export type PlainDate = string;

const PLAIN_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1–12). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Inverse of `daysFromCivil`. */
function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/**
 * Days since 1970-01-01 of `date`, or `null` when it is not a real `YYYY-MM-DD` date
 * (e.g. "2025-02-30" or "2025-1-6").
 */
export function plainDateToEpochDay(date: string): number | null {
  const match = PLAIN_DATE_PATTERN.exec(date);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const epochDay = daysFromCivil(year, month, day);
  // Round-trip to reject days past the end of the month ("2025-02-30" would land on 03-02).
  const back = civilFromDays(epochDay);
  return back.month === month && back.day === day ? epochDay : null;
}

/** True when `value` is a real calendar date in `YYYY-MM-DD` form. */
export function isPlainDate(value: string): boolean {
  return plainDateToEpochDay(value) !== null;
}

/** The `YYYY-MM-DD` date of a day count since 1970-01-01. */
export function epochDayToPlainDate(epochDay: number): PlainDate {
  const { year, month, day } = civilFromDays(epochDay);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * `date` plus `days` calendar days (negative goes back). Throws `RangeError` on an invalid date;
 * callers validate user input first.
 */
export function addDays(date: PlainDate, days: number): PlainDate {
  const epochDay = plainDateToEpochDay(date);
  if (epochDay === null) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  return epochDayToPlainDate(epochDay + days);
}
