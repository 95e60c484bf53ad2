/** Dates as the page shows them, in the viewer's time zone ("Wed 2 Dec 09:00"). */

export function formatClock(iso: string | number, timeZone: string): string {
  const d = new Date(iso);
  const day = new Intl.DateTimeFormat("en-GB", {
    weekday: "short",
    day: "numeric",
    month: "short",
    timeZone,
  }).format(d);
  return `${day} ${formatTime(d.getTime(), timeZone)}`;
}

export function formatTime(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone,
  }).format(new Date(ms));
}

export function formatDay(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    weekday: "long",
    day: "numeric",
    month: "long",
    timeZone,
  }).format(new Date(ms));
}

/** A message ts ("1764662400.000100") in epoch ms. */
export const tsMs = (ts: string): number => Math.round(Number(ts) * 1000);
