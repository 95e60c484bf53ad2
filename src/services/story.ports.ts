/**
 * What services need from the outside world, as interfaces over domain types.
 * The db layer implements the repositories; services never see kysely or Slack.
 */
import type { Story, StoryDraft } from "../domain/story.js";

export interface BacklogQuery {
  /** Words that must all appear (case-insensitive) in title, story text or labels. */
  words: string[];
  offset: number;
  limit: number;
}

export interface StoryRepository {
  /**
   * Inserts at the bottom of the backlog; assigns the next per-workspace number. `position` is its
   * 1-based place in the backlog (the number of active stories then), read by the insert itself.
   */
  insertAtBottom(input: {
    teamId: string;
    draft: StoryDraft;
    createdBy: string;
    at: Date;
  }): Promise<{ story: Story; position: number }>;
  findByNumber(teamId: string, number: number): Promise<Story | null>;
  /** Active (not archived) stories in backlog order, each with its 1-based position in the whole backlog. */
  listActive(
    teamId: string,
    query: BacklogQuery,
  ): Promise<{ items: { story: Story; position: number }[]; matched: number }>;
  countActive(teamId: string): Promise<number>;
  /** 1-based position among active stories, or null if archived/missing. */
  positionOf(teamId: string, storyId: number): Promise<number | null>;
}

export interface BacklogEventRepository {
  append(event: {
    teamId: string;
    storyId: number | null;
    kind: string;
    data: Record<string, unknown>;
    actor: string;
    at: Date;
  }): Promise<void>;
}

/** Repositories bound to one transaction. */
export interface Repositories {
  stories: StoryRepository;
  backlogEvents: BacklogEventRepository;
}

/** Runs `fn` in one database transaction; everything inside commits or nothing does. */
export interface UnitOfWork {
  run<T>(fn: (repos: Repositories) => Promise<T>): Promise<T>;
  /** Repositories outside a transaction, for reads. */
  readonly read: Repositories;
}
