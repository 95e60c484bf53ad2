/**
 * A counting semaphore that hands free slots to its waiters' owners in turn (round robin), not
 * first come first served: with 8 of workspace A's calls and 1 of B's waiting, the next two free
 * slots go to A and B, whatever the order they asked in.
 */

export interface RoundRobinSlots {
  /** Waits for a slot for `owner`; call the returned function once when done (extra calls are ignored). */
  take(owner: string): Promise<() => void>;
  /** Slots in use and waiters, for tests and stats. */
  stats(): { inUse: number; waiting: number };
}

export function createRoundRobinSlots(limit: number): RoundRobinSlots {
  let inUse = 0;
  let waitingCount = 0;
  // Insertion order is the turn order: an owner just served moves to the back.
  const waiting = new Map<string, (() => void)[]>();

  function releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      inUse--;
      handOn();
    };
  }

  function handOn(): void {
    while (inUse < limit) {
      const next = waiting.entries().next();
      if (next.done) return;
      const [owner, queue] = next.value;
      const wake = queue.shift();
      waiting.delete(owner);
      if (queue.length > 0) waiting.set(owner, queue);
      if (!wake) continue;
      waitingCount--;
      inUse++;
      wake();
    }
  }

  return {
    take(owner) {
      if (inUse < limit && waitingCount === 0) {
        inUse++;
        return Promise.resolve(releaser());
      }
      return new Promise((resolve) => {
        const queue = waiting.get(owner);
        const wake = () => resolve(releaser());
        if (queue) queue.push(wake);
        else waiting.set(owner, [wake]);
        waitingCount++;
        handOn();
      });
    },
    stats: () => ({ inUse, waiting: waitingCount }),
  };
}
