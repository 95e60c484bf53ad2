/**
 * The page's clock buttons. "Next 09:00 in Berlin" is the usual standup and digest time of the
 * demo team; worked example: at Tue 1 Dec 10:15 Berlin the next 09:00 is Wed 2 Dec 09:00 Berlin
 * (08:00 UTC in winter), and at Tue 08:59 it is Tue 09:00.
 */
import { tzOffset } from "@date-fns/tz";

export type ClockJump = "hour" | "day" | "berlin-nine" | "monday-nine";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const BERLIN = "Europe/Berlin";

/** The UTC instant of `hh:00` local time in `zone` on the local day of `localMidnightGuess`. */
function localInstant(zone: string, y: number, m: number, d: number, hour: number): Date {
  const guess = Date.UTC(y, m, d, hour);
  // The offset at the guess is right except within an hour of a DST switch (never at 09:00 in Berlin).
  return new Date(guess - tzOffset(zone, new Date(guess)) * 60_000);
}

/** The local calendar day (year, month, day, weekday) of `at` in `zone`. */
function localDay(zone: string, at: Date): { y: number; m: number; d: number; weekday: number } {
  const local = new Date(at.getTime() + tzOffset(zone, at) * 60_000);
  return {
    y: local.getUTCFullYear(),
    m: local.getUTCMonth(),
    d: local.getUTCDate(),
    weekday: local.getUTCDay(),
  };
}

/** The next instant strictly after `now` when it is 09:00 in `zone` (on a Monday when `monday`). */
export function nextNine(now: Date, zone: string, monday = false): Date {
  const day = localDay(zone, now);
  for (let i = 0; i < 8; i++) {
    const at = localInstant(zone, day.y, day.m, day.d + i, 9);
    const weekday = (day.weekday + i) % 7;
    if (at.getTime() > now.getTime() && (!monday || weekday === 1)) return at;
  }
  throw new Error("unreachable: a Monday 09:00 is always within 8 days");
}

export function jumpTarget(now: Date, jump: ClockJump): Date {
  switch (jump) {
    case "hour":
      return new Date(now.getTime() + HOUR);
    case "day":
      return new Date(now.getTime() + DAY);
    case "berlin-nine":
      return nextNine(now, BERLIN);
    case "monday-nine":
      return nextNine(now, BERLIN, true);
  }
}
