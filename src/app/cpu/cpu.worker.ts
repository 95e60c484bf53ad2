/**
 * Runs inside a worker thread of the CPU pool (`pool.ts`): the work that would otherwise hold the
 * event loop for tens or hundreds of milliseconds. Each export is one task (piscina's `name`).
 * Only pure modules are imported here (no database, no Slack).
 */
import { threadId } from "node:worker_threads";
import { type ForecastInput, type ForecastResult, forecastBacklog } from "../../domain/forecast/index.js";
import type { BurndownPoint } from "../../domain/sprint.js";
import { burndownPng } from "../../views/burndown.view.js";

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
