/**
 * The contract between features and the durable scheduler + Slack outbox (issue 3).
 * Features say WHAT to send and WHEN; the scheduler decides what is due, the outbox
 * delivers it once, paced within Slack's limits, and survives restarts.
 *
 * Implemented by `scheduler.service.ts` and `outbox.service.ts`. Features depend on these
 * interfaces only.
 */
import type { Recurrence } from "../domain/schedule/index.js";

/** A schedule row: fires `jobKind` for `refId` whenever `recurrence` is due in `timeZone`. */
export interface ScheduleSpec {
  teamId: string;
  /** Registered job kind, e.g. "standup.prompt", "digest.post". */
  jobKind: string;
  /** The feature's own id for what this schedule is about (e.g. `${standupId}:${userId}`). Unique per (team, jobKind). */
  refId: string;
  recurrence: Recurrence;
  /** IANA zone the recurrence's local times are read in. */
  timeZone: string;
  startAt?: Date | null;
  endAt?: Date | null;
  /** How late a missed occurrence may still run after downtime (default 2 h). */
  graceMs?: number;
  /** Free-form JSON the job receives back. */
  payload?: Record<string, unknown>;
  /** Human label for `/scrum status`, e.g. "Daily standup · #team". */
  label: string;
  /** Skip the team's non-work days and holidays (team calendar, read in `timeZone`). Default false. */
  useTeamCalendar?: boolean;
}

/** What a job handler receives for one occurrence. */
export interface JobContext {
  scheduleId: number;
  teamId: string;
  jobKind: string;
  refId: string;
  payload: Record<string, unknown>;
  /** Identity of this occurrence: local due time in the schedule's zone, e.g. "2026-03-29T09:00". */
  localDue: string;
  dueAt: Date;
  timeZone: string;
  /** The injected clock's now at run time (≥ dueAt; later when catching up). */
  now: Date;
}

export type JobHandler = (ctx: JobContext) => Promise<void>;

/** One run at one instant: a {@link ScheduleSpec} without a recurrence, with `at` instead. */
export type OneShotSpec = Omit<ScheduleSpec, "recurrence" | "startAt" | "endAt" | "useTeamCalendar"> & {
  /** When to run; rounded up to the whole minute (schedules fire on minutes). */
  at: Date;
};

export interface Scheduler {
  /** Creates or replaces the schedule for (teamId, jobKind, refId). Validates the rule (typed error on bad input). */
  upsert(spec: ScheduleSpec): Promise<{ id: number; nextDueAt: Date | null }>;
  /** Many `upsert`s in one transaction (a 1,000-person standup: 2,000 schedules, one commit). */
  upsertMany(specs: readonly ScheduleSpec[]): Promise<void>;
  /**
   * Creates or replaces a schedule that fires once, at the minute of `spec.at`. The job sees
   * `timeZone` (and `localDue` read in it), so e.g. a person's job gets their local day.
   */
  scheduleOnce(spec: OneShotSpec): Promise<{ id: number; nextDueAt: Date | null }>;
  remove(teamId: string, jobKind: string, refId: string): Promise<void>;
  /** Registers the handler for a job kind; call before the scheduler starts ticking. */
  registerJob(jobKind: string, handler: JobHandler): void;
}

/** One message for Slack, delivered at most once per idempotency key. */
export interface OutboxMessage {
  teamId: string;
  /** Channel id, or a user id for a DM. */
  channel: string;
  text: string;
  blocks?: unknown[];
  /** Stable per logical message, e.g. `standup:12:2026-12-01:prompt:U123`. A second enqueue with the same key is a no-op. */
  idempotencyKey: string;
  /** Post in the thread of another outbox message (delivered first; its Slack ts is used). */
  threadOfKey?: string;
  /** Instead of posting, `chat.update` the message sent under this key (coalesced: only the latest update is sent). */
  updateOfKey?: string;
  /** What the message is for, shown with failures in `/scrum status` (e.g. "standup report"). */
  purpose?: string;
  /**
   * Post under this person's name and avatar (`chat:write.customize`) instead of the bot's; an
   * update of such a message carries the same author. Without the scope the message goes out as
   * the bot with the name as a plain first line (see `src/slack/outbox-sender.ts`).
   */
  author?: MessageAuthor;
}

/** Whom a message is shown as written by: a display name (shown, never a mention) and an avatar. */
export interface MessageAuthor {
  name: string;
  iconUrl: string | null;
}

export type OutboxState = "pending" | "sent" | "failed";

export interface OutboxRecord {
  id: number;
  idempotencyKey: string;
  state: OutboxState;
  channel: string;
  /** Slack ts of the posted message, once sent. */
  ts: string | null;
  attempts: number;
  lastError: string | null;
}

export interface Outbox {
  /** Stores the message (in the caller's flow, before any Slack call) and wakes the worker. */
  enqueue(message: OutboxMessage): Promise<OutboxRecord>;
  find(teamId: string, idempotencyKey: string): Promise<OutboxRecord | null>;
  /**
   * Sends a failed message again (e.g. once the bot was invited to the channel), with new content
   * when given. Messages threaded on or updating it can then be retried too.
   * @returns false unless it existed and had failed.
   */
  retry(
    teamId: string,
    idempotencyKey: string,
    content?: { text: string; blocks: unknown[] },
  ): Promise<boolean>;
  /**
   * Called once for each message that failed for good (Slack refused it, retries ran out, or the
   * message it threads on / updates failed). Errors in the listener are logged, never rethrown.
   */
  onFailed(listener: (failure: OutboxFailureEvent) => void | Promise<void>): void;
}

/** A message that failed for good, as `onFailed` listeners get it. */
export interface OutboxFailureEvent {
  teamId: string;
  idempotencyKey: string;
  channel: string;
  error: string;
}
