import { describe, expect, it } from "vitest";
import { FakeClock } from "../../../src/lib/clock.js";
import { RateLimitedError } from "../../../src/lib/errors.js";
import { createRateLimiter, duration, RATE_LIMITS } from "../../../src/services/rate-limit.service.js";

const limits = {
  ...RATE_LIMITS,
  poker: { limit: 3, windowMs: 60_000, what: "`/poker`" },
};

describe("per-person rate limiter (fixed window per team + person + kind)", () => {
  it("allows `limit` uses per window, then refuses saying when to try again", () => {
    const clock = new FakeClock("2026-12-01T10:00:00Z");
    const limiter = createRateLimiter({ clock, limits });
    for (let i = 0; i < 3; i++) limiter.take("poker", "T1", "U1");
    clock.advance(15_000);
    const refused = (() => {
      try {
        limiter.take("poker", "T1", "U1");
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect((refused as RateLimitedError).userMessage).toBe(
      "You have used `/poker` 3 times in the last 1 minute, the most one person may. Try again in 45 seconds.",
    );
    expect((refused as RateLimitedError).retryAfterMs).toBe(45_000);

    // A new window at the end of the old one.
    clock.advance(45_000);
    expect(() => limiter.take("poker", "T1", "U1")).not.toThrow();
  });

  it("keeps people, teams and kinds apart", () => {
    const clock = new FakeClock("2026-12-01T10:00:00Z");
    const limiter = createRateLimiter({ clock, limits });
    for (let i = 0; i < 3; i++) limiter.take("poker", "T1", "U1");
    expect(() => limiter.take("poker", "T1", "U1")).toThrow(RateLimitedError);
    expect(() => limiter.take("poker", "T1", "U2")).not.toThrow();
    expect(() => limiter.take("poker", "T2", "U1")).not.toThrow();
    expect(() => limiter.take("forecast", "T1", "U1")).not.toThrow();
  });

  it("limits each command the issue names", () => {
    expect(Object.keys(RATE_LIMITS).sort()).toEqual(["digestSend", "forecast", "poker", "request"]);
  });

  it("says durations for people", () => {
    expect(duration(400)).toBe("1 second");
    expect(duration(45_000)).toBe("45 seconds");
    expect(duration(61_000)).toBe("2 minutes");
    expect(duration(10 * 60_000)).toBe("10 minutes");
    expect(duration(60 * 60_000)).toBe("1 hour");
  });
});
