/**
 * The life of a workspace after install: stopped at once by `app_uninstalled` or a revoked bot
 * token (`tokens_revoked`), resumed by a reinstall within the grace period, and its data deleted
 * when the grace period ends (the daily purge job) or at once (`npm run cli -- purge`).
 *
 * Stopping means: pending outbox rows fail with the reason, the workspace's schedules pause (the
 * scheduler records their occurrences as skipped, `workspace_paused`), and nothing calls Slack for
 * it (the outbox, the scheduler and the people directory ask `stoppedReason` before calling).
 * The two events may arrive in either order and more than once: the first one stops the workspace,
 * the others change nothing (one conditional upsert decides, also across replicas).
 *
 * `isActive` is cached per process for `cacheMs` (default 5 s): another replica may go on for up
 * to that long after an uninstall (its calls then fail with Slack's own `invalid_auth`). This
 * process drops its cache entry at once when it stops or resumes a workspace.
 *
 * A workspace without a row is active: single-token deployments and workspaces installed before
 * this existed need no row.
 */
import type { Clock } from "../lib/clock.js";
import { WorkspaceStoppedError } from "../lib/errors.js";
import type { Logger } from "../lib/logger.js";
import type { PeopleSource } from "./user-directory.ports.js";
import type {
  PendingMessages,
  TableRows,
  TeamData,
  WorkspaceState,
  WorkspaceStore,
} from "./workspace-lifecycle.ports.js";

export const APP_UNINSTALLED = "app uninstalled";
export const BOT_TOKEN_REVOKED = "bot token revoked";
const DAY_MS = 24 * 60 * 60 * 1000;

export interface PurgeReport {
  teamId: string;
  /** Rows deleted per table (tables with none left out). */
  tables: TableRows[];
  total: number;
}

export interface WorkspaceLifecycle {
  /** False once the workspace stopped (uninstalled, bot token revoked, purged) until it resumes. */
  isActive(teamId: string): Promise<boolean>;
  /** Why nothing may be done for the workspace ("app uninstalled"), or null when it is active. */
  stoppedReason(teamId: string): Promise<string | null>;
  /**
   * `stoppedReason` when this process's cache still holds the answer, else undefined: lets the
   * request gate decide without an `await` (each await before an ack lets other requests' work
   * run first; docs/development-acks.md). With `refreshLater`, an expired "active" answer younger
   * than `staleMs` is still given, and re-read after the acks waiting now (see `staleMs`).
   */
  cachedStoppedReason(teamId: string): string | null | undefined;
  status(teamId: string): Promise<WorkspaceState | null>;
  /**
   * Stops the workspace (idempotent): marks it, fails its pending outbox rows with `reason`.
   * @returns whether this call stopped it, and how many pending messages failed.
   */
  stop(teamId: string, reason: string): Promise<{ stopped: boolean; failedMessages: number }>;
  /**
   * A reinstall: the workspace is active again. Within the grace period everything it had is still
   * there (schedules run from their next occurrence; messages that failed at the uninstall stay
   * failed). After a purge it starts empty. @returns whether it was stopped.
   */
  resumeWorkspace(teamId: string): Promise<boolean>;
  /** Rows per table a purge of the team would delete. */
  preview(teamId: string): Promise<TableRows[]>;
  /** Deletes every row of the team now (a stopped workspace keeps a `purged` tombstone). */
  purge(teamId: string): Promise<PurgeReport>;
  /** Purges every stopped workspace whose grace period ended at `now` (the daily job). */
  purgeDue(now: Date): Promise<PurgeReport[]>;
  /** Whether a stopped workspace waits for its purge (the daily job is needed). */
  anyAwaitingPurge(): Promise<boolean>;
  /** Whether any workspace is stopped or purged (a start in single-token mode then checks its token). */
  anyStopped(): Promise<boolean>;
  /**
   * Called after a workspace stopped: the purge job's schedule is created then; OAuth mode deletes
   * the dead installation (app/install-lifecycle.ts).
   */
  onStopped(listener: (teamId: string) => Promise<void>): void;
}

export function createWorkspaceLifecycle(deps: {
  store: WorkspaceStore;
  data: TeamData;
  pending: PendingMessages;
  clock: Clock;
  logger: Logger;
  /** DATA_RETENTION_DAYS: how long a stopped workspace's data is kept. */
  retentionDays: number;
  /** How long an answer is used as is (default 5 s): another process's stop shows after this. */
  cacheMs?: number;
  /**
   * How long an expired "active" answer may still let a request through the gate (default 60 s),
   * while `refreshLater` re-reads it. Under load most requests found their workspace's answer
   * expired (200 busy workspaces, 5 s each) and waited for a database read before their ack; now
   * only a workspace quiet for `staleMs` does. A stopped answer is never served stale: a workspace
   * that comes back is let in as soon as the database says so.
   */
  staleMs?: number;
  /** Runs a re-read after the acks waiting now (the app's work scheduler). Without it, nothing is served stale. */
  refreshLater?: (refresh: () => Promise<void>) => void;
}): WorkspaceLifecycle {
  const { store, data, pending, clock, logger, refreshLater } = deps;
  const cacheMs = deps.cacheMs ?? 5_000;
  const staleMs = deps.staleMs ?? 60_000;
  const cache = new Map<string, { at: number; reason: string | null }>();
  /**
   * Workspaces whose answer is to be re-read, by one job for all of them (a burst of requests from
   * many workspaces queues one job, not one each). A job that never ran (a full queue drops it) is
   * queued again after `cacheMs`.
   */
  const due = new Set<string>();
  let refreshQueuedAt: number | null = null;
  const stoppedListeners: ((teamId: string) => Promise<void>)[] = [];

  /** The cached answer while it is fresh. */
  function freshReason(teamId: string): string | null | undefined {
    const hit = cache.get(teamId);
    return hit && clock.now().getTime() - hit.at < cacheMs ? hit.reason : undefined;
  }

  function cachedStoppedReason(teamId: string): string | null | undefined {
    const hit = cache.get(teamId);
    if (!hit) return undefined;
    const now = clock.now().getTime();
    const age = now - hit.at;
    if (age < cacheMs) return hit.reason;
    if (!refreshLater || hit.reason !== null || age >= staleMs) return undefined;
    due.add(teamId);
    if (refreshQueuedAt === null || now - refreshQueuedAt >= cacheMs) {
      refreshQueuedAt = now;
      refreshLater(refreshDue);
    }
    return null;
  }

  /** Re-reads every workspace in `due` (the job `cachedStoppedReason` queues). */
  async function refreshDue(): Promise<void> {
    refreshQueuedAt = null;
    const teams = [...due];
    due.clear();
    for (const teamId of teams) {
      try {
        await read(teamId);
      } catch (error) {
        logger.warn("could not re-read a workspace's status", { teamId, error });
      }
    }
  }

  async function read(teamId: string): Promise<string | null> {
    const now = clock.now().getTime();
    const state = await store.find(teamId);
    const reason = !state || state.status === "active" ? null : (state.reason ?? state.status);
    cache.set(teamId, { at: now, reason });
    return reason;
  }

  async function stoppedReason(teamId: string): Promise<string | null> {
    const cached = freshReason(teamId);
    return cached !== undefined ? cached : read(teamId);
  }

  async function purge(teamId: string): Promise<PurgeReport> {
    const tables = await data.erase(teamId);
    await store.markPurged(teamId, clock.now());
    cache.delete(teamId);
    const total = tables.reduce((sum, t) => sum + t.rows, 0);
    logger.info("workspace data deleted", { teamId, total });
    return { teamId, tables, total };
  }

  return {
    isActive: async (teamId) => (await stoppedReason(teamId)) === null,
    stoppedReason,
    cachedStoppedReason,
    status: (teamId) => store.find(teamId),

    async stop(teamId, reason) {
      const now = clock.now();
      const stopped = await store.markStopped(
        teamId,
        reason,
        now,
        new Date(now.getTime() + deps.retentionDays * DAY_MS),
      );
      cache.delete(teamId);
      // Also on a repeated event: rows enqueued in between (a job already running) fail too.
      const failedMessages = await pending.failPending(teamId, (await stoppedReason(teamId)) ?? reason, now);
      if (stopped) {
        logger.warn("workspace stopped", {
          teamId,
          reason,
          failedMessages,
          retentionDays: deps.retentionDays,
        });
        for (const listener of stoppedListeners) await listener(teamId);
      }
      return { stopped, failedMessages };
    },

    async resumeWorkspace(teamId) {
      const resumed = await store.markActive(teamId, clock.now());
      cache.delete(teamId);
      if (resumed) logger.info("workspace resumed", { teamId });
      return resumed;
    },

    anyAwaitingPurge: () => store.anyAwaitingPurge(),
    anyStopped: () => store.anyStopped(),
    onStopped(listener) {
      stoppedListeners.push(listener);
    },

    preview: (teamId) => data.count(teamId),
    purge,

    async purgeDue(now) {
      const reports: PurgeReport[] = [];
      for (const teamId of await store.listDueForPurge(now)) reports.push(await purge(teamId));
      return reports;
    },
  };
}

/** The people source, refusing (before any Slack call) for a stopped workspace. */
export function guardedPeopleSource(
  source: PeopleSource,
  lifecycle: Pick<WorkspaceLifecycle, "stoppedReason">,
): PeopleSource {
  const check = async (teamId: string) => {
    const reason = await lifecycle.stoppedReason(teamId);
    if (reason) throw new WorkspaceStoppedError(teamId, reason);
  };
  return {
    async info(teamId, userId) {
      await check(teamId);
      return source.info(teamId, userId);
    },
    async listPage(teamId, cursor) {
      await check(teamId);
      return source.listPage(teamId, cursor);
    },
  };
}
