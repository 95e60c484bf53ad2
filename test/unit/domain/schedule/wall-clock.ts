/**
 * Test helpers that read the wall clock of an instant straight from `Intl`, independently of the
 * code under test (which uses `@date-fns/tz`), so the two can disagree and a test can fail.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** `"YYYY-MM-DDTHH:MM"` of `instant` in `zone`, via `Intl.DateTimeFormat`. */
export function wallClock(instant: Date, zone: string): string {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(zone, formatter);
  }
  const parts: Record<string, string> = {};
  for (const part of formatter.formatToParts(instant)) parts[part.type] = part.value;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** UTC offset in minutes of `instant` in `zone`, derived from {@link wallClock}. */
export function offsetMinutes(instant: Date, zone: string): number {
  const wall = Date.parse(`${wallClock(instant, zone)}:00Z`);
  const truncated = instant.getTime() - (instant.getTime() % 60_000);
  return (wall - truncated) / 60_000;
}

/** Every calendar date of a year as `{ date: "YYYY-MM-DD", weekday }` (0 = Sunday), via `Date.UTC`. */
export function datesOfYear(year: number): { date: string; weekday: number }[] {
  const out: { date: string; weekday: number }[] = [];
  for (let ms = Date.UTC(year, 0, 1); ms < Date.UTC(year + 1, 0, 1); ms += 86_400_000) {
    const d = new Date(ms);
    out.push({ date: d.toISOString().slice(0, 10), weekday: d.getUTCDay() });
  }
  return out;
}

export const utc = (iso: string): Date => new Date(iso);
