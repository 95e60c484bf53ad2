/**
 * The persistent Slack outbox: features enqueue messages (stored first, keyed by an idempotency key),
 * and a worker delivers them through an {@link OutboxTransport} (the Slack adapter: one HTTP call,
 * short retries of 5xx), paced per workspace by a {@link WorkspacePacer}.
 *
 * Fair to every workspace: a drain runs one LANE per team with due messages, each reading only its
 * team's rows and drawing on its team's budget (Slack's limits are per workspace), and calls in
 * flight are shared out in turn across teams. Workspace A's 1,000-DM fan-out (250 s at 4 a second)
 * therefore never delays workspace B's prompts: B's lane starts as soon as B has something due,
 * and a 429 for A holds A only.
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
 *
 * WITH SEVERAL REPLICAS (PostgreSQL) each row is sent by the replica that claimed it. A pass claims
 * about what it can have in flight (`batchSize`, default `concurrency`), keeps the claims
 * alive with a heartbeat (every third of `leaseMs`) while it holds them, and gives back what it
 * didn't settle (a reply waiting for its parent, rows behind a retry). A replica that dies strands
 * at most one pass per workspace it was serving; another replica takes those rows over once their
 * lease ends (`leaseMs` after the last heartbeat, plus one poll), and only those whose send was in
 * the duplicate window are sent twice.
 */

import type { Clock } from "../lib/clock.js";
import { ValidationError } from "../lib/errors.js";
import type { Logger } from "../lib/logger.js";
import { createRoundRobinSlots } from "../lib/round-robin-slots.js";
import type { OutboxMethod, WorkspacePacer } from "./outbox-pacing.js";
import type {
  MessageAuthor,
  Outbox,
  OutboxFailureEvent,
  OutboxMessage,
  OutboxRecord,
  OutboxState,
} from "./scheduling.ports.js";
import type { OutboxEntry, SchedulingStores, SchedulingUnitOfWork } from "./scheduling-store.ports.js";

/**
 * One Slack call the transport makes for an outbox row, for workspace `teamId`. `author`: post
 * under that person's name and avatar; on an update, `authorShown` says whether the message being
 * edited went out under it (false: as the bot with a name line, which the edit must keep).
 */
export type DeliveryRequest =
  | {
      kind: "post";
      teamId: string;
      channel: string;
      text: string;
      blocks: unknown[] | null;
      threadTs: string | null;
      author?: MessageAuthor | null;
    }
  | {
      kind: "update";
      teamId: string;
      channel: string;
      ts: string;
      text: string;
      blocks: unknown[] | null;
      author?: MessageAuthor | null;
      authorShown?: boolean;
    };

/**
 * The transport's verdict. `asBot`: a post with an `author` went out as the bot (with a name line)
 * because the workspace lacks `chat:write.customize`. `retry: false` is permanent (e.g. `not_in_channel`): the row fails at
 * once. `retry: true` is transient (5xx, network, auth trouble): the row is retried later with backoff.
 * `retryAfterMs`: Slack answered 429; the outbox holds that workspace and method that long and
 * makes the same call again (not an attempt). `quick`: a 5xx or network failure that may pass at
 * once; the outbox tries the call again a few times within this attempt (`quickRetryWait`), each
 * time paced like any call, so a 429's hold stops quick retries too.
 */
export type DeliveryResult =
  | { ok: true; channel: string; ts: string; asBot?: boolean }
  | { ok: false; retry: boolean; error: string; retryAfterMs?: number; quick?: boolean };

/** Sends one message: one Slack call; pacing and retries are the outbox's. */
export interface OutboxTransport {
  deliver(request: DeliveryRequest): Promise<DeliveryResult>;
}

/**
 * How long a claim on a row holds without a heartbeat. The holder renews it every third of this
 * while the row is in its hands (a send may take up to SLACK_TIMEOUT_MS, 120 s, or wait out a
 * Retry-After), so it only has to outlast two missed heartbeats; it is also about how long a dead
 * replica's rows wait before another replica takes them over.
 */
export const DEFAULT_OUTBOX_LEASE_MS = 30_000;

/** The outbox's per-workspace selection and claims (`src/db/outbox-lanes.repository.ts`). */
export interface OutboxLaneStore {
  /** Teams with pending messages due at `now`, each once, the longest waiting first. */
  listDueTeams(now: Date, limit: number): Promise<string[]>;
  /**
   * Claims up to `limit` of one team's pending messages due at `now`, oldest first (same rules as
   * `OutboxStore.listDue`), for `leaseMs`, leaving out `exceptIds`.
   */
  listDueForTeam(
    teamId: string,
    now: Date,
    limit: number,
    options?: { leaseMs?: number; exceptIds?: readonly number[] },
  ): Promise<OutboxEntry[]>;
  /** The heartbeat: the lease of claimed rows this process still holds runs `leaseMs` from `now`. */
  renewClaims(ids: readonly number[], now: Date, leaseMs: number): Promise<void>;
  /** Gives back claimed rows this process didn't settle: the next pass, anywhere, may claim them. */
  releaseClaims(ids: readonly number[]): Promise<void>;
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
  /** Slack calls in flight at once across all workspaces, shared out in turn. Default 16. */
  concurrency?: number;
  /** Messages one workspace works on at once (each waits for its paced slot). Default 8. */
  perTeamConcurrency?: number;
  /** Workspaces a drain serves at once (the rest on its next pass). Default 200. */
  maxTeams?: number;
  /** Give up on transient errors after this many attempts. Default 8. */
  maxAttempts?: number;
  /** Backoff after the n-th failed attempt: `baseBackoffMs * 2^(n-1)`, capped. Default 30 s, cap 30 min. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /**
   * Rows one workspace's pass claims. Default `concurrency`: about what can be in flight at once,
   * so a replica that dies strands no more than that per workspace it was serving.
   */
  batchSize?: number;
  /** A claim's lease without a heartbeat (see `DEFAULT_OUTBOX_LEASE_MS`). Default 30 s. */
  leaseMs?: number;
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
  if (message.author && (!message.author.name.trim() || message.author.name.length > 80)) {
    problems.author = "An author's name is 1 to 80 characters.";
  }
  if (message.threadOfKey && message.updateOfKey) {
    problems.updateOfKey = "A message either replies in a thread or updates a message, not both.";
  }
  if (Object.keys(problems).length > 0) throw new ValidationError(problems);
}

type RowOutcome = "sent" | "failed" | "retry" | "blocked" | "skipped";

/** Whether a workspace may be sent to (the workspace lifecycle: uninstalled, token revoked). */
export interface WorkspaceGate {
  /** Why nothing may be sent for the team ("app uninstalled"), or null when it is active. */
  stoppedReason(teamId: string): Promise<string | null>;
}

export function createOutboxService(deps: {
  uow: SchedulingUnitOfWork;
  /** Per-team selection of due rows. */
  lanes: OutboxLaneStore;
  transport: OutboxTransport;
  /** Per-workspace budgets and Retry-After holds (`createWorkspacePacer`). */
  pacer: WorkspacePacer;
  clock: Clock;
  logger: Logger;
  options?: OutboxOptions;
  /** Checked before every Slack call: a stopped workspace's rows fail with the reason instead. */
  workspaces?: WorkspaceGate;
}): OutboxService {
  const { uow, lanes, transport, pacer, clock, logger } = deps;
  const store = uow.read.outbox;
  const concurrency = deps.options?.concurrency ?? 16;
  const perTeamConcurrency = deps.options?.perTeamConcurrency ?? 8;
  const maxTeams = deps.options?.maxTeams ?? 200;
  const inFlight = createRoundRobinSlots(concurrency);
  const maxAttempts = deps.options?.maxAttempts ?? 8;
  const baseBackoffMs = deps.options?.baseBackoffMs ?? 30_000;
  const maxBackoffMs = deps.options?.maxBackoffMs ?? 30 * 60_000;
  const batchSize = deps.options?.batchSize ?? concurrency;
  const leaseMs = deps.options?.leaseMs ?? DEFAULT_OUTBOX_LEASE_MS;
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
        request: {
          kind: "post",
          teamId: row.teamId,
          channel,
          text: row.text,
          blocks,
          threadTs: parent.ts,
          author: row.author,
        },
      };
    }
    if (row.updateOfKey) {
      const target = await store.findByKey(row.teamId, row.updateOfKey);
      if (!target || target.state === "pending") return { blocked: true };
      if (target.state !== "sent" || !target.ts) return { parentFailed: "update_target_failed" };
      const channel = target.sentChannel ?? target.channel;
      return {
        request: {
          kind: "update",
          teamId: row.teamId,
          channel,
          ts: target.ts,
          text: row.text,
          blocks,
          author: row.author,
          // The target's author was cleared when it went out as the bot (see `markSent`).
          authorShown: target.author !== null,
        },
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
        author: row.author,
      },
    };
  }

  /**
   * One Slack call, paced: the workspace's slot, then a turn among the calls in flight. A 429 holds
   * this workspace and method for its Retry-After and the same call goes again (not an attempt).
   * A 5xx or network failure goes again a few times after a short wait, through the same pacing.
   */
  async function send(request: DeliveryRequest): Promise<DeliveryResult | "stopped"> {
    const method: OutboxMethod = request.kind === "update" ? "chat.update" : "chat.postMessage";
    let quickTries = 0;
    for (;;) {
      if (stopped) return "stopped";
      await pacer.acquire(request.teamId, method, request.channel);
      const release = await inFlight.take(request.teamId);
      // A 429 may have come while this call waited for its turn: take a new slot after the hold.
      if (pacer.isHeld(request.teamId, method)) {
        release();
        continue;
      }
      let result: DeliveryResult;
      try {
        result = await transport.deliver(request);
      } catch (error) {
        result = { ok: false, retry: true, error: error instanceof Error ? error.message : String(error) };
      } finally {
        release();
      }
      if (!result.ok && result.quick && (await pacer.quickRetryWait(quickTries++))) continue;
      if (result.ok || result.retryAfterMs === undefined) return result;
      logger.info("slack rate limited the outbox; holding this workspace", {
        teamId: request.teamId,
        method,
        retryAfterMs: result.retryAfterMs,
      });
      await pacer.hold(request.teamId, method, result.retryAfterMs);
    }
  }

  async function deliverOne(row: OutboxEntry): Promise<RowOutcome> {
    // A stopped workspace's token is dead: no call. Failure listeners aren't told (they would
    // only queue notices to the same workspace).
    const stopped = await deps.workspaces?.stoppedReason(row.teamId);
    if (stopped) {
      await store.markFailed(row.id, stopped, clock.now());
      return "failed";
    }
    const next = await requestFor(row);
    if ("blocked" in next) return "blocked";
    if ("parentFailed" in next) {
      await failed(row, next.parentFailed);
      return "failed";
    }
    // Count the attempt BEFORE calling Slack: a crash during the call still shows up in `attempts`.
    if (!(await store.beginAttempt(row.id, clock.now(), leaseMs))) return "skipped";
    const result = await send(next.request);
    if (result === "stopped") return "skipped";
    if (result.ok) {
      // ── duplicate window: Slack has the message; until this UPDATE commits, a crash re-sends it. ──
      await store.markSent(
        row.id,
        { channel: result.channel, ts: result.ts, asBot: result.asBot === true },
        clock.now(),
      );
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

  /** Counts an outcome into every drain call still waiting (each reports what happened meanwhile). */
  const open = new Set<DrainStats>();
  function count(outcome: RowOutcome): void {
    for (const stats of open) {
      if (outcome === "sent") stats.sent++;
      if (outcome === "failed") stats.failed++;
      if (outcome === "retry") stats.retried++;
    }
  }

  /** Rows this process holds claims on (every lane's current pass): the heartbeat renews them. */
  const held = new Set<number>();
  let heartbeat: ReturnType<typeof setInterval> | null = null;
  let beating = false;

  async function beat(): Promise<void> {
    if (beating || held.size === 0) return;
    beating = true;
    try {
      await lanes.renewClaims([...held], clock.now(), leaseMs);
    } catch (error) {
      // The next beat tries again; after a whole lease without one, another replica may take over.
      logger.warn("outbox heartbeat failed; its claims lapse unless the next one succeeds", { error });
    } finally {
      beating = false;
    }
  }

  function holdClaims(ids: readonly number[]): void {
    for (const id of ids) held.add(id);
    if (heartbeat === null && held.size > 0) {
      heartbeat = setInterval(() => void beat(), Math.max(1, Math.floor(leaseMs / 3)));
      heartbeat.unref();
    }
  }

  function dropClaims(ids: Iterable<number>): void {
    for (const id of ids) held.delete(id);
    if (held.size === 0 && heartbeat !== null) {
      clearInterval(heartbeat);
      heartbeat = null;
    }
  }

  /**
   * One pass over a team's due rows: claims up to `batchSize` (leaving out `waiting`, rows found
   * waiting for what they depend on), delivers them, and gives back what it didn't settle.
   * @returns rows claimed, and rows settled (sent, failed, skipped); blocked rows join `waiting`.
   */
  async function pass(teamId: string, waiting: Set<number>): Promise<{ claimed: number; progress: number }> {
    const rows = await lanes.listDueForTeam(teamId, clock.now(), batchSize, {
      leaseMs,
      exceptIds: [...waiting],
    });
    if (rows.length === 0) return { claimed: 0, progress: 0 };
    const unsettled = new Set(rows.map((row) => row.id));
    holdClaims([...unsettled]);
    // One queue per conversation, in id order: a conversation's messages go out one at a time,
    // in order; different conversations (e.g. 1,000 DMs) go out in parallel, paced per workspace.
    const groups = new Map<string, OutboxEntry[]>();
    for (const row of rows) {
      const group = groups.get(row.channel);
      if (group) group.push(row);
      else groups.set(row.channel, [row]);
    }
    const queue = [...groups.values()];
    let progress = 0;
    const worker = async () => {
      for (let group = queue.shift(); group; group = queue.shift()) {
        for (const row of group) {
          if (stopped) return;
          const outcome = await deliverOne(row);
          count(outcome);
          if (outcome === "blocked") waiting.add(row.id);
          // A retry gave its claim back already (scheduleRetry); a skipped row is released below
          // if it is still ours (a stop mid-call), else it belongs to another replica.
          if (outcome === "sent" || outcome === "failed" || outcome === "retry") unsettled.delete(row.id);
          if (outcome === "sent" || outcome === "failed" || outcome === "skipped") progress++;
          // Keep the conversation's order: later messages wait while this one backs off. A reply
          // waiting for its parent doesn't hold up the rest (the parent may be right behind it).
          if (outcome === "retry") break;
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(perTeamConcurrency, queue.length) }, worker));
    } finally {
      dropClaims(rows.map((row) => row.id));
      // Not re-claiming our own rows instead: a claim never takes rows under a live lease.
      await lanes.releaseClaims([...unsettled]).catch((error: unknown) => {
        logger.warn("giving back unsent outbox claims failed; they are free when the lease ends", { error });
      });
    }
    return { claimed: rows.length, progress };
  }

  /**
   * A team's lane: passes until one that started after the last `drain()` call finds nothing to
   * claim. `again` is set by a drain call that arrives while the lane runs.
   */
  interface Lane {
    again: boolean;
    blocked: number;
    done: Promise<void>;
  }
  const running = new Map<string, Lane>();

  function startLane(teamId: string): Lane {
    const lane: Lane = { again: false, blocked: 0, done: Promise.resolve() };
    lane.done = (async () => {
      // Rows found waiting for their parent: left out of this lane's claims until something is sent.
      const waiting = new Set<number>();
      let progressSinceLook = 0;
      try {
        for (;;) {
          if (lane.again) {
            // This pass starts after a drain call: it looks at every due row again.
            lane.again = false;
            waiting.clear();
          }
          const result = await pass(teamId, waiting);
          progressSinceLook += result.progress;
          lane.blocked = waiting.size;
          // Decided and left in one synchronous step: a drain call either set `again` before
          // this check, or finds the lane gone and starts a new one.
          if (stopped) return;
          if (result.claimed > 0 || lane.again) continue;
          // Nothing new to claim; what was sent since may unblock the waiting rows: one more look.
          if (waiting.size > 0 && progressSinceLook > 0) {
            waiting.clear();
            progressSinceLook = 0;
            continue;
          }
          return;
        }
      } finally {
        running.delete(teamId);
      }
    })();
    running.set(teamId, lane);
    return lane;
  }

  async function drain(): Promise<DrainStats> {
    const stats: DrainStats = { sent: 0, failed: 0, retried: 0, blocked: 0 };
    if (stopped) return stats;
    open.add(stats);
    try {
      // Lanes already running read their rows before this call: they pass once more.
      const waitFor = new Set<Lane>();
      for (const lane of running.values()) {
        lane.again = true;
        waitFor.add(lane);
      }
      const served = new Set<string>();
      for (;;) {
        const teams = (await lanes.listDueTeams(clock.now(), maxTeams + served.size)).filter(
          (teamId) => !served.has(teamId),
        );
        for (const teamId of teams.slice(0, maxTeams)) {
          served.add(teamId);
          const lane = running.get(teamId);
          if (lane) lane.again = true;
          waitFor.add(lane ?? startLane(teamId));
        }
        for (const lane of waitFor) await lane.done.catch(() => undefined);
        // More workspaces than one round serves: the next ones, once these are done.
        if (teams.length < maxTeams || stopped) break;
      }
      // A lane that failed (the database) rejects here, once, for the caller to log.
      for (const lane of waitFor) await lane.done;
      for (const lane of waitFor) stats.blocked += lane.blocked;
      return stats;
    } finally {
      open.delete(stats);
    }
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
      author: message.author ?? null,
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
