/**
 * What the PO backlog services (ordering, editing, readiness, goals, features, priority) need
 * from storage, over domain types. Implemented in src/db/backlog.repository.ts.
 */
import type { Feature, FeatureStage, StageMove } from "../domain/feature.js";
import type { Goal, GoalDraft, GoalStatus } from "../domain/goal.js";
import type { PriorityMethod } from "../domain/priority/index.js";
import type { ReadinessCheckId } from "../domain/readiness.js";
import type { Story, StoryDraft, StoryStatus } from "../domain/story.js";
import type { BacklogEventKind } from "./access.ports.js";

export interface BacklogSettings {
  priorityMethod: PriorityMethod | null;
  sizeLimit: number;
  dorDisabled: ReadinessCheckId[];
}

export interface StoryChanges {
  draft?: StoryDraft;
  status?: StoryStatus;
  archivedAt?: Date | null;
  goalId?: number | null;
  featureId?: number | null;
}

export interface BacklogRepository {
  /**
   * Takes the team's backlog write lock: the first statement of every order-changing transaction
   * is this write, so a concurrent writer (another process) waits rather than reading a snapshot
   * that is stale by the time it writes. Bumps the team's backlog revision.
   */
  lockTeam(teamId: string): Promise<number>;
  /** Active or archived. */
  findByNumber(teamId: string, number: number): Promise<Story | null>;
  countActive(teamId: string): Promise<number>;
  /** 1-based position among active stories; null when archived or missing. */
  positionOf(teamId: string, storyId: number): Promise<number | null>;
  /**
   * Ranks of the active stories that would sit just above and below `position` once the story
   * `excludeId` is taken out of the list (null: no story on that side).
   */
  neighboursAt(
    teamId: string,
    excludeId: number,
    position: number,
  ): Promise<{ lower: number | null; upper: number | null }>;
  /** Ranks of any stories (archived included) strictly between `lo` and `hi`. */
  ranksBetween(teamId: string, lo: number, hi: number): Promise<number[]>;
  setRank(teamId: string, storyId: number, rank: number): Promise<void>;
  /**
   * Makes room around rank `near` keeping the order: renumbers the fewest stories around it
   * (windows of 16, 64, 256, … stories on each side) evenly between the unchanged stories that
   * bound them, so a move that found no free integer rewrites dozens of rows, not the whole team
   * (a full renumbering of 10,000 rows held the event loop for ~100–300 ms). Without `near`, or
   * when no window has room, every story of the team (archived too) becomes 1024, 2048, …
   */
  rebalance(teamId: string, near?: number | null): Promise<void>;
  update(teamId: string, storyId: number, changes: StoryChanges, at: Date): Promise<Story>;
  /** Inserts a story at `rank` with the next per-team number. */
  insert(input: {
    teamId: string;
    draft: StoryDraft;
    createdBy: string;
    at: Date;
    rank: number;
    goalId: number | null;
    featureId: number | null;
  }): Promise<Story>;
  listArchived(teamId: string, offset: number, limit: number): Promise<{ items: Story[]; total: number }>;
  /** Active stories in backlog order (for suggestions; callers bound `limit`). */
  listActive(teamId: string, limit: number): Promise<Story[]>;
  appendEvent(event: {
    teamId: string;
    storyId: number | null;
    kind: BacklogEventKind;
    data: Record<string, unknown>;
    actor: string;
    at: Date;
  }): Promise<void>;
  settings(teamId: string): Promise<BacklogSettings>;
  saveSettings(teamId: string, settings: BacklogSettings, by: string, at: Date): Promise<void>;
  /** Stored priority inputs for `method` by story id (raw JSON values; the domain validates). */
  priorityInputs(
    teamId: string,
    method: PriorityMethod,
    storyIds: readonly number[],
  ): Promise<Map<number, unknown>>;
  setPriorityInput(input: {
    teamId: string;
    storyId: number;
    method: PriorityMethod;
    value: unknown;
    by: string;
    at: Date;
  }): Promise<void>;
}

export interface GoalRepository {
  createGoal(input: { teamId: string; draft: GoalDraft; by: string; at: Date }): Promise<Goal>;
  updateGoal(teamId: string, goalId: number, draft: GoalDraft, at: Date): Promise<Goal>;
  findGoal(teamId: string, number: number): Promise<Goal | null>;
  goalById(teamId: string, id: number): Promise<Goal | null>;
  /** Goals with one of `statuses`, newest number first, at most `limit`. */
  listGoals(teamId: string, statuses: readonly GoalStatus[], limit: number): Promise<Goal[]>;
  createFeature(input: {
    teamId: string;
    title: string;
    goalId: number | null;
    by: string;
    at: Date;
  }): Promise<Feature>;
  findFeature(teamId: string, number: number): Promise<Feature | null>;
  featureById(teamId: string, id: number): Promise<Feature | null>;
  listFeatures(teamId: string, limit: number): Promise<Feature[]>;
  /** Sets the stage and appends the history row; returns the updated feature. */
  moveStage(input: {
    teamId: string;
    featureId: number;
    from: FeatureStage;
    to: FeatureStage;
    by: string;
    at: Date;
  }): Promise<Feature>;
  stageHistory(teamId: string, featureId: number, limit: number): Promise<StageMove[]>;
  /** Active stories per goal/feature id (counts for the listings). */
  storyCounts(teamId: string, column: "goal_id" | "feature_id"): Promise<Map<number, number>>;
}

/** Runs `fn` in one transaction over the backlog repositories. */
export interface BacklogUnitOfWork {
  run<T>(fn: (repos: { backlog: BacklogRepository; goals: GoalRepository }) => Promise<T>): Promise<T>;
  readonly read: { backlog: BacklogRepository; goals: GoalRepository };
}
