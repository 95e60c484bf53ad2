/**
 * Runs inside a worker thread of the CPU pool (`pool.ts`): the work that would otherwise hold the
 * event loop for tens or hundreds of milliseconds. Each export is one task (piscina's `name`).
 * Only pure modules are imported here (no database, no Slack).
 */
import { getPriority, setPriority } from "node:os";
import { threadId } from "node:worker_threads";
import { type ForecastInput, type ForecastResult, forecastBacklog } from "../../domain/forecast/index.js";
import type { BurndownPoint } from "../../domain/sprint.js";
import { burndownPng } from "../../views/burndown.view.js";

/**
 * This thread at a lower priority than the event loop (nice 10): a forecast or a PNG can wait a
 * few ms for a core, an ack should not, and on a small machine the pool's threads and the loop
 * share the cores. Linux only: there `setpriority` on "this process" (0) means the calling thread;
 * elsewhere it would lower the whole app.
 */
if (process.platform === "linux") {
  try {
    setPriority(10);
  } catch {
    // Not permitted here: run at the same priority as before.
  }
}

export function forecast(input: ForecastInput<number>): ForecastResult<number> {
  return forecastBacklog(input);
}

export function burndown(input: { points: BurndownPoint[]; title: string }): Uint8Array {
  return burndownPng(input.points, input.title);
}

/** For tests: proves a task ran off the main thread. */
export function whereAmI(): number {
  return threadId;
}

/** For tests: this thread's nice value (Linux: the thread's own). */
export function niceness(): number {
  return getPriority();
}
