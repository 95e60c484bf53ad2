/** The CPU pool runs forecasts and burndown renders in worker threads, from the TS sources here. */
import { getPriority } from "node:os";
import { threadId } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import { createCpuPool } from "../../../src/app/cpu/pool.js";
import { forecastBacklog } from "../../../src/domain/forecast/index.js";

const pool = createCpuPool({ maxThreads: 1 });
afterAll(() => pool.close());

describe("createCpuPool", () => {
  it("runs tasks off the main thread", async () => {
    const worker = await pool.whereAmI();
    expect(worker).not.toBe(threadId);
  });

  it.runIf(process.platform === "linux")(
    "runs its threads below the event loop's priority (nice 10), the main thread unchanged",
    async () => {
      expect(await pool.niceness()).toBe(10);
      expect(getPriority()).toBe(0);
    },
  );

  it("gives the same forecast as running it in-process", async () => {
    const input = {
      velocityHistory: [10, 12, 8, 15],
      queue: Array.from({ length: 50 }, (_, i) => ({ id: i + 1, points: i % 4 === 0 ? null : 3 })),
      sprint: { kind: "between_sprints" as const, sprintLengthDays: 14, nextSprintStart: "2026-12-07" },
      seed: 42,
      trials: 2_000,
    };
    expect(await pool.forecast(input)).toEqual(forecastBacklog(input));
  });

  it("renders the burndown PNG", async () => {
    const png = await pool.burndownPng(
      [
        { date: "2026-12-01", ideal: 10, remaining: 10 },
        { date: "2026-12-02", ideal: 5, remaining: 7 },
        { date: "2026-12-03", ideal: 0, remaining: null },
      ],
      "Burndown · Sprint 1",
    );
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
  });
});
