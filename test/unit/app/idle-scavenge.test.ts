/** The scavenge the work scheduler asks for when the app is idle (src/app/idle-scavenge.ts). */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { createIdleScavenge, type ExposedGc } from "../../../src/app/idle-scavenge.js";
import { repoRoot } from "../../support/process.js";

const recordingGc = () => {
  const calls: unknown[] = [];
  const gc: ExposedGc = (options) => void calls.push(options);
  return { gc, calls };
};

describe("createIdleScavenge", () => {
  it("collects the young generation only (a scavenge, not a full GC) once it is an eighth full", () => {
    const { gc, calls } = recordingGc();
    let used = 1_000_000;
    const idle = createIdleScavenge({ gc, youngGeneration: () => ({ used, capacity: 16_000_000 }) });
    expect(idle?.()).toBe(false);
    expect(calls).toEqual([]); // 1 of 16 MB: not worth a collection
    used = 2_000_000;
    expect(idle?.()).toBe(true);
    expect(calls).toEqual([{ type: "minor" }]);
  });

  it("is off when Node runs without --expose-gc", () => {
    const g = globalThis as { gc?: unknown };
    const saved = g.gc;
    g.gc = undefined;
    try {
      expect(createIdleScavenge()).toBeUndefined();
    } finally {
      g.gc = saved;
    }
  });

  it("with --expose-gc, empties V8's real young generation", () => {
    // A child process: the test runner itself runs without --expose-gc.
    const script = `
      import { createIdleScavenge } from "./src/app/idle-scavenge.ts";
      import { getHeapSpaceStatistics } from "node:v8";
      const used = () => getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_used_size;
      const keep = [];
      for (let i = 0; i < 60_000; i++) keep.push({ i, s: "x" + i });
      keep.length = 0;
      const before = used();
      createIdleScavenge()?.();
      console.log(JSON.stringify({ before, after: used() }));
    `;
    const run = spawnSync(
      process.execPath,
      ["--expose-gc", "--min-semi-space-size=16", "--import", "tsx", "--input-type=module", "-e", script],
      { cwd: repoRoot, encoding: "utf8" },
    );
    expect(run.stderr).toBe("");
    const { before, after } = JSON.parse(run.stdout) as { before: number; after: number };
    expect(before).toBeGreaterThan(2_000_000);
    expect(after).toBeLessThan(before / 4);
  });
});
