import { Sfc32 } from "./prng.js";

/**
 * Relative slack for floating-point sums: items of 0.1 and 0.2 points need 0.1 + 0.2 =
 * 0.30000000000000004 in total, which a 0.3-point sprint would miss by a hair and push the item a
 * whole sprint later. Scaled by the total because rounding error grows with the magnitude.
 */
const EPSILON = 1e-9;

/** Input of one Monte Carlo pass. Callers (see `forecastBacklog`) validate it first. */
export interface SimulationInput {
  /** Points completed per finished sprint; sampled with replacement. Non-empty, each ≥ 0. */
  readonly velocities: readonly number[];
  /**
   * For each queue position, the total points that must be done before it counts as done
   * (its own points plus everything ahead of it). Non-decreasing.
   */
  readonly cumulativeNeeds: readonly number[];
  /** Number of simulated futures, ≥ 1. */
  readonly trials: number;
  /** Only the low 32 bits are used. */
  readonly seed: number;
  /** Sprints simulated per trial at most; a position not done by then is "beyond the horizon". */
  readonly horizonSprints: number;
  /**
   * Set when sprint 1 is a sprint already running with this many points done. Sprint 1's total is
   * then drawn only from past sprints whose total was at least this (we know the team got that far),
   * and only the rest, total − done, is left to do. If no past sprint reached it, sprint 1 adds 0.
   * Example: history [5, 15], 8 done → sprint 1's total must be 15, so 7 more points fit.
   */
  readonly firstSprintDonePoints?: number | undefined;
}

/**
 * How many trials finished each position in each sprint: one pass over the trials gives the
 * distribution for every position at once.
 */
export class CompletionHistogram {
  /**
   * @param counts `counts[position * horizonSprints + (sprint - 1)]` = trials in which that position
   *   got done in that sprint (as `simulateCompletion` fills it).
   */
  constructor(
    readonly positions: number,
    readonly trials: number,
    readonly horizonSprints: number,
    private readonly counts: Int32Array,
  ) {}

  /** Trials in which `position` (0-based) got done exactly in `sprint` (1-based). */
  count(position: number, sprint: number): number {
    if (sprint < 1 || sprint > this.horizonSprints) return 0;
    return this.counts[position * this.horizonSprints + sprint - 1] ?? 0;
  }

  /** Fraction of trials in which `position` is done by the end of `sprint` (the empirical CDF). */
  probabilityDoneBy(position: number, sprint: number): number {
    let done = 0;
    const last = Math.min(sprint, this.horizonSprints);
    for (let k = 1; k <= last; k++) done += this.count(position, k);
    return done / this.trials;
  }

  /**
   * Nearest-rank percentile of the sprint in which `position` gets done: the smallest sprint k such
   * that at least ⌈p/100 · trials⌉ trials were done by k. `null` when fewer trials than that were done
   * within the horizon. `p` in (0, 100].
   * Example: 4 trials done in sprints [2, 3, 3, 5]; p85 → rank ⌈3.4⌉ = 4 → sprint 5; p50 → rank 2 → 3.
   */
  percentileSprint(position: number, p: number): number | null {
    const rank = Math.max(1, Math.ceil((p / 100) * this.trials));
    let done = 0;
    for (let k = 1; k <= this.horizonSprints; k++) {
      done += this.count(position, k);
      if (done >= rank) return k;
    }
    return null;
  }
}

/**
 * Runs the Monte Carlo simulation: each trial draws sprint totals from `velocities` with replacement
 * and adds them up sprint by sprint; a position is done in the first sprint whose running total
 * covers its cumulative need. Because needs are non-decreasing, one pointer walks the positions as
 * the total grows, so a trial costs O(sprints + positions) and stops as soon as the last requested
 * position is done (or at the horizon). Deterministic in `(velocities, needs, trials, seed, horizon,
 * firstSprintDonePoints)`; trial t uses PRNG stream t, one draw per simulated sprint.
 */
export function simulateCompletion(input: SimulationInput): CompletionHistogram {
  const { trials, horizonSprints } = input;
  const velocities = Float64Array.from(input.velocities);
  const needs = Float64Array.from(input.cumulativeNeeds);
  const positions = needs.length;
  // Written by the hot loop directly (not through a method) so it stays a tight loop over typed arrays.
  const counts = new Int32Array(positions * horizonSprints);
  const histogram = new CompletionHistogram(positions, trials, horizonSprints, counts);
  if (positions === 0) return histogram;

  const done = input.firstSprintDonePoints;
  // What is left of a running sprint, per past sprint that got at least as far (see the input docs).
  const firstSprintRest =
    done === undefined
      ? null
      : Float64Array.from(input.velocities.filter((v) => v >= done).map((v) => v - done));

  const rng = new Sfc32(input.seed);
  const n = velocities.length;
  for (let trial = 0; trial < trials; trial++) {
    rng.reseed(input.seed, trial);
    let total = 0;
    let position = 0;
    for (let sprint = 1; sprint <= horizonSprints; sprint++) {
      if (sprint === 1 && firstSprintRest !== null) {
        const index = rng.nextIndex(Math.max(1, firstSprintRest.length));
        total += firstSprintRest.length === 0 ? 0 : firstSprintRest[index]!;
      } else {
        total += velocities[rng.nextIndex(n)]!;
      }
      while (position < positions && needs[position]! <= total + EPSILON * (1 + total)) {
        counts[position * horizonSprints + sprint - 1]! += 1;
        position++;
      }
      if (position === positions) break;
    }
  }
  return histogram;
}
