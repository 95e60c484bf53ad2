import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  parkingOffset,
  RANK_GAP,
  rankBetween,
  rankWindow,
  rebalancedRanks,
  targetPosition,
} from "../../../src/domain/ordering.js";

describe("targetPosition", () => {
  it("maps each move to a 1-based position and clamps stale requests", () => {
    expect(targetPosition(5, 10, { kind: "top" })).toBe(1);
    expect(targetPosition(5, 10, { kind: "up" })).toBe(4);
    expect(targetPosition(5, 10, { kind: "down" })).toBe(6);
    expect(targetPosition(5, 10, { kind: "bottom" })).toBe(10);
    expect(targetPosition(5, 10, { kind: "to", position: 3 })).toBe(3);
    expect(targetPosition(1, 10, { kind: "up" })).toBe(1);
    expect(targetPosition(10, 10, { kind: "down" })).toBe(10);
    expect(targetPosition(5, 10, { kind: "to", position: 0 })).toBe(1);
    expect(targetPosition(5, 10, { kind: "to", position: 999 })).toBe(10);
    expect(targetPosition(5, 10, { kind: "to", position: 2.7 })).toBe(2);
    expect(targetPosition(5, 10, { kind: "to", position: Number.NaN })).toBe(5);
    expect(targetPosition(1, 1, { kind: "bottom" })).toBe(1);
  });
});

describe("rankBetween", () => {
  it("takes the middle of the gap", () => {
    expect(rankBetween(1024, 2048)).toBe(1536);
    expect(rankBetween(1, 3)).toBe(2);
  });

  it("lands one gap beyond the end when there is no neighbour on that side", () => {
    expect(rankBetween(null, 1024)).toBe(0);
    expect(rankBetween(5120, null)).toBe(5120 + RANK_GAP);
    expect(rankBetween(null, -4096)).toBe(-4096 - RANK_GAP);
    expect(rankBetween(null, null)).toBe(RANK_GAP);
  });

  it("avoids ranks held by archived stories between the neighbours", () => {
    expect(rankBetween(1024, 2048, [1536])).toBe(1280);
    expect(rankBetween(1, 3, [2])).toBeNull();
    expect(rankBetween(0, 10, [1, 2, 3, 4, 5, 6, 7, 8])).toBe(9);
    // Ranks outside the window don't matter.
    expect(rankBetween(1024, 2048, [5, 9999])).toBe(1536);
  });

  it("returns null when the neighbours are adjacent integers (rebalance needed)", () => {
    expect(rankBetween(7, 8)).toBeNull();
    expect(rankBetween(7, 7)).toBeNull();
  });

  it("halves the gap on repeated moves into one spot: about log2(1024) moves before a rebalance", () => {
    let upper = 2048;
    let moves = 0;
    for (;;) {
      const r = rankBetween(1024, upper);
      if (r === null) break;
      upper = r;
      moves++;
    }
    expect(moves).toBe(10);
  });

  it("always returns a free integer strictly inside the window (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e6, max: 1e6 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.array(fc.integer({ min: -1e6, max: 1e6 + 5000 })),
        (lower, width, taken) => {
          const upper = lower + width;
          const r = rankBetween(lower, upper, taken);
          const inside = taken.filter((t) => t > lower && t < upper);
          const free = width - 1 - new Set(inside).size;
          if (free <= 0) return r === null;
          return r !== null && Number.isInteger(r) && r > lower && r < upper && !taken.includes(r);
        },
      ),
    );
  });

  it("rankWindow gives the search interval, two gaps beyond a missing side", () => {
    expect(rankWindow(null, 1024)).toEqual([1024 - 2 * RANK_GAP, 1024]);
    expect(rankWindow(3, null)).toEqual([3, 3 + 2 * RANK_GAP]);
  });
});

describe("rebalance arithmetic", () => {
  it("spaces ranks by the gap", () => {
    expect(rebalancedRanks(3)).toEqual([1024, 2048, 3072]);
    expect(rebalancedRanks(0)).toEqual([]);
  });

  it("parks every rank below the old minimum and below zero (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 1e9 }), (min, span) => {
        const max = min + span;
        const d = parkingOffset(min, max);
        return max + d < Math.min(min, 0) && min + d < Math.min(min, 0);
      }),
    );
  });
});
