/**
 * Per-person rate limits on commands that post or compute: a fixed window per team + person +
 * kind. Fixed windows are the simplest limiter whose refusal can say exactly when to try again
 * (the window's end); the burst at a window edge (2 × limit) is harmless at these sizes.
 *
 * The windows live in the database (`RateLimitStore`, one upsert per use), so every replica counts
 * against the same budget and a restart forgets nothing: with three replicas behind a load
 * balancer, a person still gets `limit` uses per window, not three times that.
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

/** Where the windows are kept (the database; see `db/rate-limit.repository.ts`). */
export interface RateLimitStore {
  /**
   * Counts one use atomically: starts a new window at `now` when the stored one began at or before
   * `now - windowMs` (or there is none), else adds one to it. Returns the window after this use.
   */
  count(use: {
    kind: string;
    teamId: string;
    userId: string;
    now: number;
    windowMs: number;
  }): Promise<{ windowStart: number; uses: number }>;
}

export interface RateLimiter {
  /** Counts one use; rejects with `RateLimitedError` (saying when to try again) once the window is full. */
  take(kind: RateLimitKind, teamId: string, userId: string): Promise<void>;
}

export function createRateLimiter(deps: {
  store: RateLimitStore;
  clock: Clock;
  limits?: Record<RateLimitKind, RateLimit>;
}): RateLimiter {
  const limits = deps.limits ?? RATE_LIMITS;
  return {
    async take(kind, teamId, userId) {
      const { limit, windowMs, what } = limits[kind];
      const now = deps.clock.now().getTime();
      const window = await deps.store.count({ kind, teamId, userId, now, windowMs });
      // This use is counted either way; one past the limit is refused (and so is every later one).
      if (window.uses > limit) {
        const waitMs = window.windowStart + windowMs - now;
        throw new RateLimitedError(
          `You have used ${what} ${limit} times in the last ${duration(windowMs)}, the most one person may. Try again in ${duration(waitMs)}.`,
          waitMs,
        );
      }
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
