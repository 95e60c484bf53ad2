/**
 * What the scheduler, the outbox and the calendars need from storage, over domain types only.
 * Implemented by `src/db/schedule.repository.ts`, `outbox.repository.ts`, `calendar.repository.ts`
 * (bound together by `src/db/scheduling-stores.ts`).
 */
import type { AwayRange, Recurrence, WorkCalendar } from "../domain/schedule/index.js";
import type { MessageAuthor, OutboxState } from "./scheduling.ports.js";

export interface StoredSchedule {
  id: number;
  teamId: string;
  jobKind: string;
  refId: string;
  recurrence: Recurrence;
  timeZone: string;
  startAt: Date | null;
  endAt: Date | null;
  graceMs: number;
  useTeamCalendar: boolean;
  payload: Record<string, unknown>;
  label: string;
  /** Occurrences due at or before this instant have been handled. */
  cursorAt: Date;
  nextDueAt: Date | null;
  nextLocalDue: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type NewSchedule = Omit<StoredSchedule, "id">;

export type RunState = "running" | "done" | "failed" | "skipped";

/** Why an occurrence was skipped. */
export type SkipReason = "missed_beyond_grace" | "interrupted_beyond_grace" | "workspace_paused";

export interface ScheduleRun {
  id: number;
  teamId: string;
  scheduleId: number;
  localDue: string;
  dueAt: Date;
  state: RunState;
  reason: string | null;
  error: string | null;
  claimedAt: Date;
  finishedAt: Date | null;
  /** While `running`: the scheduler instance running it, and until when its claim holds. */
  claimedBy?: string | null;
  leaseUntil?: Date | null;
}

export interface ScheduleStore {
  findByKey(teamId: string, jobKind: string, refId: string): Promise<StoredSchedule | null>;
  findById(id: number): Promise<StoredSchedule | null>;
  insert(schedule: NewSchedule): Promise<number>;
  /** Replaces every field but id and createdAt. */
  replace(id: number, schedule: NewSchedule): Promise<void>;
  remove(teamId: string, jobKind: string, refId: string): Promise<void>;
  /** Schedules with `nextDueAt <= now`, earliest first (reads the `next_due_at` index only). */
  listDue(now: Date, limit: number): Promise<StoredSchedule[]>;
  listByTeam(teamId: string): Promise<StoredSchedule[]>;
  /**
   * Moves the cursor forward (never back) and stores the next occurrence.
   * @returns false when the cursor was already at or past `cursorAt` (another tick got there first).
   */
  advance(
    id: number,
    cursorAt: Date,
    next: { dueAt: Date; localDue: string } | null,
    at: Date,
  ): Promise<boolean>;
  /** Records an occurrence under UNIQUE(schedule_id, local_due). @returns false when it was already recorded. */
  claimRun(run: Omit<ScheduleRun, "id" | "finishedAt" | "error">): Promise<boolean>;
  /**
   * Extends the lease of a `running` run that `claimant` still holds (the heartbeat of a job in
   * progress). @returns false when it is no longer ours (finished, or taken over).
   */
  renewRun(scheduleId: number, localDue: string, claimant: string, leaseUntil: Date): Promise<boolean>;
  /**
   * Takes over `running` runs whose lease ended at `now` (their scheduler died mid-job): each is
   * claimed for `claimant` until `leaseUntil` by a conditional update, so of schedulers taking
   * over together each run goes to one. With `startUp` on SQLite (one process per file, so every
   * `running` run is a dead process's) the lease is not waited for. @returns the runs taken.
   */
  takeOverRuns(input: {
    now: Date;
    claimant: string;
    leaseUntil: Date;
    startUp: boolean;
    limit: number;
  }): Promise<ScheduleRun[]>;
  finishRun(
    scheduleId: number,
    localDue: string,
    state: RunState,
    at: Date,
    error?: string | null,
  ): Promise<void>;
  /** Re-labels a run (e.g. an interrupted `running` one) only if it is still in `from`. */
  transitionRun(
    id: number,
    from: RunState,
    to: RunState,
    at: Date,
    fields?: { reason?: string | null; error?: string | null },
  ): Promise<boolean>;
  listRuns(filter: {
    state?: RunState;
    teamId?: string;
    scheduleId?: number;
    limit?: number;
  }): Promise<ScheduleRun[]>;
}

/** The outbox row as services see it. */
export interface OutboxEntry {
  id: number;
  teamId: string;
  idempotencyKey: string;
  channel: string;
  text: string;
  blocks: unknown[] | null;
  threadOfKey: string | null;
  updateOfKey: string | null;
  purpose: string | null;
  /**
   * Whom to post as (see `OutboxMessage.author`). Once sent: whom Slack shows as the author (null
   * when the workspace lacked the scope and the bot posted with a name line instead).
   */
  author: MessageAuthor | null;
  /** `superseded`: an update replaced by a later update of the same message before it was sent. */
  state: OutboxState | "superseded";
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date;
  sentChannel: string | null;
  ts: string | null;
  createdAt: Date;
  updatedAt: Date;
  sentAt: Date | null;
}

export interface NewOutboxEntry {
  teamId: string;
  idempotencyKey: string;
  channel: string;
  text: string;
  blocks: unknown[] | null;
  threadOfKey: string | null;
  updateOfKey: string | null;
  purpose: string | null;
  author: MessageAuthor | null;
  at: Date;
}

export interface OutboxStore {
  /** Inserts unless (team, key) exists. @returns the stored row and whether this call created it. */
  insertIfAbsent(entry: NewOutboxEntry): Promise<{ entry: OutboxEntry; created: boolean }>;
  /** Marks pending updates of `updateOfKey` other than `keepId` as superseded. */
  supersedeUpdates(teamId: string, updateOfKey: string, keepId: number, at: Date): Promise<number>;
  findByKey(teamId: string, idempotencyKey: string): Promise<OutboxEntry | null>;
  /** Pending rows with `nextAttemptAt <= now`, oldest first. */
  listDue(now: Date, limit: number): Promise<OutboxEntry[]>;
  /**
   * Counts the attempt before the Slack call and renews the claim's lease (`leaseMs`, default the
   * store's). @returns false unless the row is still pending (and, with replicas, still ours).
   */
  beginAttempt(id: number, at: Date, leaseMs?: number): Promise<boolean>;
  /** `asBot`: posted as the bot instead of `author` (the scope was missing): the author is cleared. */
  markSent(id: number, sent: { channel: string; ts: string; asBot?: boolean }, at: Date): Promise<void>;
  markFailed(id: number, error: string, at: Date): Promise<void>;
  /** Fails every pending row of a team with `error` (its workspace stopped). @returns how many. */
  failPendingOfTeam(teamId: string, error: string, at: Date): Promise<number>;
  scheduleRetry(id: number, error: string, nextAttemptAt: Date, at: Date): Promise<void>;
  /**
   * Puts a failed row back to pending, due now, attempts reset, with new content when given.
   * @returns false unless the row exists and had failed.
   */
  resetFailed(
    teamId: string,
    idempotencyKey: string,
    content: { text: string; blocks: unknown[] | null } | null,
    at: Date,
  ): Promise<boolean>;
  /** Failed rows of a team, most recent first. */
  recentFailures(teamId: string, limit: number): Promise<OutboxEntry[]>;
  countByState(teamId?: string): Promise<Record<string, number>>;
}

export interface CalendarStore {
  /** The team's calendar; Monday–Friday without holidays when none was saved. */
  workCalendar(teamId: string): Promise<WorkCalendar>;
  setWorkDays(teamId: string, workDays: readonly number[], at: Date): Promise<void>;
  addHoliday(teamId: string, date: string, name: string): Promise<void>;
  removeHoliday(teamId: string, date: string): Promise<void>;
  listHolidays(teamId: string): Promise<{ date: string; name: string }[]>;
  addAway(teamId: string, userId: string, range: AwayRange, note: string, at: Date): Promise<number>;
  removeAway(teamId: string, id: number): Promise<void>;
  /** The person's absences that end on or after `fromDate` (all when omitted). */
  awayRanges(
    teamId: string,
    userId: string,
    fromDate?: string,
  ): Promise<(AwayRange & { id: number; note: string })[]>;
}

/** The three stores bound to one connection or transaction. */
export interface SchedulingStores {
  schedules: ScheduleStore;
  outbox: OutboxStore;
  calendars: CalendarStore;
}

/** Runs `fn` in one transaction over the scheduling stores. */
export interface SchedulingUnitOfWork {
  readonly read: SchedulingStores;
  run<T>(fn: (stores: SchedulingStores) => Promise<T>): Promise<T>;
}
