/**
 * The durable scheduler: schedules live in the database, a tick (woken by a timer, or called by a
 * test at a fixed instant) asks the database what is due and runs it.
 *
 * How one occurrence is handled (the invariants):
 * 1. `schedules.next_due_at` is the first occurrence after `cursor_at`; a tick reads only rows
 *    with `next_due_at <= now` (an index range), so its work grows with what is due, not with how
 *    many schedules exist.
 * 2. For a due schedule, every occurrence in `(cursor_at, now]` is recorded in `schedule_runs`
 *    under UNIQUE(schedule_id, local_due) in ONE transaction that also moves the cursor to `now`.
 *    The insert is the claim: if it conflicts, someone else (an overlapping tick, a second process,
 *    a run before a restart) has it, and this tick leaves it alone. So an occurrence runs at most
 *    once, whatever the timing.
 * 3. Each occurrence is decided with `decideMissed`: at most `graceMs` late (default 2 h) it runs
 *    (state `running` → `done`/`failed`); later it is recorded as `skipped` with reason
 *    `missed_beyond_grace`. Nothing is silently lost: after downtime, the start-up tick finds the
 *    whole gap in `(cursor_at, now]`.
 * 4. A running occurrence holds a lease (`claimed_by`, `lease_until`, `runLeaseMs`, default 60 s)
 *    that a heartbeat renews every third of it while the job runs. A run whose lease ended (its
 *    scheduler died mid-job) is taken over by the next tick of any scheduler (on SQLite also at
 *    start-up: one process per file), and re-run when still within its grace (handlers must be
 *    idempotent: they enqueue outbox messages with stable idempotency keys, so a re-run sends
 *    nothing twice), otherwise marked `skipped` / `interrupted_beyond_grace`. Bound: a dead
 *    replica's occurrence runs again within `runLeaseMs` after its last heartbeat plus one tick.
 *
 * Time zones and DST come from the domain (`occurrencesBetween`/`nextOccurrence`): a 09:00
 * Europe/Berlin schedule fires at 08:00Z in winter and 07:00Z in summer; a 02:30 that does not
 * exist (spring forward) fires once at 03:00 local; an ambiguous 02:30 (fall back) fires once, at
 * its first instant. The occurrence identity is the LOCAL due time ("2026-03-29T02:30").
 */
import { randomUUID } from "node:crypto";
import {
  decideMissed,
  graceMsOf,
  localDateTimeOf,
  nextOccurrence,
  type Occurrence,
  occurrencesBetween,
  type Recurrence,
  resolveLocalDateTime,
  type ScheduleRule,
  type WorkCalendar,
} from "../domain/schedule/index.js";
import type { Clock } from "../lib/clock.js";
import type { Logger } from "../lib/logger.js";
import { createTurnBudget } from "../lib/work-scheduler.js";
import type { WorkspaceGate } from "./outbox.service.js";
import type { JobContext, JobHandler, OneShotSpec, Scheduler, ScheduleSpec } from "./scheduling.ports.js";
import type {
  NewSchedule,
  ScheduleRun,
  SchedulingStores,
  SchedulingUnitOfWork,
  SkipReason,
  StoredSchedule,
} from "./scheduling-store.ports.js";

export interface TickStats {
  /** Schedules read because they were due. */
  due: number;
  ran: number;
  failed: number;
  skipped: number;
  /** Occurrences another tick had already claimed. */
  alreadyClaimed: number;
}

/** A schedule as `/scrum status` shows it. */
export interface ScheduleSummary {
  id: number;
  jobKind: string;
  refId: string;
  label: string;
  timeZone: string;
  nextDueAt: Date | null;
  nextLocalDue: string | null;
}

export interface SchedulerService extends Scheduler {
  /** Runs everything due at `now` (catch-up included). Ticks in one process run one after another. */
  tick(now: Date): Promise<TickStats>;
  /** Start-up recovery: takes over runs a crash left `running` (lease ended; any on SQLite), re-runs or skips them, then ticks. */
  catchUp(now: Date): Promise<TickStats>;
  list(teamId: string): Promise<ScheduleSummary[]>;
  /** Recent runs of a team (newest first), including skipped and failed ones. */
  recentRuns(teamId: string, limit?: number): Promise<ScheduleRun[]>;
  /** Recomputes `next_due_at` of a team's calendar-bound schedules (after the calendar changed). */
  recomputeTeam(teamId: string): Promise<void>;
}

function ruleOf(
  s: Pick<StoredSchedule, "recurrence" | "timeZone" | "startAt" | "endAt" | "graceMs">,
): ScheduleRule {
  return {
    recurrence: s.recurrence,
    timeZone: s.timeZone,
    start: s.startAt,
    end: s.endAt,
    graceMs: s.graceMs,
  };
}

const sameRule = (a: NewSchedule, b: StoredSchedule) =>
  JSON.stringify(a.recurrence) === JSON.stringify(b.recurrence) &&
  a.timeZone === b.timeZone &&
  a.startAt?.getTime() === b.startAt?.getTime() &&
  a.endAt?.getTime() === b.endAt?.getTime() &&
  a.useTeamCalendar === b.useTeamCalendar;

const MINUTE_MS = 60_000;

/** How long a running occurrence's claim holds without a heartbeat (see invariant 4). */
export const SCHEDULE_RUN_LEASE_MS = 60_000;

/**
 * The rule of a one-shot schedule: a yearly cron naming the local minute of `at` (rounded up to a
 * whole minute) in `timeZone`, bounded to that one instant by start = end = the instant.
 *
 * Worked example: at 2026-03-29T07:00:30Z in Europe/Berlin → due 07:01Z, cron "1 9 29 3 *" read in
 * Berlin (09:01 CEST), start = end = 07:01Z. The bounds make the yearly cron fire once.
 *
 * A repeated local minute (clocks going back: 02:30 happens twice in Berlin on 25 Oct 2026) names
 * its FIRST pass in a zone's rules, so an instant in the second pass can't be named there; such
 * an instant is scheduled in UTC, where every minute is named once (the job then sees UTC).
 */
export function oneShotRule(
  at: Date,
  timeZone: string,
): { recurrence: Recurrence; timeZone: string; startAt: Date; endAt: Date } {
  const due = new Date(Math.ceil(at.getTime() / MINUTE_MS) * MINUTE_MS);
  const local = localDateTimeOf(due, timeZone);
  const zone = resolveLocalDateTime(local, timeZone).getTime() === due.getTime() ? timeZone : "UTC";
  const [date, time] = (zone === timeZone ? local : localDateTimeOf(due, "UTC")).split("T");
  const [, month, day] = (date ?? "").split("-").map(Number);
  const [hour, minute] = (time ?? "").split(":").map(Number);
  return {
    recurrence: { kind: "cron", expression: `${minute} ${hour} ${day} ${month} *` },
    timeZone: zone,
    startAt: due,
    endAt: due,
  };
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 1000);

/** Per-team selection of due schedules (`src/db/schedule-lanes.repository.ts`). */
export interface ScheduleLaneStore {
  /** Teams with schedules due at `now`, each once, the earliest due first. */
  listDueTeams(now: Date, limit: number): Promise<string[]>;
  /** One team's schedules due at `now`, earliest first. */
  listDueForTeam(teamId: string, now: Date, limit: number): Promise<StoredSchedule[]>;
}

export function createSchedulerService(deps: {
  uow: SchedulingUnitOfWork;
  clock: Clock;
  logger: Logger;
  /**
   * A stopped workspace's schedules pause: their occurrences are recorded as skipped
   * (`workspace_paused`) and the cursor moves on, so a reinstall resumes at the next occurrence.
   */
  workspaces?: WorkspaceGate;
  /**
   * With it, a tick serves teams in turn (one due schedule of each, round robin), so workspace A's
   * 1,000 per-person jobs don't delay workspace B's; without it, earliest due first across teams.
   */
  lanes?: ScheduleLaneStore;
  /** Due schedules read per query. Default 500. */
  batchSize?: number;
  /** Told when an occurrence starts, with how late it is (metrics: scheduler lag). */
  onRun?: (jobKind: string, lagMs: number) => void;
  /** Lease of a running occurrence (default `SCHEDULE_RUN_LEASE_MS`); renewed every third of it. */
  runLeaseMs?: number;
}): SchedulerService {
  const { uow, clock, logger } = deps;
  const leaseMs = deps.runLeaseMs ?? SCHEDULE_RUN_LEASE_MS;
  /** This scheduler's name in run leases (one per instance, so per replica). */
  const claimant = `scheduler:${randomUUID()}`;
  const leaseFrom = (at: Date) => new Date(at.getTime() + leaseMs);
  const batchSize = deps.batchSize ?? 500;
  const handlers = new Map<string, JobHandler>();
  const calendarOf = async (s: StoredSchedule): Promise<WorkCalendar | undefined> =>
    s.useTeamCalendar ? uow.read.calendars.workCalendar(s.teamId) : undefined;

  /**
   * Claims the occurrences of one due schedule, then advances it. Deliberately NOT one transaction:
   * each claim is a single atomic INSERT (the unique constraint decides), and the cursor only moves
   * forward afterwards. A crash in between leaves claimed runs and an old cursor; the next tick
   * recomputes the same occurrences, finds them claimed, and advances. No statement holds SQLite's
   * write lock across an await, so two processes (or connections) never deadlock on an upgrade.
   */
  async function claimDue(
    scheduleId: number,
    now: Date,
    stats: TickStats,
  ): Promise<{ schedule: StoredSchedule; toRun: Occurrence[] } | null> {
    const stores = uow.read;
    {
      const s = await stores.schedules.findById(scheduleId);
      if (!s?.nextDueAt || s.nextDueAt.getTime() > now.getTime()) return null;
      const calendar = s.useTeamCalendar ? await stores.calendars.workCalendar(s.teamId) : undefined;
      const rule = ruleOf(s);
      const toRun: Occurrence[] = [];
      const paused = await deps.workspaces?.stoppedReason(s.teamId);
      for (const o of occurrencesBetween(rule, s.cursorAt, now, { calendar })) {
        const decision: { action: "run" } | { action: "skip"; reason: SkipReason } = paused
          ? { action: "skip", reason: "workspace_paused" }
          : decideMissed(o, now, s.graceMs);
        const claimed = await stores.schedules.claimRun({
          teamId: s.teamId,
          scheduleId: s.id,
          localDue: o.localDue,
          dueAt: o.dueAt,
          state: decision.action === "run" ? "running" : "skipped",
          reason: decision.action === "skip" ? decision.reason : null,
          claimedAt: now,
          claimedBy: claimant,
          leaseUntil: leaseFrom(now),
        });
        if (!claimed) stats.alreadyClaimed++;
        else if (decision.action === "run") toRun.push(o);
        else {
          stats.skipped++;
          logger.warn("scheduled occurrence skipped", {
            scheduleId: s.id,
            jobKind: s.jobKind,
            localDue: o.localDue,
            reason: decision.reason,
            ...(paused ? { why: paused } : {}),
          });
        }
      }
      const next = nextOccurrence(rule, now, { calendar });
      await stores.schedules.advance(s.id, now, next, now);
      return { schedule: s, toRun };
    }
  }

  async function runOne(s: StoredSchedule, o: Occurrence, now: Date, stats: TickStats): Promise<void> {
    const handler = handlers.get(s.jobKind);
    const ctx: JobContext = {
      scheduleId: s.id,
      teamId: s.teamId,
      jobKind: s.jobKind,
      refId: s.refId,
      payload: s.payload,
      localDue: o.localDue,
      dueAt: o.dueAt,
      timeZone: s.timeZone,
      now,
    };
    if (!handler) {
      stats.failed++;
      logger.error("no handler registered for a scheduled job", { jobKind: s.jobKind, scheduleId: s.id });
      await uow.read.schedules.finishRun(
        s.id,
        o.localDue,
        "failed",
        clock.now(),
        `no handler for ${s.jobKind}`,
      );
      return;
    }
    // The heartbeat: wall-clock timer, lease in clock time (the one the takeover compares with).
    const heartbeat = setInterval(() => {
      uow.read.schedules
        .renewRun(s.id, o.localDue, claimant, leaseFrom(clock.now()))
        .catch((error: unknown) =>
          logger.warn("scheduler: lease renewal failed", { scheduleId: s.id, error }),
        );
    }, leaseMs / 3);
    heartbeat.unref();
    try {
      deps.onRun?.(s.jobKind, clock.now().getTime() - o.dueAt.getTime());
      await handler(ctx);
      clearInterval(heartbeat);
      stats.ran++;
      await uow.read.schedules.finishRun(s.id, o.localDue, "done", clock.now());
    } catch (error) {
      clearInterval(heartbeat);
      stats.failed++;
      logger.error("scheduled job failed", {
        jobKind: s.jobKind,
        scheduleId: s.id,
        localDue: o.localDue,
        error,
      });
      await uow.read.schedules.finishRun(s.id, o.localDue, "failed", clock.now(), errorText(error));
    }
  }

  async function runDue(s: StoredSchedule, now: Date, stats: TickStats): Promise<void> {
    stats.due++;
    const claimed = await claimDue(s.id, now, stats);
    if (!claimed) return;
    for (const o of claimed.toRun) await runOne(claimed.schedule, o, now, stats);
  }

  /** A tick over per-team lanes: one due schedule of each team in turn, until none is due. */
  async function runTickByTeam(lanes: ScheduleLaneStore, now: Date): Promise<TickStats> {
    const stats: TickStats = { due: 0, ran: 0, failed: 0, skipped: 0, alreadyClaimed: 0 };
    const seen = new Set<number>();
    // Jobs over synchronous SQLite never leave the microtask queue: hand the loop back between
    // them, so acks and the outbox's sends (of the prompts just enqueued) go on during a big tick.
    const budget = createTurnBudget();
    for (;;) {
      const teams = await lanes.listDueTeams(now, batchSize);
      const queues = new Map<string, StoredSchedule[]>();
      for (const teamId of teams) {
        const due = (await lanes.listDueForTeam(teamId, now, batchSize)).filter((s) => !seen.has(s.id));
        if (due.length > 0) queues.set(teamId, due);
      }
      if (queues.size === 0) return stats;
      while (queues.size > 0) {
        for (const [teamId, queue] of queues) {
          const s = queue.shift();
          if (queue.length === 0) queues.delete(teamId);
          if (!s) continue;
          seen.add(s.id);
          await runDue(s, now, stats);
          await budget.spend();
        }
      }
    }
  }

  async function runTick(now: Date): Promise<TickStats> {
    if (deps.lanes) return runTickByTeam(deps.lanes, now);
    const stats: TickStats = { due: 0, ran: 0, failed: 0, skipped: 0, alreadyClaimed: 0 };
    const seen = new Set<number>();
    const budget = createTurnBudget();
    for (;;) {
      const due = (await uow.read.schedules.listDue(now, batchSize)).filter((s) => !seen.has(s.id));
      if (due.length === 0) return stats;
      for (const s of due) {
        seen.add(s.id);
        await runDue(s, now, stats);
        await budget.spend();
      }
    }
  }

  // Ticks in one process are serialised: a test's `tick(now)` waits for the timer's tick and
  // then sees its effects, instead of racing it (across processes the unique claim decides).
  let chain: Promise<unknown> = Promise.resolve();
  function serial<T>(fn: () => Promise<T>): Promise<T> {
    const result = chain.then(fn, fn);
    chain = result.catch(() => undefined);
    return result;
  }

  /**
   * Runs another scheduler's occurrences whose lease ended (it died mid-job), or skips them when
   * beyond their grace. `startUp`: also, on SQLite, any `running` run (see `takeOverRuns`).
   */
  async function recoverInterrupted(now: Date, startUp: boolean, stats: TickStats): Promise<void> {
    const taken = await uow.read.schedules.takeOverRuns({
      now,
      claimant,
      leaseUntil: leaseFrom(now),
      startUp,
      limit: 1000,
    });
    for (const run of taken) {
      const s = await uow.read.schedules.findById(run.scheduleId);
      if (!s) continue;
      const decision = decideMissed({ localDue: run.localDue, dueAt: run.dueAt }, now, s.graceMs);
      const paused = await deps.workspaces?.stoppedReason(s.teamId);
      if (decision.action === "skip" || paused) {
        await uow.read.schedules.transitionRun(run.id, "running", "skipped", now, {
          reason: paused ? "workspace_paused" : "interrupted_beyond_grace",
        });
        stats.skipped++;
        logger.warn("interrupted occurrence skipped", { scheduleId: s.id, localDue: run.localDue });
        continue;
      }
      logger.info("re-running interrupted occurrence", { scheduleId: s.id, localDue: run.localDue });
      await runOne(s, { localDue: run.localDue, dueAt: run.dueAt }, now, stats);
    }
  }

  async function buildSchedule(
    stores: SchedulingStores,
    spec: ScheduleSpec,
    existing: StoredSchedule | null,
    now: Date,
  ): Promise<NewSchedule> {
    const draft: NewSchedule = {
      teamId: spec.teamId,
      jobKind: spec.jobKind,
      refId: spec.refId,
      recurrence: spec.recurrence,
      timeZone: spec.timeZone,
      startAt: spec.startAt ?? null,
      endAt: spec.endAt ?? null,
      graceMs: graceMsOf({ graceMs: spec.graceMs }),
      useTeamCalendar: spec.useTeamCalendar ?? false,
      payload: spec.payload ?? {},
      label: spec.label,
      cursorAt: now,
      nextDueAt: null,
      nextLocalDue: null,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    // A new (or changed) rule starts counting now: occurrences before it existed are not "missed".
    // An unchanged rule keeps its cursor, so re-upserting at start-up doesn't erase a gap to catch up.
    if (existing && sameRule(draft, existing)) draft.cursorAt = existing.cursorAt;
    // Inside the caller's transaction: SQLite has one connection, so reading outside it would deadlock.
    const calendar = draft.useTeamCalendar ? await stores.calendars.workCalendar(spec.teamId) : undefined;
    // Validates the rule (InvalidScheduleError names the bad field) and finds the next run.
    const next = nextOccurrence(ruleOf(draft), draft.cursorAt, { calendar });
    draft.nextDueAt = next?.dueAt ?? null;
    draft.nextLocalDue = next?.localDue ?? null;
    return draft;
  }

  async function upsertIn(
    stores: Parameters<Parameters<typeof uow.run>[0]>[0],
    spec: ScheduleSpec,
    now: Date,
  ): Promise<{ id: number; nextDueAt: Date | null }> {
    const existing = await stores.schedules.findByKey(spec.teamId, spec.jobKind, spec.refId);
    const draft = await buildSchedule(stores, spec, existing, now);
    let id: number;
    if (existing) {
      id = existing.id;
      await stores.schedules.replace(id, draft);
    } else {
      id = await stores.schedules.insert(draft);
    }
    return { id, nextDueAt: draft.nextDueAt };
  }

  async function upsert(spec: ScheduleSpec): Promise<{ id: number; nextDueAt: Date | null }> {
    const now = clock.now();
    return uow.run((stores) => upsertIn(stores, spec, now));
  }

  return {
    upsert,

    async upsertMany(specs) {
      const now = clock.now();
      await uow.run(async (stores) => {
        for (const spec of specs) await upsertIn(stores, spec, now);
      });
    },

    scheduleOnce({ at, timeZone, ...spec }: OneShotSpec) {
      return upsert({ ...spec, ...oneShotRule(at, timeZone) });
    },

    async remove(teamId, jobKind, refId) {
      await uow.read.schedules.remove(teamId, jobKind, refId);
    },

    registerJob(jobKind, handler) {
      if (handlers.has(jobKind))
        throw new Error(`A handler for job kind "${jobKind}" is already registered.`);
      handlers.set(jobKind, handler);
    },

    tick: (now) =>
      serial(async () => {
        const stats = await runTick(now);
        await recoverInterrupted(now, false, stats);
        return stats;
      }),

    catchUp: (now) =>
      serial(async () => {
        const recovered: TickStats = { due: 0, ran: 0, failed: 0, skipped: 0, alreadyClaimed: 0 };
        await recoverInterrupted(now, true, recovered);
        return runTick(now);
      }),

    async list(teamId) {
      const rows = await uow.read.schedules.listByTeam(teamId);
      return rows.map((s) => ({
        id: s.id,
        jobKind: s.jobKind,
        refId: s.refId,
        label: s.label,
        timeZone: s.timeZone,
        nextDueAt: s.nextDueAt,
        nextLocalDue: s.nextLocalDue,
      }));
    },

    recentRuns: (teamId, limit = 20) => uow.read.schedules.listRuns({ teamId, limit }),

    async recomputeTeam(teamId) {
      const rows = await uow.read.schedules.listByTeam(teamId);
      for (const s of rows.filter((r) => r.useTeamCalendar)) {
        const next = nextOccurrence(ruleOf(s), s.cursorAt, { calendar: await calendarOf(s) });
        await uow.read.schedules.replace(s.id, {
          ...s,
          nextDueAt: next?.dueAt ?? null,
          nextLocalDue: next?.localDue ?? null,
        });
      }
    },
  };
}
