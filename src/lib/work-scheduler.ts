/**
 * The one scheduler of work that follows an ack (architecture rule 13: acks first).
 *
 * Why: a request's work after its ack (SQLite reads, rendering, Slack calls) runs on the same
 * event loop as the HTTP server. Run straight after the ack, in the same turn, it delays every
 * request whose bytes are already waiting: their acks. Here a job *starts* only in its own turn
 * (`setImmediate`, which runs after the poll phase where Node reads requests and Bolt acks them),
 * one start per turn, so at most one job's synchronous stretch stands between a request and its ack.
 *
 * - Priorities: `trigger` jobs (they call `views.open`, whose trigger id dies 3 s after the click)
 *   start before `normal` ones; first come, first served within a priority.
 * - Bounded: at most `maxRunning` jobs started and not finished (they mostly wait on Slack: 128, as
 *   a job keeps its slot through Slack's 50–150 ms answers, and with 32 a burst of 100 requests'
 *   jobs queued two answers deep, pushing the last visible replies to ~280 ms), and at
 *   most `maxWaiting` waiting for a start. Beyond that `admit` refuses at once (null): the caller
 *   has already acked and tells the person privately to try again, rather than letting work pile
 *   up until Slack's answers time out.
 * - Error isolation: a job's failure is its caller's (`run` rejects); the scheduler only counts.
 * - A time budget per turn (`checkpoint`): a started job that awaits it goes on only while the
 *   current turn has budget left (4 ms), else in the next turn, after waiting acks.
 * - Held back while requests keep arriving (`requestArrived`, told by the receiver): one start per
 *   turn still takes a share of the loop from a burst of requests, so a start waits until no
 *   request has arrived for `quietMs` (2 ms), but never longer than `maxHoldMs` (100 ms, well
 *   inside the 3 s trigger life and the 300 ms visible-reply goal): under a steady stream the
 *   queue then drains one start per turn as before.
 * - Told when idle (`idle`): once the last job has ended and requests have paused, so garbage can
 *   be collected then rather than in the middle of the next burst (`src/app/idle-scavenge.ts`).
 */

import { monotonicMs } from "./clock.js";
import { BusyError } from "./errors.js";

export type WorkPriority = "trigger" | "normal";

export interface WorkSchedulerOptions {
  /** Jobs started and not yet finished at once (default 128). */
  maxRunning?: number;
  /** Jobs waiting for their start (default 400); one more is refused. */
  maxWaiting?: number;
  /** Time a turn may spend on running jobs' continuations before `checkpoint` yields (default 4 ms). */
  turnBudgetMs?: number;
  /** Starts wait until no request has arrived for this long (default 2 ms)… */
  quietMs?: number;
  /** …but a job never waits longer than this for requests to pause (default 100 ms). */
  maxHoldMs?: number;
  /**
   * Told once each time the app goes idle: no job running or waiting, and no request for
   * `afterMs`, counted from the last job's end (`idle-scavenge.ts` collects garbage then).
   */
  idle?: { afterMs: number; run: () => void };
}

export interface WorkStats {
  waiting: number;
  running: number;
  /** Jobs refused since start because the queue was full. */
  refused: number;
}

/** Call once when the admitted job is finished (extra calls are ignored). */
export type Release = () => void;

export interface WorkScheduler {
  /**
   * Asks for a start. Resolves in the job's own event-loop turn with a `Release`; null at once
   * when `maxWaiting` jobs are already waiting (the caller answers "busy").
   */
  admit(priority: WorkPriority): Promise<Release> | null;
  /**
   * Like `admit`, but queued even when full: for work that must not be lost because what the
   * person did is already done or can't be repeated (a submitted modal, an event).
   */
  admitAlways(priority: WorkPriority): Promise<Release>;
  /** `admit` + run + release. Rejects with `job`'s error, or with `BusyError` when refused. */
  run<T>(priority: WorkPriority, job: () => Promise<T>): Promise<T>;
  /**
   * The per-turn time budget for started jobs: resolves at once while this turn has budget left,
   * else in the next turn, after pending I/O (acks). For a job's long synchronous stretches (a
   * burst of Slack answers resuming 20 handlers at once must not hold back waiting acks).
   */
  checkpoint(): Promise<void>;
  /**
   * A request arrived (the receiver calls this before Bolt reads it): its ack is pending, and
   * more may be on the way. Starts hold back until requests pause for `quietMs`, or until the
   * oldest waiting job has waited `maxHoldMs`.
   */
  requestArrived(): void;
  stats(): WorkStats;
}

interface Waiting {
  start: (release: Release) => void;
  /** monotonicMs() when queued. */
  queuedAt: number;
}

export function createWorkScheduler(options: WorkSchedulerOptions = {}): WorkScheduler {
  const maxRunning = options.maxRunning ?? 128;
  const maxWaiting = options.maxWaiting ?? 400;
  const quietMs = options.quietMs ?? 2;
  const maxHoldMs = options.maxHoldMs ?? 100;
  const waiting: Record<WorkPriority, Waiting[]> = { trigger: [], normal: [] };
  let lastArrival = Number.NEGATIVE_INFINITY;
  let running = 0;
  let refused = 0;
  let turnBooked = false;
  const budget = createTurnBudget(options.turnBudgetMs ?? 4);
  let idleTimer: NodeJS.Timeout | null = null;
  let lastEnd = Number.NEGATIVE_INFINITY;

  const waitingCount = () => waiting.trigger.length + waiting.normal.length;

  /** Books the next turn's start, if there is something to start and room to run it. */
  function book(): void {
    if (turnBooked || running >= maxRunning || waitingCount() === 0) return;
    turnBooked = true;
    setImmediate(startOne);
  }

  /** After the last job's end: looks again once requests have paused for `idle.afterMs`. */
  function armIdle(delayMs: number): void {
    if (idleTimer) return;
    idleTimer = setTimeout(checkIdle, delayMs);
    idleTimer.unref();
  }

  function checkIdle(): void {
    idleTimer = null;
    const idle = options.idle;
    if (!idle || running > 0 || waitingCount() > 0) return; // the next job's end arms it again
    const quietLeft = Math.max(lastArrival, lastEnd) + idle.afterMs - monotonicMs();
    if (quietLeft > 0) armIdle(Math.ceil(quietLeft));
    else idle.run();
  }

  /** How long starts must still hold back for arriving requests (0: start now). */
  function holdLeft(): number {
    const now = monotonicMs();
    const quietLeft = lastArrival + quietMs - now;
    if (quietLeft <= 0) return 0;
    const oldest = Math.min(
      waiting.trigger[0]?.queuedAt ?? Number.POSITIVE_INFINITY,
      waiting.normal[0]?.queuedAt ?? Number.POSITIVE_INFINITY,
    );
    return Math.max(0, Math.min(quietLeft, oldest + maxHoldMs - now));
  }

  function startOne(): void {
    turnBooked = false;
    const hold = holdLeft();
    if (hold > 0 && waitingCount() > 0) {
      // Look again once the hold is over, after that turn's I/O (setImmediate: requests read first).
      turnBooked = true;
      setTimeout(() => setImmediate(startOne), Math.ceil(hold));
      return;
    }
    const next = waiting.trigger.shift() ?? waiting.normal.shift();
    if (!next) return;
    running++;
    let released = false;
    // The job's synchronous stretch runs in this turn's microtasks, right after this callback.
    next.start(() => {
      if (released) return;
      released = true;
      running--;
      book();
      if (options.idle) {
        lastEnd = monotonicMs();
        if (running === 0 && waitingCount() === 0) armIdle(options.idle.afterMs);
      }
    });
    // Booked from inside the check phase, the next start runs in the next loop iteration:
    // requests read in between are acked first.
    book();
  }

  function queue(priority: WorkPriority): Promise<Release> {
    return new Promise<Release>((resolve) => {
      waiting[priority].push({ start: resolve, queuedAt: monotonicMs() });
      book();
    });
  }

  function admit(priority: WorkPriority): Promise<Release> | null {
    if (waitingCount() >= maxWaiting) {
      refused++;
      return null;
    }
    return queue(priority);
  }

  return {
    admit,
    admitAlways: queue,
    async run<T>(priority: WorkPriority, job: () => Promise<T>): Promise<T> {
      const turn = admit(priority);
      if (!turn) throw new BusyError();
      const release = await turn;
      try {
        return await job();
      } finally {
        release();
      }
    },
    checkpoint: () => budget.spend(),
    requestArrived() {
      lastArrival = monotonicMs();
    },
    stats: () => ({ waiting: waitingCount(), running, refused }),
  };
}

/**
 * A time budget per event-loop turn for work whose awaits never leave the microtask queue
 * (better-sqlite3 answers synchronously, so `await db…` resolves in the same turn) or that
 * resumes many continuations in one poll phase (Slack answers arriving together): a scheduler
 * tick running 1,000 prompt jobs would otherwise hold the loop for seconds, and no ack could be
 * sent until it ends. `await budget.spend()` between items hands the loop back (`setImmediate`:
 * after pending I/O, so requests already read are acked first) once `budgetMs` of the current
 * turn are used. A turn starts at the first `spend()` of a loop iteration and ends at its check
 * phase, so an idle loop never makes anyone wait.
 */
export interface TurnBudget {
  spend(): Promise<void>;
}

export function createTurnBudget(budgetMs = 8): TurnBudget {
  let turnStart: number | null = null;
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    async spend() {
      if (turnStart === null) {
        turnStart = monotonicMs();
        setImmediate(() => {
          turnStart = null;
        });
        return;
      }
      if (monotonicMs() - turnStart < budgetMs) return;
      await nextTurn();
    },
  };
}
