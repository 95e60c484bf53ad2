import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type BacklogForecast,
  type CompletionForecast,
  type ForecastInput,
  ForecastInputError,
  type ForecastItemId,
  type ForecastResult,
  forecastBacklog,
  MIN_HISTORY_SPRINTS,
  type SprintContext,
} from "../../../../src/domain/forecast/index.js";
import { ValidationError } from "../../../../src/lib/errors.js";

const nextSprint: SprintContext = {
  kind: "between_sprints",
  sprintLengthDays: 14,
  nextSprintStart: "2025-01-06",
};

function base(overrides: Partial<ForecastInput<string>> = {}): ForecastInput<string> {
  return {
    velocityHistory: [10, 10, 10],
    queue: [{ id: "A", points: 25 }],
    sprint: nextSprint,
    seed: 1,
    trials: 2000,
    ...overrides,
  };
}

function expectForecast<Id extends ForecastItemId>(result: ForecastResult<Id>): BacklogForecast<Id> {
  if (result.kind !== "forecast") throw new Error(`expected a forecast, got ${result.kind}`);
  return result;
}

const sprintOf = (c: CompletionForecast): number =>
  c.kind === "by_sprint" ? c.sprint : Number.POSITIVE_INFINITY;
const triple = (item: { p50: CompletionForecast; p85: CompletionForecast; p95: CompletionForecast }) => [
  sprintOf(item.p50),
  sprintOf(item.p85),
  sprintOf(item.p95),
];

describe("forecastBacklog", () => {
  describe("hand-computed cases", () => {
    it("constant velocity 10: an item needing 25 points is done in sprint 3 at every percentile", () => {
      const result = expectForecast(forecastBacklog(base()));
      const [item] = result.items;
      // Sprint 1 runs 2025-01-06 … 01-19, sprint 2 … 02-02, sprint 3 … 02-16.
      const sprint3 = { kind: "by_sprint", sprint: 3, endDate: "2025-02-16" };
      expect(item).toEqual({
        id: "A",
        position: 1,
        points: 25,
        estimated: true,
        cumulativePoints: 25,
        p50: sprint3,
        p85: sprint3,
        p95: sprint3,
      });
    });

    it("accumulates the queue: with velocity 10, items of 10, 5, 5 and 1 land in sprints 1, 2, 2, 3", () => {
      const queue = [10, 5, 5, 1].map((points, i) => ({ id: `S${i}`, points }));
      const result = expectForecast(forecastBacklog(base({ queue })));
      expect(result.items.map((i) => i.cumulativePoints)).toEqual([10, 15, 20, 21]);
      expect(result.items.map((i) => triple(i))).toEqual([
        [1, 1, 1],
        [2, 2, 2],
        [2, 2, 2],
        [3, 3, 3],
      ]);
    });

    it("two-valued velocity {5, 15} matches the enumerated distribution", () => {
      // Cumulative 20: P(done by 2) = 3/4, by 3 = 7/8, by 4 = 1 → p50 2, p85 3, p95 4.
      // Cumulative 25: P(by 2) = 1/4, by 3 = 7/8, by 4 = 15/16, by 5 = 1 → p50 3, p85 3, p95 5.
      const result = expectForecast(
        forecastBacklog(
          base({
            velocityHistory: [5, 15, 15, 5],
            queue: [
              { id: "A", points: 20 },
              { id: "B", points: 5 },
            ],
            trials: 10_000,
            seed: 77,
          }),
        ),
      );
      expect(result.items.map((i) => triple(i))).toEqual([
        [2, 3, 4],
        [3, 3, 5],
      ]);
      expect(result.items[1]?.p95).toEqual({ kind: "by_sprint", sprint: 5, endDate: "2025-03-16" });
    });

    it("uses 10,000 trials by default", () => {
      const result = expectForecast(forecastBacklog(base({ trials: undefined })));
      expect(result.trials).toBe(10_000);
    });
  });

  describe("a running sprint", () => {
    const inSprint = (extra: Partial<Extract<SprintContext, { kind: "in_sprint" }>> = {}): SprintContext => ({
      kind: "in_sprint",
      sprintLengthDays: 14,
      currentSprintEnd: "2025-01-17",
      ...extra,
    });

    it("counts the running sprint as sprint 1 and dates sprint k from its end", () => {
      const result = expectForecast(forecastBacklog(base({ sprint: inSprint() })));
      expect(result.items[0]?.p50).toEqual({ kind: "by_sprint", sprint: 3, endDate: "2025-02-14" });
    });

    it("subtracts points already done and puts the sprint's open scope ahead of the queue", () => {
      // Velocity 10, 4 done → 6 more fit in sprint 1; 3 open come first.
      // Queue 3 → cumulative 6 → sprint 1; then 5 → 11 ≤ 6 + 10 → sprint 2; then 6 → 17 > 16 → sprint 3.
      const result = expectForecast(
        forecastBacklog(
          base({
            sprint: inSprint({ donePoints: 4, remainingPoints: 3 }),
            queue: [
              { id: "A", points: 3 },
              { id: "B", points: 5 },
              { id: "C", points: 6 },
            ],
          }),
        ),
      );
      expect(result.items.map((i) => i.cumulativePoints)).toEqual([6, 11, 17]);
      expect(result.items.map((i) => sprintOf(i.p95))).toEqual([1, 2, 3]);
    });

    it("knows the sprint's total is at least what is done (history {5, 15}, 8 done → 7 more)", () => {
      const result = expectForecast(
        forecastBacklog(
          base({
            velocityHistory: [5, 15, 5, 15],
            sprint: inSprint({ donePoints: 8 }),
            queue: [{ id: "A", points: 7 }],
          }),
        ),
      );
      expect(triple(result.items[0]!)).toEqual([1, 1, 1]);
    });
  });

  describe("honest refusals", () => {
    it.each([[[]], [[12]], [[12, 30]]])("says there is too little history with %j", (history) => {
      expect(forecastBacklog(base({ velocityHistory: history }))).toEqual({
        kind: "insufficient_history",
        sprintsAvailable: history.length,
        sprintsNeeded: MIN_HISTORY_SPRINTS,
      });
    });

    it("counts only the lookback window as history", () => {
      expect(forecastBacklog(base({ velocityHistory: [10, 10, 10, 10], lookbackSprints: 2 }))).toMatchObject({
        kind: "insufficient_history",
        sprintsAvailable: 2,
      });
    });

    it("uses only the most recent sprints when a lookback is given", () => {
      // The old zeros are outside the 3-sprint window, so the velocity is a constant 10.
      const result = expectForecast(
        forecastBacklog(base({ velocityHistory: [0, 0, 0, 10, 10, 10], lookbackSprints: 3 })),
      );
      expect(result.sprintsUsed).toBe(3);
      expect(triple(result.items[0]!)).toEqual([3, 3, 3]);
    });

    it("says velocity is zero when every sprint completed nothing", () => {
      expect(forecastBacklog(base({ velocityHistory: [0, 0, 0, 0] }))).toEqual({
        kind: "zero_velocity",
        sprintsUsed: 4,
      });
    });

    it("reports beyond the horizon instead of looping when the pace is too slow", () => {
      // Velocity {0, 0, 10}, horizon 3: 10 points are done by sprint 2 with P = 1 − (2/3)² = 5/9,
      // by sprint 3 with P = 19/27 ≈ 0.70, so p85 and p95 are beyond the horizon; 1000 points never.
      const result = expectForecast(
        forecastBacklog(
          base({
            velocityHistory: [0, 0, 10],
            horizonSprints: 3,
            queue: [
              { id: "A", points: 10 },
              { id: "B", points: 990 },
            ],
            trials: 10_000,
          }),
        ),
      );
      expect(result.horizonSprints).toBe(3);
      expect(result.items[0]?.p50).toEqual({ kind: "by_sprint", sprint: 2, endDate: "2025-02-02" });
      expect(result.items[0]?.p85).toEqual({ kind: "beyond_horizon" });
      expect(result.items[1]?.p50).toEqual({ kind: "beyond_horizon" });
    });

    it("caps the default horizon at 520 sprints", () => {
      const result = expectForecast(
        forecastBacklog(
          base({ velocityHistory: [1, 0, 0], queue: [{ id: "A", points: 1_000_000 }], trials: 50 }),
        ),
      );
      expect(result.horizonSprints).toBe(520);
      expect(result.items[0]?.p50).toEqual({ kind: "beyond_horizon" });
    });
  });

  describe("unestimated items", () => {
    it("count as the median of the estimated items in the queue and are flagged", () => {
      const queue = [
        { id: "A", points: 3 },
        { id: "B", points: null },
        { id: "C", points: 8 },
        { id: "D", points: 5 },
      ];
      const result = expectForecast(forecastBacklog(base({ queue })));
      expect(result.medianStorySize).toBe(5);
      expect(result.medianSource).toBe("queue");
      expect(result.usedMedianFor).toEqual(["B"]);
      expect(result.items[1]).toMatchObject({ id: "B", points: 5, estimated: false, cumulativePoints: 8 });
      expect(result.items[2]).toMatchObject({ estimated: true, cumulativePoints: 16 });
    });

    it("take the median from the whole queue, not just the forecast window", () => {
      const queue = [
        { id: "A", points: null },
        { id: "B", points: 1 },
        { id: "C", points: 13 },
        { id: "D", points: 13 },
      ];
      const result = expectForecast(forecastBacklog(base({ queue, limit: 2 })));
      expect(result.medianStorySize).toBe(13);
      expect(result.items.map((i) => i.points)).toEqual([13, 1]);
    });

    it("use a provided historical median over the queue's", () => {
      const queue = [
        { id: "A", points: 8 },
        { id: "B", points: null },
      ];
      const result = expectForecast(forecastBacklog(base({ queue, medianStorySize: 2 })));
      expect(result).toMatchObject({ medianStorySize: 2, medianSource: "provided", usedMedianFor: ["B"] });
      expect(result.items[1]?.cumulativePoints).toBe(10);
    });

    it("need no median when every forecast item is estimated", () => {
      const queue = [
        { id: "A", points: 3 },
        { id: "B", points: null },
      ];
      const result = expectForecast(forecastBacklog(base({ queue, limit: 1 })));
      expect(result).toMatchObject({ medianStorySize: null, medianSource: null, usedMedianFor: [] });
    });

    it("make the forecast refuse when nothing is estimated and no median is given", () => {
      const queue = [
        { id: "A", points: null },
        { id: "B", points: null },
      ];
      expect(forecastBacklog(base({ queue }))).toEqual({ kind: "no_estimates", unestimatedIds: ["A", "B"] });
    });
  });

  describe("top N", () => {
    it("forecasts only the first `limit` items, and an empty queue gives no items", () => {
      const queue = Array.from({ length: 50 }, (_, i) => ({ id: `S${i}`, points: 3 }));
      expect(expectForecast(forecastBacklog(base({ queue, limit: 20 }))).items).toHaveLength(20);
      expect(expectForecast(forecastBacklog(base({ queue: [] }))).items).toEqual([]);
    });

    it("is deterministic for a seed", () => {
      const input = base({
        velocityHistory: [4, 19, 11, 0, 23],
        queue: [{ id: "A", points: 60 }],
        trials: 3000,
      });
      expect(forecastBacklog(input)).toEqual(forecastBacklog(input));
      const bySeed = new Set(
        Array.from({ length: 8 }, (_, seed) => {
          const r = expectForecast(forecastBacklog({ ...input, seed, trials: 50 }));
          return JSON.stringify(r.items[0]);
        }),
      );
      expect(bySeed.size).toBeGreaterThan(1);
    });

    it("never forecasts a later item earlier than an earlier one, gives p50 ≤ p85 ≤ p95, and is limit-independent", () => {
      const points = fc.constantFrom<number | null>(null, 0, 1, 2, 3, 5, 8, 13, 21);
      fc.assert(
        fc.property(
          fc
            .array(fc.integer({ min: 0, max: 30 }), { minLength: 3, maxLength: 8 })
            .filter((h) => h.some((v) => v > 0)),
          fc.array(points, { minLength: 1, maxLength: 15 }).filter((q) => q.some((p) => p !== null)),
          fc.integer(),
          fc.integer({ min: 0, max: 15 }),
          (history, sizes, seed, limit) => {
            const input = base({
              velocityHistory: history,
              queue: sizes.map((p, i) => ({ id: `S${i}`, points: p })),
              seed,
              trials: 200,
              horizonSprints: 60,
            });
            const all = expectForecast(forecastBacklog(input));
            let previous = [0, 0, 0];
            for (const item of all.items) {
              const current = triple(item);
              expect(current[0]).toBeLessThanOrEqual(current[1]!);
              expect(current[1]).toBeLessThanOrEqual(current[2]!);
              for (const [i, s] of current.entries()) expect(s).toBeGreaterThanOrEqual(previous[i]!);
              previous = current;
            }
            const top = expectForecast(forecastBacklog({ ...input, limit }));
            expect(top.items).toEqual(all.items.slice(0, limit));
          },
        ),
        { numRuns: 60 },
      );
    });
  });

  describe("validation", () => {
    it("lists every problem at once as a ForecastInputError (a ValidationError)", () => {
      const bad = base({
        velocityHistory: [10, -1, Number.NaN],
        queue: [{ id: "A", points: -3 }],
        sprint: { kind: "between_sprints", sprintLengthDays: 0, nextSprintStart: "2025-02-30" },
        trials: 0,
        horizonSprints: 1.5,
        seed: 0.5,
        limit: -1,
        lookbackSprints: 0,
        medianStorySize: Number.POSITIVE_INFINITY,
      });
      let error: unknown;
      try {
        forecastBacklog(bad);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ForecastInputError);
      expect(error).toBeInstanceOf(ValidationError);
      const { code, fieldErrors } = error as ForecastInputError;
      expect(code).toBe("validation");
      expect(Object.keys(fieldErrors).sort()).toEqual(
        [
          "velocityHistory[1]",
          "velocityHistory[2]",
          "queue[0].points",
          "sprint.sprintLengthDays",
          "sprint.nextSprintStart",
          "trials",
          "horizonSprints",
          "seed",
          "limit",
          "lookbackSprints",
          "medianStorySize",
        ].sort(),
      );
    });

    it("checks a running sprint's fields", () => {
      const sprint: SprintContext = {
        kind: "in_sprint",
        sprintLengthDays: 14,
        currentSprintEnd: "17/01/2025",
        donePoints: -1,
        remainingPoints: Number.NaN,
      };
      expect(() => forecastBacklog(base({ sprint }))).toThrow(ForecastInputError);
      try {
        forecastBacklog(base({ sprint }));
      } catch (e) {
        expect(Object.keys((e as ForecastInputError).fieldErrors).sort()).toEqual([
          "sprint.currentSprintEnd",
          "sprint.donePoints",
          "sprint.remainingPoints",
        ]);
      }
    });
  });

  describe("performance", () => {
    // 10,000 stories, 10,000 trials: one simulation pass serves all requested positions.
    const queue = Array.from({ length: 10_000 }, (_, i) => ({
      id: i,
      points: i % 7 === 0 ? null : ([1, 2, 3, 5, 8] as const)[i % 5]!,
    }));
    const input: ForecastInput<number> = {
      velocityHistory: [21, 30, 25, 18, 34, 27, 0, 29],
      queue,
      sprint: nextSprint,
      seed: 42,
      trials: 10_000,
      limit: 20,
    };

    it("forecasts the top 20 of 10,000 stories with 10,000 trials in a few ms", () => {
      forecastBacklog(input); // warm up the JIT
      const runs = 5;
      const start = performance.now();
      for (let i = 0; i < runs; i++) forecastBacklog(input);
      const perRun = (performance.now() - start) / runs;
      // Typically 2–5 ms; the bound leaves room for slow, shared CI machines.
      expect(perRun).toBeLessThan(50);
    });

    it("forecasts all 10,000 positions in one pass, well under a few seconds", () => {
      const start = performance.now();
      const result = expectForecast(forecastBacklog({ ...input, limit: undefined }));
      expect(performance.now() - start).toBeLessThan(5000);
      expect(result.items).toHaveLength(10_000);
      expect(result.items[9_999]?.p50).toEqual({ kind: "beyond_horizon" });
    });
  });
});
