/**
 * What the standup service needs from storage, over domain types only (implemented by
 * `src/db/standup.repository.ts`). Every method is scoped by team.
 */

import type { AnswerItem, Standup, StandupSettings } from "../domain/standup/index.js";
import type { Blocker, StandupAnswer } from "../domain/standup/report.js";

/** A standup day's report row. */
export interface StandupReport {
  id: number;
  teamId: string;
  standupId: number;
  day: string;
  /** Set when the parent message was enqueued. */
  openedAt: Date | null;
  closesAt: Date;
  closedAt: Date | null;
  /** Parent updates enqueued so far (each is one outbox message keyed by it). */
  revision: number;
  /** Snapshots written at close. */
  expected: string[] | null;
  away: string[] | null;
}

export interface StandupMember {
  userId: string;
  name: string;
  timeZone: string | null;
  /** `deactivated`, `unknown_user`, `cannot_dm`, or null. */
  problem: string | null;
}

export interface StandupRepository {
  insert(input: { teamId: string; ownerId: string; settings: StandupSettings; at: Date }): Promise<Standup>;
  update(teamId: string, id: number, settings: StandupSettings, at: Date): Promise<Standup>;
  softDelete(teamId: string, id: number, at: Date): Promise<void>;
  find(teamId: string, id: number): Promise<Standup | null>;
  /** Not deleted, oldest first. */
  listByTeam(teamId: string): Promise<Standup[]>;

  members(teamId: string, standupId: number): Promise<StandupMember[]>;
  /** Of `userIds`, who has an absence covering `day` (one query for the whole team). */
  awayOn(teamId: string, userIds: readonly string[], day: string): Promise<Set<string>>;
  upsertMember(teamId: string, standupId: number, member: StandupMember, at: Date): Promise<void>;
  /** Deletes member rows of people no longer participating. */
  pruneMembers(teamId: string, standupId: number, keep: readonly string[]): Promise<void>;

  findReport(teamId: string, standupId: number, day: string): Promise<StandupReport | null>;
  /** Creates the day's report row if missing. */
  ensureReport(
    teamId: string,
    standupId: number,
    day: string,
    closesAt: Date,
    at: Date,
  ): Promise<StandupReport>;
  /** @returns true when this call opened it (it was not open before). */
  markOpened(reportId: number, at: Date): Promise<boolean>;
  /** Increments and returns the parent's revision. */
  bumpRevision(reportId: number): Promise<number>;
  /**
   * Render lease of the report's parent, so one replica at a time renders it. `requestRender`
   * records that a re-render is wanted (any replica). `claimRender` takes the lease when it is
   * free, expired or already `claimant`'s, returning the request count at that moment (null: another
   * replica holds it and will see the request). `releaseRender` frees it only if no request came
   * since `seen`; false means render again (or someone took the lease over).
   */
  requestRender(reportId: number): Promise<void>;
  claimRender(reportId: number, claimant: string, at: Date, leaseMs: number): Promise<number | null>;
  releaseRender(reportId: number, claimant: string, seen: number): Promise<boolean>;
  /** @returns true when this call closed it. */
  close(reportId: number, at: Date, expected: string[], away: string[]): Promise<boolean>;
  /** Reports opened and not yet closed (normally today's, in some zone), oldest first. */
  openReports(teamId: string, standupId: number): Promise<StandupReport[]>;
  /** Closed reports of a standup with `day >= sinceDay`. */
  closedReports(teamId: string, standupId: number, sinceDay: string): Promise<StandupReport[]>;

  findAnswer(teamId: string, standupId: number, day: string, userId: string): Promise<StandupAnswer | null>;
  /** Inserts or (edit) replaces the items, bumping the revision. */
  saveAnswer(input: {
    teamId: string;
    standupId: number;
    day: string;
    userId: string;
    items: AnswerItem[];
    late: boolean;
    at: Date;
  }): Promise<StandupAnswer>;
  answersForDay(teamId: string, standupId: number, day: string): Promise<StandupAnswer[]>;
  /** Answers of the days given (for stats), any person. */
  answeredUsersByDay(
    teamId: string,
    standupId: number,
    days: readonly string[],
  ): Promise<Map<string, string[]>>;

  /** Records (or, with `text` null, drops an unresolved) blocker of that person on that day. */
  setBlocker(input: {
    teamId: string;
    standupId: number;
    userId: string;
    day: string;
    text: string | null;
    at: Date;
  }): Promise<Blocker | null>;
  findBlocker(teamId: string, id: number): Promise<Blocker | null>;
  /** Unresolved blockers of the standup plus every blocker raised on `day`. */
  blockersForReport(teamId: string, standupId: number, day: string): Promise<Blocker[]>;
  openBlockers(teamId: string, standupId: number): Promise<Blocker[]>;
  resolveBlocker(teamId: string, id: number, by: string, at: Date): Promise<boolean>;
  markBlockerStaleNotified(teamId: string, id: number, at: Date): Promise<void>;
}

/** Runs `fn` in one transaction. */
export interface StandupUnitOfWork {
  readonly read: StandupRepository;
  run<T>(fn: (repo: StandupRepository) => Promise<T>): Promise<T>;
}
