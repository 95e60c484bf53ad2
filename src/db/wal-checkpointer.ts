/**
 * SQLite WAL checkpoints on a worker thread, off the event loop.
 *
 * Why: better-sqlite3 is synchronous, and SQLite checkpoints the WAL inside the commit that takes
 * it past 1,000 pages: that commit copies the pages into the database file and fsyncs both files,
 * 5–10 ms during which no request is read and no ack sent (measured in `bench:ack`: 18 fsyncs on
 * the main thread in 15 s of story submissions, up to 4 ms each). Commits themselves don't fsync
 * (WAL with `synchronous = NORMAL`).
 *
 * Here a second connection, on its own thread, runs a PASSIVE checkpoint every `everyMs` (500 ms):
 * it copies what the WAL holds without waiting for, or blocking, the app's writer and readers, so
 * the WAL stays well under the 1,000 pages at which the app's own connection would checkpoint
 * (that automatic checkpoint stays on as the safety net, e.g. while a long read holds the WAL).
 *
 * The worker's code is a few lines of CommonJS evaluated in the thread (`eval`): nothing to
 * compile or locate, the same under tsx and from dist/. It loads the very better-sqlite3 the app
 * loaded (resolved here).
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { monotonicMs } from "../lib/clock.js";

export interface WalCheckpointerOptions {
  /** How often the worker checkpoints (default 500 ms). */
  everyMs?: number;
  /** Told of a checkpoint that failed (e.g. the disk is full), at most once a minute; the next tick tries again. */
  onError?: (message: string) => void;
}

export interface WalCheckpointStats {
  /** Checkpoints that copied at least one page. */
  checkpoints: number;
  /** Pages copied into the database file so far. */
  pagesCopied: number;
}

export interface WalCheckpointer {
  stats(): WalCheckpointStats;
  /** Stops the thread and closes its connection (before the app's own connection closes). */
  stop(): Promise<void>;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma("busy_timeout = 1000");
// PASSIVE reports the frames backfilled in the WAL's current generation: send what is new.
let last = 0;
const timer = setInterval(() => {
  try {
    const [r] = db.pragma("wal_checkpoint(PASSIVE)");
    const done = r ? r.checkpointed : 0;
    if (done > 0 && done !== last) parentPort.postMessage({ copied: done > last ? done - last : done });
    last = done;
  } catch (error) {
    parentPort.postMessage({ error: String((error && error.message) || error) });
  }
}, workerData.everyMs);
parentPort.on("message", () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/** Starts checkpointing the SQLite file at `path` (already in WAL mode) on a worker thread. */
export function startWalCheckpointer(path: string, options: WalCheckpointerOptions = {}): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { path, driver, everyMs: options.everyMs ?? 500 },
  });
  // The app's process may exit while the thread ticks (tests, the CLI): it never holds it open.
  worker.unref();
  const stats: WalCheckpointStats = { checkpoints: 0, pagesCopied: 0 };
  let reportedAt = Number.NEGATIVE_INFINITY;
  const report = (message: string) => {
    if (monotonicMs() - reportedAt < 60_000) return;
    reportedAt = monotonicMs();
    options.onError?.(message);
  };
  worker.on("message", (m: { copied?: number; error?: string }) => {
    if (m.error !== undefined) report(m.error);
    else if (m.copied) {
      stats.checkpoints++;
      stats.pagesCopied += m.copied;
    }
  });
  worker.on("error", (error) => report(error.message));
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  let stopping: Promise<void> | null = null;
  return {
    stats: () => ({ ...stats }),
    stop() {
      stopping ??= (async () => {
        worker.postMessage("stop");
        const timeout = setTimeout(() => void worker.terminate(), 2_000);
        await exited;
        clearTimeout(timeout);
      })();
      return stopping;
    },
  };
}
