/**
 * Registration of scheduled work: ONE timer wakes the process every `tickIntervalMs` (default
 * 2 s) and at each whole minute, so an occurrence fires right at its due minute; the database
 * decides what is due. The outbox worker also wakes as soon as a message is enqueued.
 *
 * Time comes from the injected clock: the timer only says "look now", and each job receives
 * `clock.now()`. Tests can skip the timer (`timers: false`) and call `tick(now)` / `drain()` at
 * fixed instants.
 */
import type { Clock } from "../lib/clock.js";
import { DATABASE_FULL_MESSAGE, isDatabaseFull } from "../lib/db-errors.js";
import type { Logger } from "../lib/logger.js";
import type { DrainStats, OutboxService } from "../services/outbox.service.js";
import type { SchedulerService, TickStats } from "../services/scheduler.service.js";
import { outboxJob } from "./outbox.job.js";
import { schedulerCatchUpJob, schedulerTickJob } from "./scheduler-tick.job.js";

const MINUTE_MS = 60_000;

export interface JobRunnerOptions {
  /** Run the wake-up timer (default true). */
  timers?: boolean;
  /** How often the timer wakes (default 2000 ms). */
  tickIntervalMs?: number;
}

export interface JobRunner {
  /** Runs the scheduler tick at `now` (default: the clock's now). */
  tick(now?: Date): Promise<TickStats>;
  /** Delivers the outbox now. */
  drain(): Promise<DrainStats>;
  /** Catch-up tick, then starts the timer. */
  start(): Promise<void>;
  /** Stops the timer and waits (up to `graceMs`) for the jobs in progress. */
  stop(graceMs?: number): Promise<void>;
  /**
   * When the timer last completed a tick (clock time), for `/healthz`; null while the timer isn't
   * running (not started, stopped, or `timers: false`).
   */
  lastTick(): Date | null;
}

export function createJobRunner(deps: {
  scheduler: SchedulerService;
  outbox: OutboxService;
  clock: Clock;
  logger: Logger;
  options?: JobRunnerOptions;
}): JobRunner {
  const { scheduler, outbox, clock, logger } = deps;
  const intervalMs = deps.options?.tickIntervalMs ?? 2000;
  const useTimers = deps.options?.timers ?? true;
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let lastTickAt: Date | null = null;
  const inProgress = new Set<Promise<unknown>>();

  const track = <T>(p: Promise<T>): Promise<T> => {
    inProgress.add(p);
    void p.finally(() => inProgress.delete(p)).catch(() => undefined);
    return p;
  };

  const drainInBackground = () => {
    if (!running) return;
    // A full disk fails the attempt's bookkeeping BEFORE any Slack call (the outbox counts the
    // attempt first), so nothing is re-sent; the drain stops until the next wake.
    track(outboxJob({ outbox }, clock.now())).catch((error: unknown) =>
      logger.error(isDatabaseFull(error) ? DATABASE_FULL_MESSAGE : "outbox worker failed", { error }),
    );
  };

  const wake = async () => {
    timer = null;
    if (!running) return;
    try {
      await track(schedulerTickJob({ scheduler }, clock.now()));
    } catch (error) {
      logger.error(isDatabaseFull(error) ? DATABASE_FULL_MESSAGE : "scheduler tick failed", { error });
    }
    // A failed tick still counts as alive; a tick that never returns doesn't (health turns 503).
    lastTickAt = clock.now();
    drainInBackground();
    if (running) scheduleWake();
  };

  /**
   * The next wake-up: after `intervalMs`, or right at the next whole minute if that comes first
   * (occurrences are due on whole minutes: a 09:00 prompt starts at 09:00, not up to 2 s later).
   */
  const scheduleWake = () => {
    const toMinute = MINUTE_MS - (clock.now().getTime() % MINUTE_MS);
    timer = setTimeout(() => void wake(), Math.min(intervalMs, toMinute + 1));
    timer.unref();
  };

  outbox.onEnqueued(() => {
    // Coalesce a burst of enqueues (a 1,000-DM fan-out) into one drain.
    if (running && useTimers) setImmediate(drainInBackground);
  });

  return {
    tick: (now) => schedulerTickJob({ scheduler }, now ?? clock.now()),
    drain: () => outboxJob({ outbox }, clock.now()),
    async start() {
      running = true;
      try {
        const stats = await track(schedulerCatchUpJob({ scheduler }, clock.now()));
        if (stats.ran + stats.skipped + stats.failed > 0) logger.info("scheduler caught up", { ...stats });
      } catch (error) {
        logger.error("scheduler catch-up failed", { error });
      }
      if (useTimers) {
        lastTickAt = clock.now();
        drainInBackground();
        scheduleWake();
      }
    },
    lastTick: () => (running && useTimers ? lastTickAt : null),
    async stop(graceMs = 10_000) {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      outbox.stop();
      let timeout: NodeJS.Timeout | undefined;
      const gave = new Promise<void>((resolve) => {
        timeout = setTimeout(resolve, graceMs);
        timeout.unref();
      });
      await Promise.race([Promise.allSettled([...inProgress]), gave]);
      clearTimeout(timeout);
      if (inProgress.size > 0) logger.warn("stopping with jobs still running", { jobs: inProgress.size });
    },
  };
}
