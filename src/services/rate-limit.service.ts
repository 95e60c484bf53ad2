/**
 * Per-person rate limits on commands that post or compute: a fixed window per team + person +
 * kind. Fixed windows are the simplest limiter whose refusal can say exactly when to try again
 * (the window's end); the burst at a window edge (2 × limit) is harmless at these sizes.
 *
 * Per process: counters live in memory, so N replicas allow up to N × limit, and a restart
 * forgets them. That is acceptable for abuse protection (not billing); move the counters to
 * the database if exact limits across replicas ever matter.
 */
import type { Clock } from "../lib/clock.js";
import { RateLimitedError } from "../lib/errors.js";

export interface RateLimit {
  /** Uses allowed per window. */
  limit: number;
  windowMs: number;
  /** What was limited, for "You have used <what> 5 times …". */
  what: string;
}

export const RATE_LIMITS = {
  request: { limit: 5, windowMs: 10 * 60_000, what: "requests" },
  digestSend: { limit: 3, windowMs: 60 * 60_000, what: "`/digest send`" },
  poker: { limit: 10, windowMs: 10 * 60_000, what: "`/poker`" },
  forecast: { limit: 20, windowMs: 10 * 60_000, what: "`/forecast`" },
} as const satisfies Record<string, RateLimit>;
export type RateLimitKind = keyof typeof RATE_LIMITS;

export interface RateLimiter {
  /** Counts one use; throws `RateLimitedError` (saying when to try again) once the window is full. */
  take(kind: RateLimitKind, teamId: string, userId: string): void;
}

/** Sweep expired windows once the map holds this many keys, so memory stays bounded. */
const SWEEP_AT = 10_000;

export function createRateLimiter(deps: {
  clock: Clock;
  limits?: Record<RateLimitKind, RateLimit>;
}): RateLimiter {
  const limits = deps.limits ?? RATE_LIMITS;
  const windows = new Map<string, { start: number; count: number; windowMs: number }>();

  function sweep(now: number): void {
    for (const [key, w] of windows) if (now - w.start >= w.windowMs) windows.delete(key);
  }

  return {
    take(kind, teamId, userId) {
      const { limit, windowMs, what } = limits[kind];
      const now = deps.clock.now().getTime();
      const key = `${kind}:${teamId}:${userId}`;
      let w = windows.get(key);
      if (!w || now - w.start >= windowMs) {
        if (windows.size >= SWEEP_AT) sweep(now);
        w = { start: now, count: 0, windowMs };
        windows.set(key, w);
      }
      if (w.count >= limit) {
        const waitMs = w.start + windowMs - now;
        throw new RateLimitedError(
          `You have used ${what} ${limit} times in the last ${duration(windowMs)}, the most one person may. Try again in ${duration(waitMs)}.`,
          waitMs,
        );
      }
      w.count += 1;
    },
  };
}

/** 45_000 → "45 seconds", 60_000 → "1 minute", 600_000 → "10 minutes", 3_600_000 → "1 hour". */
export function duration(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return plural(seconds, "second");
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60 || minutes % 60 !== 0) return plural(minutes, "minute");
  return plural(minutes / 60, "hour");
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}
