import { describe, expect, it } from "vitest";
import { createPrng, mix32, Sfc32 } from "../../../../src/domain/forecast/index.js";

describe("Sfc32", () => {
  it("repeats the same sequence for the same seed and stream", () => {
    const a = new Sfc32(42, 7);
    const b = new Sfc32(42, 7);
    const xs = Array.from({ length: 100 }, () => a.nextUint32());
    const ys = Array.from({ length: 100 }, () => b.nextUint32());
    expect(xs).toEqual(ys);
  });

  it("restarts a stream on reseed", () => {
    const rng = new Sfc32(1, 3);
    const first = Array.from({ length: 10 }, () => rng.nextUint32());
    rng.nextUint32();
    rng.reseed(1, 3);
    expect(Array.from({ length: 10 }, () => rng.nextUint32())).toEqual(first);
  });

  it("gives different sequences for different seeds and for neighbouring streams", () => {
    const seq = (seed: number, stream: number) => {
      const rng = new Sfc32(seed, stream);
      return Array.from({ length: 8 }, () => rng.nextUint32());
    };
    expect(seq(1, 0)).not.toEqual(seq(2, 0));
    expect(seq(1, 0)).not.toEqual(seq(1, 1));
    expect(seq(1, 1)).not.toEqual(seq(1, 2));
  });

  it("returns uint32 values, floats in [0, 1) and indexes in [0, n)", () => {
    const rng = new Sfc32(9);
    const bad: number[] = [];
    for (let i = 0; i < 10_000; i++) {
      const u = rng.nextUint32();
      if (!(Number.isInteger(u) && u >= 0 && u < 2 ** 32)) bad.push(u);
      const f = rng.nextFloat();
      if (!(f >= 0 && f < 1)) bad.push(f);
      const k = rng.nextIndex(7);
      if (!(Number.isInteger(k) && k >= 0 && k < 7)) bad.push(k);
    }
    expect(bad).toEqual([]);
  });

  it("draws indexes uniformly across streams (chi-square, first draw of each of 60,000 streams)", () => {
    // The forecast uses the first few draws of many streams, so that is what must look uniform.
    const n = 6;
    const counts = new Array<number>(n).fill(0);
    const rng = new Sfc32(123);
    const draws = 60_000;
    for (let stream = 0; stream < draws; stream++) {
      rng.reseed(123, stream);
      counts[rng.nextIndex(n)]! += 1;
    }
    const expected = draws / n;
    const chiSquare = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    // 5 degrees of freedom: P(χ² > 20.5) ≈ 0.001.
    expect(chiSquare).toBeLessThan(20.5);
  });
});

describe("mix32 and createPrng", () => {
  it("mix32 is a deterministic uint32 mix", () => {
    expect(mix32(0)).toBe(0);
    expect(mix32(1)).toBe(mix32(1));
    expect(mix32(1)).not.toBe(mix32(2));
    expect(mix32(-1)).toBeGreaterThanOrEqual(0);
  });

  it("createPrng is seedable", () => {
    const a = createPrng(5);
    const b = createPrng(5);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });
});
