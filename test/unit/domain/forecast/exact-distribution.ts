/**
 * Exact reference for the Monte Carlo tests: the distribution of the sprint in which cumulative
 * `need` points are done when each sprint completes a uniformly drawn value of `velocities`.
 * Velocities are ≥ 0, so the running total never falls and "done by sprint k" is "total after k
 * sprints ≥ need"; the total's distribution after k sprints is a k-fold convolution (enumeration).
 */
export function exactProbabilityDoneBy(velocities: readonly number[], need: number, sprint: number): number {
  let distribution = new Map<number, number>([[0, 1]]);
  for (let k = 0; k < sprint; k++) {
    const next = new Map<number, number>();
    for (const [total, p] of distribution) {
      for (const v of velocities) next.set(total + v, (next.get(total + v) ?? 0) + p / velocities.length);
    }
    distribution = next;
  }
  let done = 0;
  for (const [total, p] of distribution) if (total >= need) done += p;
  return done;
}

/** Smallest sprint k with P(done by k) ≥ p/100, or null within `horizon`. */
export function exactPercentileSprint(
  velocities: readonly number[],
  need: number,
  p: number,
  horizon: number,
): number | null {
  for (let k = 1; k <= horizon; k++) if (exactProbabilityDoneBy(velocities, need, k) >= p / 100) return k;
  return null;
}
