/**
 * Story capture and the backlog listing: the first vertical slice.
 */
import type { BacklogEntry, Story, StoryDraft } from "../domain/story.js";
import type { Clock } from "../lib/clock.js";
import type { AccessControl } from "./access.ports.js";
import type { UnitOfWork } from "./story.ports.js";

export interface BacklogPage {
  entries: BacklogEntry[];
  /** Stories matching the search (all active stories when there are no search words). */
  matched: number;
  /** All active stories in the backlog. */
  total: number;
  offset: number;
  limit: number;
  words: string[];
}

export const BACKLOG_DEFAULT_LIMIT = 20;
export const BACKLOG_MAX_LIMIT = 100;

export interface StoryService {
  /** Creates a story at the bottom of the backlog and records a `created` event, atomically. */
  createStory(input: { teamId: string; userId: string; draft: StoryDraft }): Promise<BacklogEntry>;
  backlog(input: { teamId: string; words?: string[]; offset?: number; limit?: number }): Promise<BacklogPage>;
  findByNumber(teamId: string, number: number): Promise<Story | null>;
}

export function createStoryService(deps: {
  uow: UnitOfWork;
  clock: Clock;
  access?: AccessControl;
}): StoryService {
  const { uow, clock, access } = deps;
  return {
    async createStory({ teamId, userId, draft }) {
      // Viewers (when a team makes that the default role) may read and request, not create.
      if (access) await access.require(teamId, userId, "story.create");
      const at = clock.now();
      return uow.run(async (repos) => {
        const { story, position } = await repos.stories.insertAtBottom({
          teamId,
          draft,
          createdBy: userId,
          at,
        });
        await repos.backlogEvents.append({
          teamId,
          storyId: story.id,
          kind: "created",
          data: { number: story.number, title: story.title, estimate: story.estimate },
          actor: userId,
          at,
        });
        return { story, position };
      });
    },

    async backlog({ teamId, words = [], offset = 0, limit = BACKLOG_DEFAULT_LIMIT }) {
      const safeLimit = Math.min(Math.max(1, Math.floor(limit)), BACKLOG_MAX_LIMIT);
      const safeOffset = Math.max(0, Math.floor(offset));
      const repos = uow.read;
      // Without search words the listing's own count is the total: don't count the backlog twice.
      const [{ items, matched }, total] = await Promise.all([
        repos.stories.listActive(teamId, { words, offset: safeOffset, limit: safeLimit }),
        words.length === 0 ? null : repos.stories.countActive(teamId),
      ]);
      return {
        entries: items,
        matched,
        total: total ?? matched,
        offset: safeOffset,
        limit: safeLimit,
        words,
      };
    },

    findByNumber(teamId, number) {
      return uow.read.stories.findByNumber(teamId, number);
    },
  };
}
