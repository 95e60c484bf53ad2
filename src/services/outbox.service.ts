/**
 * The persistent Slack outbox: features enqueue messages (stored first, keyed by an idempotency key),
 * and a worker delivers them through an {@link OutboxTransport} (the Slack adapter, which owns pacing
 * and rate limits).
 *
 * Delivery guarantees:
 * - A message is stored before any Slack call, so a crash at any point loses nothing: pending rows
 *   are delivered when the worker next drains (on start, on enqueue, and every few seconds).
 * - A second enqueue with the same (team, idempotency key) is a no-op returning the stored row.
 * - Per conversation, messages go out in enqueue order; a reply waits for its thread parent
 *   (`threadOfKey`) and an update waits for the message it edits (`updateOfKey`).
 * - Pending updates of the same message coalesce: only the latest is sent.
 *
 * THE DUPLICATE WINDOW (the one place a message can be sent twice): between Slack accepting
 * `chat.postMessage` and `markSent` committing the row as sent. If the process dies inside that
 * window (a few milliseconds: one local SQLite UPDATE right after the HTTP response), the row is
 * still pending and is posted again on restart. Nothing else re-sends: the attempt is counted
 * before the call, `markSent` is the very next statement after the response, and no other work
 * (logging, waking, reading) sits between them. At most `concurrency` messages can be in that
 * window at once. Slack's ts is recorded with the state, so features can thread on or update it.
 */

import type { Clock } from "../lib/clock.js";
import { ValidationError } from "../lib/errors.js";
import type { Logger } from "../lib/logger.js";
import type {
  Outbox,
  OutboxFailureEvent,
  OutboxMessage,
  OutboxRecord,
  OutboxState,
} from "./scheduling.ports.js";
import type { OutboxEntry, SchedulingStores, SchedulingUnitOfWork } from "./scheduling-store.ports.js";

/** One Slack call the transport makes for an outbox row, in the row's workspace (`teamId`). */
export type DeliveryRequest =
  | {
      kind: "post";
      teamId: string;
      channel: string;
      text: string;
      blocks: unknown[] | null;
      threadTs: string | null;
    }
  | { kind: "update"; teamId: string; channel: string; ts: string; text: string; blocks: unknown[] | null };

/**
 * The transport's verdict. `retry: false` is permanent (e.g. `not_in_channel`): the row fails at
 * once. `retry: true` is transient (5xx, network, auth trouble): the row is retried later with backoff.
 */
export type DeliveryResult =
  | { ok: true; channel: string; ts: string }
  | { ok: false; retry: boolean; error: string };

/** Sends one message; owns pacing, 429 handling and short in-call retries. */
export interface OutboxTransport {
  deliver(request: DeliveryRequest): Promise<DeliveryResult>;
}

export interface DrainStats {
  sent: number;
  failed: number;
  retried: number;
  /** Rows that stayed pending because what they depend on is not sent yet. */
  blocked: number;
}

/** A failed message as `/scrum status` shows it. */
export interface OutboxFailure {
  idempotencyKey: string;
  channel: string;
  purpose: string | null;
  /** Slack's error code, e.g. `not_in_channel`. */
  error: string;
  attempts: number;
  at: Date;
}

export interface OutboxService extends Outbox {
  /** Enqueues many messages in ONE transaction (a fan-out), waking the worker once. Same rules as `enqueue`. */
  enqueueMany(messages: readonly OutboxMessage[]): Promise<OutboxRecord[]>;
  /**
   * Delivers every message due now, then resolves. Calls made while a drain runs resolve after a
   * drain that started after them (so a test can `enqueue` then `await drain()`).
   */
  drain(): Promise<DrainStats>;
  recentFailures(teamId: string, limit?: number): Promise<OutboxFailure[]>;
  counts(teamId?: string): Promise<Record<string, number>>;
  /** Called after each new row is stored (the worker uses it to wake up). */
  onEnqueued(listener: () => void): void;
  /** Stops starting new deliveries (in-flight ones finish). */
  stop(): void;
}

export interface OutboxOptions {
  /** Messages in flight at once (across conversations). Default 16. */
  concurrency?: number;
  /** Give up on transient errors after this many attempts. Default 8. */
  maxAttempts?: number;
  /** Backoff after the n-th failed attempt: `baseBackoffMs * 2^(n-1)`, capped. Default 30 s, cap 30 min. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** Rows read per pass. Default 1000. */
  batchSize?: number;
}

const MAX_BLOCKS = 50;
const MAX_TEXT = 40_000;

function toRecord(entry: OutboxEntry): OutboxRecord {
  return {
    id: entry.id,
    idempotencyKey: entry.idempotencyKey,
    // A superseded update was never sent and never will be: to callers it is "sent" in spirit
    // (the newer update carries the content); keep the contract's three states.
    state: (entry.state === "superseded" ? "sent" : entry.state) as OutboxState,
    channel: entry.channel,
    ts: entry.ts,
    attempts: entry.attempts,
    lastError: entry.state === "superseded" ? "superseded by a later update" : entry.lastError,
  };
}

function validate(message: OutboxMessage): void {
  const problems: Record<string, string> = {};
  if (!message.teamId) problems.teamId = "An outbox message needs a team.";
  if (!message.channel) problems.channel = "An outbox message needs a channel or user id.";
  if (!message.idempotencyKey) problems.idempotencyKey = "An outbox message needs an idempotency key.";
  if (!message.text || message.text.trim() === "") problems.text = "An outbox message needs fallback text.";
  else if (message.text.length > MAX_TEXT) problems.text = `Text is over ${MAX_TEXT} characters.`;
  if (message.blocks && message.blocks.length > MAX_BLOCKS)
    problems.blocks = `More than ${MAX_BLOCKS} blocks.`;
  if (message.threadOfKey && message.updateOfKey) {
    problems.updateOfKey = "A message either replies in a thread or updates a message, not both.";
  }
  if (Object.keys(problems).length > 0) throw new ValidationError(problems);
}

type RowOutcome = "sent" | "failed" | "retry" | "blocked" | "skipped";

export function createOutboxService(deps: {
  uow: SchedulingUnitOfWork;
  transport: OutboxTransport;
  clock: Clock;
  logger: Logger;
  options?: OutboxOptions;
}): OutboxService {
  const { uow, transport, clock, logger } = deps;
  const store = uow.read.outbox;
  const concurrency = deps.options?.concurrency ?? 16;
  const maxAttempts = deps.options?.maxAttempts ?? 8;
  const baseBackoffMs = deps.options?.baseBackoffMs ?? 30_000;
  const maxBackoffMs = deps.options?.maxBackoffMs ?? 30 * 60_000;
  const batchSize = deps.options?.batchSize ?? 1000;
  const listeners: (() => void)[] = [];
  const failureListeners: ((failure: OutboxFailureEvent) => void | Promise<void>)[] = [];

  async function failed(row: OutboxEntry, error: string): Promise<void> {
    await store.markFailed(row.id, error, clock.now());
    const failure = { teamId: row.teamId, idempotencyKey: row.idempotencyKey, channel: row.channel, error };
    for (const listener of failureListeners) {
      try {
        await listener(failure);
      } catch (listenerError) {
        logger.warn("outbox failure listener failed", { key: row.idempotencyKey, error: listenerError });
      }
    }
  }
  let stopped = false;

  function backoff(attempts: number): number {
    return Math.min(maxBackoffMs, baseBackoffMs * 2 ** Math.max(0, attempts - 1));
  }

  /** The Slack call for a row, or what stops it from being made yet. */
  async function requestFor(
    row: OutboxEntry,
  ): Promise<{ request: DeliveryRequest } | { blocked: true } | { parentFailed: string }> {
    const blocks = row.blocks;
    if (row.threadOfKey) {
      const parent = await store.findByKey(row.teamId, row.threadOfKey);
      if (!parent || parent.state === "pending") return { blocked: true };
      if (parent.state !== "sent" || !parent.ts) return { parentFailed: "thread_parent_failed" };
      const channel = parent.sentChannel ?? row.channel;
      return {
        request: { kind: "post", teamId: row.teamId, channel, text: row.text, blocks, threadTs: parent.ts },
      };
    }
    if (row.updateOfKey) {
      const target = await store.findByKey(row.teamId, row.updateOfKey);
      if (!target || target.state === "pending") return { blocked: true };
      if (target.state !== "sent" || !target.ts) return { parentFailed: "update_target_failed" };
      const channel = target.sentChannel ?? target.channel;
      return {
        request: { kind: "update", teamId: row.teamId, channel, ts: target.ts, text: row.text, blocks },
      };
    }
    return {
      request: {
        kind: "post",
        teamId: row.teamId,
        channel: row.channel,
        text: row.text,
        blocks,
        threadTs: null,
      },
    };
  }

  async function deliverOne(row: OutboxEntry): Promise<RowOutcome> {
    const next = await requestFor(row);
    if ("blocked" in next) return "blocked";
    if ("parentFailed" in next) {
      await failed(row, next.parentFailed);
      return "failed";
    }
    // Count the attempt BEFORE calling Slack: a crash during the call still shows up in `attempts`.
    if (!(await store.beginAttempt(row.id, clock.now()))) return "skipped";
    let result: DeliveryResult;
    try {
      result = await transport.deliver(next.request);
    } catch (error) {
      result = { ok: false, retry: true, error: error instanceof Error ? error.message : String(error) };
    }
    if (result.ok) {
      // ── duplicate window: Slack has the message; until this UPDATE commits, a crash re-sends it. ──
      await store.markSent(row.id, { channel: result.channel, ts: result.ts }, clock.now());
      return "sent";
    }
    const attempts = row.attempts + 1;
    if (!result.retry || attempts >= maxAttempts) {
      await failed(row, result.error);
      logger.warn("outbox message failed", {
        key: row.idempotencyKey,
        channel: row.channel,
        error: result.error,
        attempts,
      });
      return "failed";
    }
    const now = clock.now();
    await store.scheduleRetry(row.id, result.error, new Date(now.getTime() + backoff(attempts)), now);
    logger.info("outbox message will be retried", { key: row.idempotencyKey, error: result.error, attempts });
    return "retry";
  }

  async function runDrain(): Promise<DrainStats> {
    const stats: DrainStats = { sent: 0, failed: 0, retried: 0, blocked: 0 };
    for (;;) {
      if (stopped) return stats;
      const rows = await store.listDue(clock.now(), batchSize);
      if (rows.length === 0) return stats;
      // One queue per conversation, in id order: a conversation's messages go out one at a time,
      // in order; different conversations (e.g. 1,000 DMs) go out in parallel, paced by the transport.
      const groups = new Map<string, OutboxEntry[]>();
      for (const row of rows) {
        const group = groups.get(row.channel);
        if (group) group.push(row);
        else groups.set(row.channel, [row]);
      }
      const queue = [...groups.values()];
      let progress = 0;
      stats.blocked = 0;
      const worker = async () => {
        for (let group = queue.shift(); group; group = queue.shift()) {
          for (const row of group) {
            if (stopped) return;
            const outcome = await deliverOne(row);
            if (outcome === "sent") stats.sent++;
            if (outcome === "failed") stats.failed++;
            if (outcome === "retry") stats.retried++;
            if (outcome === "blocked") stats.blocked++;
            if (outcome === "sent" || outcome === "failed" || outcome === "skipped") progress++;
            // Keep the conversation's order: later messages wait while this one backs off. A reply
            // waiting for its parent doesn't hold up the rest (the parent may be right behind it).
            if (outcome === "retry") break;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
      if (progress === 0) return stats;
    }
  }

  let current: Promise<DrainStats> | null = null;
  let queued: Promise<DrainStats> | null = null;
  function drain(): Promise<DrainStats> {
    if (!current) {
      current = runDrain().finally(() => {
        current = null;
      });
      return current;
    }
    if (!queued) {
      queued = current
        .catch(() => undefined)
        .then(() => {
          queued = null;
          return drain();
        });
    }
    return queued;
  }

  async function store1(stores: SchedulingStores, message: OutboxMessage) {
    const inserted = await stores.outbox.insertIfAbsent({
      teamId: message.teamId,
      idempotencyKey: message.idempotencyKey,
      channel: message.channel,
      text: message.text,
      blocks: message.blocks ?? null,
      threadOfKey: message.threadOfKey ?? null,
      updateOfKey: message.updateOfKey ?? null,
      purpose: message.purpose ?? null,
      at: clock.now(),
    });
    if (inserted.created && message.updateOfKey) {
      await stores.outbox.supersedeUpdates(
        message.teamId,
        message.updateOfKey,
        inserted.entry.id,
        clock.now(),
      );
    }
    return inserted;
  }

  return {
    async enqueueMany(messages) {
      for (const message of messages) validate(message);
      const results = await uow.run(async (stores) => {
        const out: { entry: OutboxEntry; created: boolean }[] = [];
        for (const message of messages) out.push(await store1(stores, message));
        return out;
      });
      if (results.some((r) => r.created)) for (const listener of listeners) listener();
      return results.map((r) => toRecord(r.entry));
    },

    async enqueue(message) {
      validate(message);
      const { entry, created } = await uow.run((stores) => store1(stores, message));
      if (created) for (const listener of listeners) listener();
      return toRecord(entry);
    },

    async find(teamId, idempotencyKey) {
      const entry = await store.findByKey(teamId, idempotencyKey);
      return entry ? toRecord(entry) : null;
    },

    drain,

    async recentFailures(teamId, limit = 10) {
      const rows = await store.recentFailures(teamId, limit);
      return rows.map((r) => ({
        idempotencyKey: r.idempotencyKey,
        channel: r.channel,
        purpose: r.purpose,
        error: r.lastError ?? "unknown_error",
        attempts: r.attempts,
        at: r.updatedAt,
      }));
    },

    counts: (teamId) => store.countByState(teamId),

    onEnqueued(listener) {
      listeners.push(listener);
    },

    onFailed(listener) {
      failureListeners.push(listener);
    },

    async retry(teamId, idempotencyKey, content) {
      const reset = await store.resetFailed(
        teamId,
        idempotencyKey,
        content ? { text: content.text, blocks: content.blocks } : null,
        clock.now(),
      );
      if (reset) for (const listener of listeners) listener();
      return reset;
    },

    stop() {
      stopped = true;
    },
  };
}
