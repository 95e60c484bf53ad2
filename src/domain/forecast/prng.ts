/**
 * A small, fast, seedable PRNG for the Monte Carlo forecast.
 *
 * Why our own: the forecast must be reproducible from a seed (tests, and the same digest showing the
 * same dates when nothing changed), `Math.random` cannot be seeded, and sfc32 is ~15 lines, passes
 * PractRand/BigCrush, and runs on 32-bit integer ops that V8 keeps unboxed.
 *
 * Why per-stream seeding: each Monte Carlo trial gets its own stream derived from `(seed, trial)`.
 * The draws of trial 7 then do not depend on how many sprints trial 6 needed, so forecasting the top
 * 10 or the top 20 items gives the same answer for item 5.
 */

const GOLDEN_GAMMA = 0x9e3779b9;

/** murmur3's 32-bit finaliser as a signed int32 (kept signed inside the generator: see `Sfc32`). */
function fmix32(x: number): number {
  let z = x | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return z ^ (z >>> 16);
}

/** The murmur3 32-bit finaliser: a bijective avalanche mix of a 32-bit integer, as a uint32. */
export function mix32(x: number): number {
  return fmix32(x) >>> 0;
}

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Chaotic generator), 128-bit state.
 * Contract: the same `(seed, stream)` always yields the same sequence. Only the low 32 bits of
 * `seed` and `stream` are used.
 */
export class Sfc32 {
  // The state stays signed int32 (`| 0`) throughout: V8 then keeps it unboxed, while an unsigned value
  // ≥ 2^31 would become a heap number and cost an allocation per draw (measured ~3× slower).
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  constructor(seed: number, stream = 0) {
    this.reseed(seed, stream);
  }

  /** Restart at the beginning of stream `stream` of `seed` (cheap: no allocation). */
  reseed(seed: number, stream = 0): void {
    // splitmix32 expands the (seed, stream) pair into the state words; the odd multiplier on the
    // stream keeps neighbouring streams (trial 1, trial 2, …) far apart before mixing.
    let x = (seed ^ fmix32(Math.imul(stream, GOLDEN_GAMMA) ^ 0x5bd1e995)) | 0;
    x = (x + GOLDEN_GAMMA) | 0;
    this.a = fmix32(x);
    x = (x + GOLDEN_GAMMA) | 0;
    this.b = fmix32(x);
    x = (x + GOLDEN_GAMMA) | 0;
    this.c = fmix32(x);
    this.d = 1;
    // The reference seeding (a = b = c = seed) needs 12 warm-up rounds; our words are already hashed
    // apart, so 4 rounds to mix in the counter suffice and keep a reseed per trial cheap.
    for (let i = 0; i < 4; i++) this.nextInt32();
  }

  /** The next value as a signed int32 (all 2^32 bit patterns equally likely). */
  private nextInt32(): number {
    const { a, b, c, d } = this;
    const t = (((a + b) | 0) + d) | 0;
    this.d = (d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    this.c = (((c << 21) | (c >>> 11)) + t) | 0;
    return t;
  }

  /** The next value, uniform over [0, 2^32). */
  nextUint32(): number {
    return this.nextInt32() >>> 0;
  }

  /** The next value, uniform over [0, 1) with 32 bits of resolution. */
  nextFloat(): number {
    return (this.nextInt32() >>> 0) / 4294967296;
  }

  /**
   * A uniform index in [0, n) for 1 ≤ n ≤ 2^21. Uses the multiply-shift map (u·n / 2^32); the
   * product stays below 2^53 so it is exact, and the bias is at most n / 2^32 (≤ 0.05% at n = 2^21).
   */
  nextIndex(n: number): number {
    return Math.floor(((this.nextInt32() >>> 0) * n) / 4294967296);
  }
}

/** Convenience: a `() => number` in [0, 1) for one seed (stream 0). */
export function createPrng(seed: number): () => number {
  const rng = new Sfc32(seed);
  return () => rng.nextFloat();
}
