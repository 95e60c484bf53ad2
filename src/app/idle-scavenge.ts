/**
 * A young-generation GC (a scavenge) while the app is idle, so that the next burst of requests
 * starts with an empty young generation instead of paying for a scavenge in its middle.
 *
 * Why: the work after each ack (a backlog page: rows, readiness, blocks, the JSON posted to Slack)
 * allocates ~165 KB per request, so V8 scavenges every 100–150 requests, wherever the allocation
 * happens to cross the line. A scavenge during a burst took ~10 ms there, and every ack waiting
 * behind it paid that: in bench:ack the Next button's rounds without one ran at the bare Bolt app's
 * p99 (median ratio 0.97), rounds with one at 1.86. When the work scheduler says the app is idle (no
 * job running or waiting, no request for a few ms), the same collection (~7 ms there) runs while no
 * ack waits, and the next burst starts with room. V8 does this on browsers' idle time; Node servers
 * have no idle notion of their own.
 *
 * Needs `gc`, which Node exposes only with `--expose-gc` (`npm start` and the systemd unit pass
 * it); without it (tsx, tests) this is off and V8 collects on its own schedule as before.
 */
import { getHeapSpaceStatistics } from "node:v8";

/** V8's `gc` with options (`--expose-gc`): `{ type: "minor" }` is a scavenge only. */
export type ExposedGc = (options: { type: "minor" | "major" }) => void;

export interface IdleScavengeOptions {
  /** The `gc` to call (default: `globalThis.gc`, present with `--expose-gc`). */
  gc?: ExposedGc;
  /** The young generation's use now, in bytes (default: V8's `new_space` statistics). */
  youngGeneration?: () => { used: number; capacity: number };
  /** Collect only when at least this share of the young generation is in use (default 1/8). */
  minFill?: number;
}

/** Quiet time after the last job's end before collecting (the scheduler's `idle.afterMs`). */
export const IDLE_SCAVENGE_AFTER_MS = 10;

/**
 * The idle callback (true when it collected), or undefined when Node runs without `--expose-gc`.
 */
export function createIdleScavenge(options: IdleScavengeOptions = {}): (() => boolean) | undefined {
  const gc = options.gc ?? exposedGc();
  if (!gc) return undefined;
  const youngGeneration = options.youngGeneration ?? readYoungGeneration;
  const minFill = options.minFill ?? 1 / 8;
  return () => {
    const { used, capacity } = youngGeneration();
    // A few small requests since the last collection: not worth a collection of its own.
    if (capacity <= 0 || used < capacity * minFill) return false;
    gc({ type: "minor" });
    return true;
  };
}

function exposedGc(): ExposedGc | undefined {
  const gc = (globalThis as { gc?: unknown }).gc;
  return typeof gc === "function" ? (gc as ExposedGc) : undefined;
}

function readYoungGeneration(): { used: number; capacity: number } {
  const space = getHeapSpaceStatistics().find((s) => s.space_name === "new_space");
  return { used: space?.space_used_size ?? 0, capacity: space?.space_size ?? 0 };
}
