/**
 * The per-person limiter over the real database store (`rate_limits`): fixed windows, exact
 * counting, and one budget shared by every limiter (replica) on the same database.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createRateLimitStore } from "../../../src/db/rate-limit.repository.js";
import { FakeClock } from "../../../src/lib/clock.js";
import { RateLimitedError } from "../../../src/lib/errors.js";
import { createRateLimiter, duration, RATE_LIMITS } from "../../../src/services/rate-limit.service.js";
import { createTestDatabase, openTestDatabaseAt, type TestDatabase } from "../../support/db.js";

const limits = {
  ...RATE_LIMITS,
  poker: { limit: 3, windowMs: 60_000, what: "`/poker`" },
};

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase("file");
});
afterEach(() => db.dispose());

const limiterOn = (handle: TestDatabase, clock: FakeClock) =>
  createRateLimiter({ store: createRateLimitStore(handle.db), clock, limits });

async function refusal(take: Promise<void>): Promise<RateLimitedError | null> {
  try {
    await take;
    return null;
  } catch (error) {
    if (error instanceof RateLimitedError) return error;
    throw error;
  }
}

describe("per-person rate limiter (fixed window per team + person + kind, in the database)", () => {
  it("allows `limit` uses per window, then refuses saying when to try again", async () => {
    const clock = new FakeClock("2026-12-01T10:00:00Z");
    const limiter = limiterOn(db, clock);
    for (let i = 0; i < 3; i++) await limiter.take("poker", "T1", "U1");
    clock.advance(15_000);
    const refused = await refusal(limiter.take("poker", "T1", "U1"));
    expect(refused?.userMessage).toBe(
      "You have used `/poker` 3 times in the last 1 minute, the most one person may. Try again in 45 seconds.",
    );
    expect(refused?.retryAfterMs).toBe(45_000);
    // Refused uses don't move the window: still 44 seconds to go one second later.
    clock.advance(1_000);
    expect((await refusal(limiter.take("poker", "T1", "U1")))?.retryAfterMs).toBe(44_000);

    // A new window at the end of the old one, with the full budget again.
    clock.advance(44_000);
    for (let i = 0; i < 3; i++) expect(await refusal(limiter.take("poker", "T1", "U1"))).toBeNull();
    expect(await refusal(limiter.take("poker", "T1", "U1"))).toBeInstanceOf(RateLimitedError);
  });

  it("keeps people, teams and kinds apart", async () => {
    const clock = new FakeClock("2026-12-01T10:00:00Z");
    const limiter = limiterOn(db, clock);
    for (let i = 0; i < 3; i++) await limiter.take("poker", "T1", "U1");
    expect(await refusal(limiter.take("poker", "T1", "U1"))).toBeInstanceOf(RateLimitedError);
    expect(await refusal(limiter.take("poker", "T1", "U2"))).toBeNull();
    expect(await refusal(limiter.take("poker", "T2", "U1"))).toBeNull();
    expect(await refusal(limiter.take("forecast", "T1", "U1"))).toBeNull();
  });

  it("two limiters on one database (two replicas) share one budget, even when uses race", async () => {
    const clock = new FakeClock("2026-12-01T10:00:00Z");
    const second = await openTestDatabaseAt(db.path); // its own connection, as another process has
    try {
      const replicas = [limiterOn(db, clock), limiterOn(second, clock)];
      const outcomes = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          refusal(replicas[i % 2]?.take("poker", "T1", "U1") as Promise<void>),
        ),
      );
      expect(outcomes.filter((o) => o === null)).toHaveLength(3);
      expect(outcomes.filter((o) => o instanceof RateLimitedError)).toHaveLength(9);
      // One row per kind + team + person, however many uses.
      expect(await db.db.selectFrom("rate_limits").selectAll().execute()).toEqual([
        { kind: "poker", team_id: "T1", user_id: "U1", window_start: clock.now().getTime(), uses: 12 },
      ]);
    } finally {
      await second.dispose();
    }
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
