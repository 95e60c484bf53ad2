import { describe, expect, it } from "vitest";
import { CompletionHistogram, simulateCompletion } from "../../../../src/domain/forecast/index.js";
import { exactPercentileSprint, exactProbabilityDoneBy } from "./exact-distribution.js";

const TRIALS = 10_000;

describe("CompletionHistogram", () => {
  it("takes nearest-rank percentiles", () => {
    // 4 trials done in sprints 2, 3, 3, 5.
    const counts = new Int32Array([0, 1, 2, 0, 1]);
    const h = new CompletionHistogram(1, 4, 5, counts);
    expect(h.percentileSprint(0, 25)).toBe(2); // rank ⌈1⌉ = 1
    expect(h.percentileSprint(0, 50)).toBe(3); // rank 2
    expect(h.percentileSprint(0, 75)).toBe(3); // rank 3
    expect(h.percentileSprint(0, 85)).toBe(5); // rank ⌈3.4⌉ = 4
    expect(h.percentileSprint(0, 100)).toBe(5);
    expect(h.probabilityDoneBy(0, 3)).toBe(0.75);
    expect(h.count(0, 0)).toBe(0);
    expect(h.count(0, 6)).toBe(0);
  });

  it("says null when too few trials finish within the horizon", () => {
    // 10 trials: 8 done in sprint 1, 2 never.
    const h = new CompletionHistogram(1, 10, 2, new Int32Array([8, 0]));
    expect(h.percentileSprint(0, 80)).toBe(1);
    expect(h.percentileSprint(0, 85)).toBeNull();
  });
});

describe("simulateCompletion", () => {
  it("with a constant velocity of 10, 25 points are done in sprint 3 in every trial", () => {
    const h = simulateCompletion({
      velocities: [10, 10, 10],
      cumulativeNeeds: [25],
      trials: 1000,
      seed: 1,
      horizonSprints: 520,
    });
    expect(h.count(0, 3)).toBe(1000);
    for (const p of [1, 50, 85, 95, 100]) expect(h.percentileSprint(0, p)).toBe(3);
  });

  it("matches the exact distribution for velocities {5, 15} (hand-computed)", () => {
    // Done by sprint k ⇔ the sum of k draws from {5, 15} reaches the need.
    // Need 20: k=1 never; k=2 unless 5+5 → 3/4; k=3 unless 5+5+5 → 7/8; k=4 always (≥ 20).
    // Need 25: k=2 only 15+15 → 1/4; k=3 unless all 5 → 7/8; k=4 unless all 5 → 15/16; k=5 always.
    const h = simulateCompletion({
      velocities: [5, 15, 5, 15],
      cumulativeNeeds: [20, 25],
      trials: TRIALS,
      seed: 2024,
      horizonSprints: 520,
    });
    const expected: Array<[position: number, sprint: number, probability: number]> = [
      [0, 1, 0],
      [0, 2, 3 / 4],
      [0, 3, 7 / 8],
      [0, 4, 1],
      [1, 2, 1 / 4],
      [1, 3, 7 / 8],
      [1, 4, 15 / 16],
      [1, 5, 1],
    ];
    for (const [position, sprint, p] of expected) {
      // 5 standard errors of a proportion over 10,000 trials (at most 0.025).
      const tolerance = 5 * Math.sqrt((p * (1 - p)) / TRIALS) + 1e-12;
      expect(
        Math.abs(h.probabilityDoneBy(position, sprint) - p),
        `pos ${position} sprint ${sprint}`,
      ).toBeLessThanOrEqual(tolerance);
    }
    // Need 20: p50 → 2 (3/4 ≥ .5), p85 → 3 (7/8 ≥ .85), p95 → 4.
    expect([50, 85, 95].map((p) => h.percentileSprint(0, p))).toEqual([2, 3, 4]);
    // Need 25: p50 → 3, p85 → 3 (7/8 ≥ .85), p95 → 5 (15/16 = .9375 < .95).
    expect([50, 85, 95].map((p) => h.percentileSprint(1, p))).toEqual([3, 3, 5]);
  });

  it("matches enumerated percentiles for a skewed history with zeros, wherever the answer is not a coin flip", () => {
    const velocities = [0, 3, 8, 8, 13];
    const needs = [5, 10, 16, 21, 30, 42, 55];
    const h = simulateCompletion({
      velocities,
      cumulativeNeeds: needs,
      trials: TRIALS,
      seed: 7,
      horizonSprints: 40,
    });
    let checked = 0;
    needs.forEach((need, position) => {
      for (const p of [50, 85, 95]) {
        const exact = exactPercentileSprint(velocities, need, p, 40)!;
        // Skip when the exact CDF of a neighbouring sprint sits within 5 standard errors of p,
        // where Monte Carlo may legitimately land one sprint off.
        const near = [exact - 1, exact].some((k) => {
          const q = exactProbabilityDoneBy(velocities, need, k);
          return Math.abs(q - p / 100) < 5 * Math.sqrt((q * (1 - q)) / TRIALS);
        });
        if (near) continue;
        expect(h.percentileSprint(position, p), `need ${need} p${p}`).toBe(exact);
        checked++;
      }
    });
    expect(checked).toBeGreaterThanOrEqual(15);
  });

  it("is deterministic for a seed and varies with it", () => {
    const run = (seed: number) => {
      const h = simulateCompletion({
        velocities: [5, 15, 8],
        cumulativeNeeds: [20, 40],
        trials: 500,
        seed,
        horizonSprints: 50,
      });
      return Array.from({ length: 10 }, (_, k) => h.count(1, k + 1));
    };
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
  });

  it("gives each position the same distribution whatever positions come after it", () => {
    const base = { velocities: [3, 9, 14, 0], trials: 2000, seed: 99, horizonSprints: 100 };
    const short = simulateCompletion({ ...base, cumulativeNeeds: [4, 11] });
    const long = simulateCompletion({ ...base, cumulativeNeeds: [4, 11, 30, 60, 200] });
    for (const position of [0, 1]) {
      for (let k = 1; k <= 100; k++) expect(long.count(position, k)).toBe(short.count(position, k));
    }
  });

  it("counts 0-point needs as done in sprint 1, even at zero velocity", () => {
    const h = simulateCompletion({
      velocities: [0],
      cumulativeNeeds: [0, 0],
      trials: 10,
      seed: 1,
      horizonSprints: 5,
    });
    expect(h.count(0, 1)).toBe(10);
    expect(h.count(1, 1)).toBe(10);
  });

  it("stops at the horizon instead of looping when velocity is 0", () => {
    const h = simulateCompletion({
      velocities: [0, 0],
      cumulativeNeeds: [1],
      trials: 100,
      seed: 1,
      horizonSprints: 520,
    });
    expect(h.probabilityDoneBy(0, 520)).toBe(0);
    expect(h.percentileSprint(0, 50)).toBeNull();
  });

  it("treats exact fits as done despite floating-point sums", () => {
    // Items of 0.1 and 0.2 points need 0.1 + 0.2 = 0.30000000000000004 in floating point, and a
    // sprint of 0.3 must still cover them.
    const h = simulateCompletion({
      velocities: [0.3],
      cumulativeNeeds: [0.1 + 0.2],
      trials: 10,
      seed: 1,
      horizonSprints: 10,
    });
    expect(h.count(0, 1)).toBe(10);
  });

  describe("a running sprint (firstSprintDonePoints)", () => {
    it("draws sprint 1 only from past sprints that got as far, and counts only the rest", () => {
      // History {5, 15}, 8 done: the sprint's total must be 15, so 7 more points fit in sprint 1.
      const h = simulateCompletion({
        velocities: [5, 15, 5],
        cumulativeNeeds: [7, 8],
        trials: 1000,
        seed: 3,
        horizonSprints: 10,
        firstSprintDonePoints: 8,
      });
      expect(h.count(0, 1)).toBe(1000);
      expect(h.count(1, 1)).toBe(0);
    });

    it("adds nothing in sprint 1 when the team already did more than any past sprint", () => {
      const h = simulateCompletion({
        velocities: [10, 10, 10],
        cumulativeNeeds: [1],
        trials: 100,
        seed: 3,
        horizonSprints: 10,
        firstSprintDonePoints: 11,
      });
      expect(h.count(0, 2)).toBe(100);
    });
  });
});
