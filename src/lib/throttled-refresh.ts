/**
 * Coalesced, rate-limited re-runs of a keyed task (e.g. re-rendering one standup report).
 *
 * Why: SQLite calls are synchronous, so a "coalescing" refresh that runs right away never overlaps
 * another one: under a burst every request would pay a full re-render, on the event loop, ahead of
 * the acks still queued. Here a key runs at most once per `minIntervalMs`; requests made meanwhile
 * mark it dirty and share the next run. The first request after a quiet period runs at once
 * (next macrotask), so a small team sees its update immediately.
 *
 * Only wall time (performance.now) is used: this is a rate limit, not domain time.
 */

export interface ThrottledRefresh {
  /**
   * Asks for a run of `task` under `key` (the latest task given for a key is the one run).
   * `urgent` skips the wait for the interval (jobs and button clicks that want the result now).
   * Resolves when a run that started after this request has finished; rejects with its error.
   */
  request(key: string, task: () => Promise<void>, options?: { urgent?: boolean }): Promise<void>;
  /** Runs everything pending now and resolves once nothing is pending or running (tests, shutdown). */
  flush(): Promise<void>;
  /** Keys with a pending or running refresh. */
  pending(): number;
}

interface KeyState {
  task: () => Promise<void>;
  dirty: boolean;
  /** An urgent request came while a run was going: the next run doesn't wait for its slot. */
  urgent: boolean;
  running: Promise<void> | null;
  timer: NodeJS.Timeout | null;
  lastStart: number;
  waiters: { resolve: () => void; reject: (error: unknown) => void }[];
}

export function createThrottledRefresh(options: {
  minIntervalMs: number;
  now?: () => number;
}): ThrottledRefresh {
  const now = options.now ?? (() => performance.now());
  const states = new Map<string, KeyState>();
  /** When each key last started, kept after its state is gone so the interval still holds. */
  const lastStarts = new Map<string, number>();

  function forget(key: string): void {
    states.delete(key);
    if (lastStarts.size > 1000) {
      const cutoff = now() - options.minIntervalMs;
      for (const [k, at] of lastStarts) if (at < cutoff) lastStarts.delete(k);
    }
  }

  function schedule(key: string, s: KeyState, urgent: boolean): void {
    if (s.running) {
      s.urgent ||= urgent; // the run's end schedules the next one
      return;
    }
    const delay = urgent ? 0 : Math.max(0, s.lastStart + options.minIntervalMs - now());
    if (s.timer) {
      if (delay > 0) return; // already waiting for its slot
      clearTimeout(s.timer);
    }
    s.timer = setTimeout(() => run(key, s), delay);
  }

  function run(key: string, s: KeyState): Promise<void> {
    if (s.timer) clearTimeout(s.timer);
    s.timer = null;
    const waiters = s.waiters.splice(0);
    s.dirty = false;
    s.urgent = false;
    s.lastStart = now();
    lastStarts.set(key, s.lastStart);
    s.running = (async () => {
      try {
        await s.task();
        for (const w of waiters) w.resolve();
      } catch (error) {
        for (const w of waiters) w.reject(error);
      } finally {
        s.running = null;
        if (s.dirty) schedule(key, s, s.urgent);
        else if (!s.timer) forget(key);
      }
    })();
    return s.running;
  }

  return {
    request(key, task, opts = {}) {
      let s = states.get(key);
      if (!s) {
        s = {
          task,
          dirty: false,
          urgent: false,
          running: null,
          timer: null,
          lastStart: lastStarts.get(key) ?? Number.NEGATIVE_INFINITY,
          waiters: [],
        };
        states.set(key, s);
      }
      s.task = task;
      s.dirty = true;
      const done = new Promise<void>((resolve, reject) => s.waiters.push({ resolve, reject }));
      schedule(key, s, opts.urgent === true);
      return done;
    },

    async flush() {
      while (states.size > 0) {
        const work: Promise<void>[] = [];
        for (const [key, s] of states) {
          if (s.running) work.push(s.running);
          else if (s.dirty) work.push(run(key, s));
          else forget(key);
        }
        // A run's failure is its requesters' to handle; flushing only waits.
        await Promise.allSettled(work);
      }
    },

    pending() {
      return states.size;
    },
  };
}
