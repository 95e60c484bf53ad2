/**
 * A small worker-thread pool (piscina) for CPU-heavy work: Monte Carlo forecasts and burndown PNG
 * renders run in `cpu.worker.ts`, so other teams' acks don't wait behind them.
 *
 * The worker is chosen by this file's own extension: from the compiled dist/ (`.js`) it is
 * `cpu.worker.js`; under tsx/vitest (`.ts`) it is `cpu.worker.dev.mjs`, which loads `cpu.worker.ts`
 * through tsx (a dev dependency), since a worker thread doesn't inherit the parent's TS loader.
 */
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import type { ForecastInput, ForecastResult } from "../../domain/forecast/index.js";
import type { BurndownPoint } from "../../domain/sprint.js";

export interface CpuPool {
  forecast(input: ForecastInput<number>): Promise<ForecastResult<number>>;
  burndownPng(points: BurndownPoint[], title: string): Promise<Buffer>;
  /** The worker's thread id (tests). */
  whereAmI(): Promise<number>;
  /** The worker thread's nice value (tests: 10 on Linux, below the event loop's). */
  niceness(): Promise<number>;
  close(): Promise<void>;
}

export interface CpuPoolOptions {
  /** Worker threads (default 2: this app shares its machine; a task queue absorbs bursts). */
  maxThreads?: number;
  /** A task still running after this is abandoned with an error (default 30 s). */
  taskTimeoutMs?: number;
}

export function createCpuPool(options: CpuPoolOptions = {}): CpuPool {
  const here = fileURLToPath(import.meta.url);
  const ext = extname(here);
  const filename = new URL(ext === ".ts" ? "./cpu.worker.dev.mjs" : "./cpu.worker.js", import.meta.url).href;
  const pool = new Piscina({
    filename,
    minThreads: 0,
    maxThreads: options.maxThreads ?? 2,
    idleTimeout: 30_000,
    // Bounded queue: beyond it, work is refused rather than piling up memory.
    maxQueue: 1_000,
  });
  const timeoutMs = options.taskTimeoutMs ?? 30_000;
  const run = <T>(name: string, input: unknown): Promise<T> =>
    pool.run(input, { name, signal: AbortSignal.timeout(timeoutMs) }) as Promise<T>;
  return {
    forecast: (input) => run("forecast", input),
    burndownPng: async (points, title) => Buffer.from(await run<Uint8Array>("burndown", { points, title })),
    whereAmI: () => run("whereAmI", null),
    niceness: () => run("niceness", null),
    close: () => pool.destroy(),
  };
}
