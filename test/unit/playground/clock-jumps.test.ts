import { describe, expect, it } from "vitest";
import { ShiftedClock } from "../../../src/lib/clock.js";
import { jumpTarget, nextNine } from "../../../src/playground/clock-jumps.js";

describe("the playground's clock jumps", () => {
  it("finds the next 09:00 in Berlin, winter (UTC+1) and summer (UTC+2)", () => {
    // Tue 1 Dec 2026 10:15 Berlin → Wed 2 Dec 09:00 Berlin = 08:00 UTC.
    expect(nextNine(new Date("2026-12-01T09:15:00Z"), "Europe/Berlin").toISOString()).toBe(
      "2026-12-02T08:00:00.000Z",
    );
    // Tue 1 Dec 08:59 Berlin → the same day.
    expect(nextNine(new Date("2026-12-01T07:59:00Z"), "Europe/Berlin").toISOString()).toBe(
      "2026-12-01T08:00:00.000Z",
    );
    // Exactly 09:00 is not "next": the following day.
    expect(nextNine(new Date("2026-12-01T08:00:00Z"), "Europe/Berlin").toISOString()).toBe(
      "2026-12-02T08:00:00.000Z",
    );
    // Summer: 09:00 Berlin = 07:00 UTC; across the spring switch (Sun 29 Mar 2026).
    expect(nextNine(new Date("2026-03-28T12:00:00Z"), "Europe/Berlin").toISOString()).toBe(
      "2026-03-29T07:00:00.000Z",
    );
  });

  it("finds the next Monday 09:00, a week on when it is Monday 09:00 already", () => {
    // Wed 2 Dec 2026 → Mon 7 Dec.
    expect(nextNine(new Date("2026-12-02T12:00:00Z"), "Europe/Berlin", true).toISOString()).toBe(
      "2026-12-07T08:00:00.000Z",
    );
    expect(jumpTarget(new Date("2026-12-07T08:00:00Z"), "monday-nine").toISOString()).toBe(
      "2026-12-14T08:00:00.000Z",
    );
  });

  it("jumps by an hour and a day", () => {
    const at = new Date("2026-12-02T10:30:00Z");
    expect(jumpTarget(at, "hour").toISOString()).toBe("2026-12-02T11:30:00.000Z");
    expect(jumpTarget(at, "day").toISOString()).toBe("2026-12-03T10:30:00.000Z");
  });

  it("ShiftedClock only moves forward", () => {
    const clock = new ShiftedClock(0);
    const start = clock.now().getTime();
    clock.advance(3_600_000);
    expect(clock.offset).toBe(3_600_000);
    clock.advance(-7_200_000);
    expect(clock.offset).toBe(3_600_000);
    clock.jumpTo(new Date(start)); // in its past: ignored
    expect(clock.offset).toBe(3_600_000);
    clock.jumpTo(new Date(start + 2 * 86_400_000));
    expect(clock.now().getTime() - start).toBeGreaterThanOrEqual(2 * 86_400_000);
    expect(clock.now().getTime() - start).toBeLessThan(2 * 86_400_000 + 1000);
  });
});
