/**
 * Pacing of the outbox's Slack calls, per workspace (Slack's tier limits are per workspace and per
 * method, so workspace A's 1,000-DM fan-out must not spend workspace B's budget).
 *
 * - Per workspace and method: a budget kept in the database (`PacingStore`), so every replica
 *   draws from the same one. `chat.postMessage`: `workspacePerSecond` calls a second (default 4,
 *   evenly spaced: one every 250 ms, counted from the send); `chat.update` (Tier 3, 50 a minute):
 *   `updatesPerMinute`, short bursts of 10 allowed.
 * - A 429's Retry-After holds that workspace and method only (`hold`), in the database too: other
 *   workspaces, and the other method, carry on.
 * - Per conversation: about one message a second with bursts of 3 (Slack's rule for channels), in
 *   memory: the outbox sends one conversation's messages one at a time anyway.
 *
 * The budget is a GCRA (generic cell rate algorithm): `nextAt` is the earliest start of the next
 * call; a call reserves the slot at `max(now, nextAt - (burst - 1) × interval, heldUntil)` and moves
 * `nextAt` one interval on. Reserving is a compare-and-set on `nextAt`, so two replicas never take
 * the same slot. Worked example, 4 a second, burst 1: calls asked for at t = 0, 0, 0 get slots
 * 0, 250, 500 ms; a call asked for at t = 2,000 gets 2,000 (idle time is not saved up).
 *
 * Time here is the real wall clock, not the app's clock: it paces real HTTP calls (a test's fixed
 * clock would never let a slot come), and replicas compare it (NTP-synced hosts agree to a few ms).
 */
import { systemClock } from "../lib/clock.js";

/** The Slack methods the outbox calls; each has its own budget per workspace. */
export type OutboxMethod = "chat.postMessage" | "chat.update";

/** `chat.postMessage` calls per second per workspace by default; benches compute floors from it. */
export const DEFAULT_WORKSPACE_PER_SECOND = 4;

export interface PacingOptions {
  /** Sustained rate per conversation. Default 1. */
  perChannelPerSecond?: number;
  /** Burst per conversation. Default 3. */
  channelBurst?: number;
  /** `chat.postMessage` calls per second per workspace, evenly spaced. Default 4. */
  workspacePerSecond?: number;
  /**
   * `chat.update` calls per minute per workspace (Tier 3). Default 50, or `workspacePerSecond` × 60
   * when only that is given (a test lifting the pacing lifts it for both methods).
   */
  updatesPerMinute?: number;
  /** Retries of a 5xx/network failure inside one delivery. Default 3 (250 ms, 500 ms, 1 s). */
  quickRetries?: number;
  quickRetryBaseMs?: number;
  /** Upper bound on one Retry-After pause, in case a proxy sends something absurd. Default 120 s. */
  maxRetryAfterMs?: number;
}

/** A budget: one call per `intervalMs`, up to `burst` at once after a quiet spell. */
export interface Budget {
  intervalMs: number;
  burst: number;
}

/** A workspace's stored state for one method (ms since the epoch). */
export interface SlotState {
  nextAt: number;
  heldUntil: number;
}

/** The pacing table: shared by every replica. */
export interface PacingStore {
  /** The stored state of (team, bucket), or null before its first call. */
  read(teamId: string, bucket: string): Promise<SlotState | null>;
  /**
   * Stores `nextAt` if the row still holds `expectedNextAt` (null: no row yet). @returns false when
   * another caller got there first (read again and retry).
   */
  swap(teamId: string, bucket: string, expectedNextAt: number | null, nextAt: number): Promise<boolean>;
  /** Holds (team, bucket) until `untilMs` (never shortens a longer hold). */
  hold(teamId: string, bucket: string, untilMs: number): Promise<void>;
}

/**
 * The slot a call gets at `nowMs` and the state after it (see the module comment).
 * Pure, so the arithmetic is tested without a database.
 */
export function nextSlot(
  state: SlotState,
  nowMs: number,
  budget: Budget,
): { startMs: number; nextAt: number } {
  const tau = (budget.burst - 1) * budget.intervalMs;
  const startMs = Math.max(nowMs, state.nextAt - tau, state.heldUntil);
  // Whole milliseconds: the column is a bigint, and the compare-and-set compares exactly.
  return { startMs, nextAt: Math.ceil(Math.max(state.nextAt, startMs) + budget.intervalMs) };
}

/** The budgets the options imply. */
export function budgetsFor(options: PacingOptions = {}): Record<OutboxMethod, Budget> & { channel: Budget } {
  const perSecond = options.workspacePerSecond ?? DEFAULT_WORKSPACE_PER_SECOND;
  const perMinute =
    options.updatesPerMinute ?? (options.workspacePerSecond !== undefined ? perSecond * 60 : 50);
  // A burst of b plus the sustained rate must stay within the minute: b + 60 s / interval = perMinute.
  const updateBurst = Math.max(1, Math.min(10, Math.floor(perMinute / 5)));
  return {
    "chat.postMessage": { intervalMs: 1000 / perSecond, burst: 1 },
    "chat.update": { intervalMs: 60_000 / Math.max(1, perMinute - updateBurst), burst: updateBurst },
    channel: { intervalMs: 1000 / (options.perChannelPerSecond ?? 1), burst: options.channelBurst ?? 3 },
  };
}

export interface WorkspacePacer {
  /**
   * Waits until a `method` call to `channel` of `teamId` fits the conversation's budget, the
   * workspace's budget and any Retry-After hold of that workspace and method, and takes the slot.
   * @returns the slot's start (ms since the epoch).
   */
  acquire(teamId: string, method: OutboxMethod, channel: string): Promise<number>;
  /** A 429 for (team, method): no such call for that workspace until `ms` from now. */
  hold(teamId: string, method: OutboxMethod, ms: number): Promise<void>;
  /**
   * Whether this process saw a hold of (team, method) that is not over (no database read): the
   * last check right before a call that waited for something else after `acquire`.
   */
  isHeld(teamId: string, method: OutboxMethod): boolean;
  /**
   * Waits before quick retry number `tries` (from 0) of a 5xx or network failure: 250 ms, 500 ms,
   * 1 s by default. @returns false when the delivery has had its quick retries (the outbox then
   * backs the row off). The retry then takes a slot like any call, so it waits out a 429's hold.
   */
  quickRetryWait(tries: number): Promise<boolean>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

export function createWorkspacePacer(deps: {
  store: PacingStore;
  options?: PacingOptions;
  /** Real wall-clock ms (see the module comment); replaceable in tests, with `sleep`. */
  nowMs?: () => number;
  sleep?: (ms: number) => Promise<void>;
}): WorkspacePacer {
  const { store } = deps;
  const nowMs = deps.nowMs ?? (() => systemClock.now().getTime());
  const sleep = deps.sleep ?? realSleep;
  const budgets = budgetsFor(deps.options);
  const quickRetries = deps.options?.quickRetries ?? 3;
  const quickBaseMs = deps.options?.quickRetryBaseMs ?? 250;
  const conversations = new Map<string, SlotState>();
  /** Holds this process set (the database has every replica's; this is only a fast last check). */
  const localHolds = new Map<string, number>();

  /** Reserves the workspace's next slot at or after `notBefore`; @returns its start. */
  async function reserve(teamId: string, bucket: OutboxMethod, notBefore: number): Promise<number> {
    for (;;) {
      const state = await store.read(teamId, bucket);
      const slot = nextSlot(
        state ?? { nextAt: 0, heldUntil: 0 },
        Math.max(nowMs(), notBefore),
        budgets[bucket],
      );
      if (await store.swap(teamId, bucket, state ? state.nextAt : null, slot.nextAt)) return slot.startMs;
    }
  }

  function conversationSlot(teamId: string, channel: string): number {
    const now = nowMs();
    const key = `${teamId}\n${channel}`;
    const slot = nextSlot(conversations.get(key) ?? { nextAt: 0, heldUntil: 0 }, now, budgets.channel);
    conversations.set(key, { nextAt: slot.nextAt, heldUntil: 0 });
    // Forget idle conversations so a year of DMs doesn't grow the map without bound.
    if (conversations.size > 10_000) {
      for (const [k, v] of conversations) if (v.nextAt < now - 10_000) conversations.delete(k);
    }
    return slot.startMs;
  }

  return {
    async acquire(teamId, method, channel) {
      let notBefore = conversationSlot(teamId, channel);
      for (;;) {
        const start = await reserve(teamId, method, notBefore);
        if (start <= nowMs()) return start; // the read that reserved it saw no hold
        await sleep(start - nowMs());
        // A 429 may have come while we waited for the slot: look again before calling.
        const heldUntil = (await store.read(teamId, method))?.heldUntil ?? 0;
        if (heldUntil <= nowMs()) return start;
        notBefore = heldUntil;
      }
    },
    async hold(teamId, method, ms) {
      const until = nowMs() + ms;
      const key = `${teamId}\n${method}`;
      localHolds.set(key, Math.max(localHolds.get(key) ?? 0, until));
      await store.hold(teamId, method, until);
    },
    isHeld(teamId, method) {
      const key = `${teamId}\n${method}`;
      const until = localHolds.get(key);
      if (until === undefined) return false;
      if (until > nowMs()) return true;
      localHolds.delete(key);
      return false;
    },
    async quickRetryWait(tries) {
      if (tries >= quickRetries) return false;
      await sleep(quickBaseMs * 2 ** tries);
      return true;
    },
  };
}
