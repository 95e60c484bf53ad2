/**
 * Runs work one task at a time, handing the event loop back between tasks.
 *
 * Why: our SQLite calls are synchronous, so a burst of requests whose after-ack work all became
 * ready at once would run back to back in one event-loop turn (tens of milliseconds), and Node
 * accepts new connections and reads new requests only between turns. Slack's next requests would
 * wait for their ack behind work nobody is waiting for. Here each turn runs at most one task.
 */

export interface YieldingQueue {
  /** Runs `task` after the tasks queued before it; resolves or rejects with its result. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks waiting or running. */
  size(): number;
}

export function createYieldingQueue(): YieldingQueue {
  const tasks: (() => Promise<void>)[] = [];
  let draining = false;

  async function drain(): Promise<void> {
    draining = true;
    try {
      for (let task = tasks.shift(); task; task = tasks.shift()) {
        // setImmediate runs after the poll phase: connections and requests waiting now go first.
        await new Promise((resolve) => setImmediate(resolve));
        await task();
      }
    } finally {
      draining = false;
    }
  }

  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        tasks.push(() => task().then(resolve, reject));
        if (!draining) void drain();
      });
    },
    size: () => tasks.length + (draining ? 1 : 0),
  };
}
