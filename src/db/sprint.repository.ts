/**
 * Sprints, their items and review feedback in SQLite, plus the story writes a sprint makes
 * (status as items move, unfinished items back to the top of the backlog) with their backlog
 * events, all in the caller's transaction. Every query is scoped by `team_id`.
 */
import { type Kysely, sql } from "kysely";
import type { ItemStatus, Sprint, SprintItem, SprintState } from "../domain/sprint.js";
import type { StoryStatus } from "../domain/story.js";
import type { SprintRepositories, SprintRepository, SprintUnitOfWork } from "../services/sprint.service.js";
import { createBacklogEventRepository } from "./backlog-event.repository.js";
import { createCalendarRepository } from "./calendar.repository.js";
import type { Database } from "./database.js";
import { runTransaction } from "./dialect.js";
import { RANK_GAP, toStory } from "./story.repository.js";
import { findStory, setStoryField } from "./story-writes.js";

function toSprint(r: {
  id: number;
  team_id: string;
  name: string;
  goal: string;
  starts_on: string;
  ends_on: string;
  definition_of_done: string;
  state: string;
  channel_id: string | null;
  time_zone: string;
  review_time: string;
  completed_points: number | null;
  goal_met: number | null;
  goal_confirmed_by: string | null;
  created_by: string;
  created_at: string;
  closed_at: string | null;
}): Sprint {
  return {
    id: r.id,
    teamId: r.team_id,
    name: r.name,
    goal: r.goal,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    definitionOfDone: r.definition_of_done,
    state: r.state as SprintState,
    channelId: r.channel_id,
    timeZone: r.time_zone,
    reviewTime: r.review_time,
    completedPoints: r.completed_points,
    goalMet: r.goal_met === null ? null : r.goal_met === 1,
    goalConfirmedBy: r.goal_confirmed_by,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at),
    closedAt: r.closed_at ? new Date(r.closed_at) : null,
  };
}

export function createSprintRepository(db: Kysely<Database>): SprintRepository {
  const events = createBacklogEventRepository(db);
  return {
    async insertSprint(s) {
      const row = await db
        .insertInto("sprints")
        .values({
          team_id: s.teamId,
          name: s.draft.name,
          goal: s.draft.goal,
          starts_on: s.draft.startsOn,
          ends_on: s.draft.endsOn,
          definition_of_done: s.draft.definitionOfDone,
          state: "active",
          channel_id: s.channelId,
          time_zone: s.timeZone,
          review_time: s.draft.reviewTime,
          created_by: s.createdBy,
          created_at: s.at.toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toSprint(row);
    },

    async findActive(teamId) {
      const row = await db
        .selectFrom("sprints")
        .selectAll()
        .where("team_id", "=", teamId)
        .where("state", "=", "active")
        .orderBy("id", "desc")
        .executeTakeFirst();
      return row ? toSprint(row) : null;
    },

    async findById(teamId, id) {
      const row = await db
        .selectFrom("sprints")
        .selectAll()
        .where("team_id", "=", teamId)
        .where("id", "=", id)
        .executeTakeFirst();
      return row ? toSprint(row) : null;
    },

    async lastClosed(teamId) {
      const row = await db
        .selectFrom("sprints")
        .selectAll()
        .where("team_id", "=", teamId)
        .where("state", "=", "closed")
        .orderBy("closed_at", "desc")
        .orderBy("id", "desc")
        .executeTakeFirst();
      return row ? toSprint(row) : null;
    },

    async closedHistory(teamId, limit) {
      const rows = await db
        .selectFrom("sprints")
        .select(["id", "name", "completed_points"])
        .where("team_id", "=", teamId)
        .where("state", "=", "closed")
        .orderBy("closed_at", "desc")
        .orderBy("id", "desc")
        .limit(limit)
        .execute();
      return rows.map((r) => ({ id: r.id, name: r.name, completedPoints: r.completed_points ?? 0 }));
    },

    async items(teamId, sprintId): Promise<SprintItem[]> {
      const rows = await db
        .selectFrom("sprint_items as i")
        .innerJoin("stories as s", "s.id", "i.story_id")
        .selectAll("s")
        .select([
          "i.status as item_status",
          "i.added_at as item_added_at",
          "i.done_at as item_done_at",
          "i.outcome as item_outcome",
          "i.not_done_reason as item_reason",
          "i.demo_link as item_demo",
        ])
        .where("i.team_id", "=", teamId)
        .where("i.sprint_id", "=", sprintId)
        .orderBy("s.rank")
        .execute();
      return rows.map((r) => ({
        story: toStory(r),
        status: r.item_status as ItemStatus,
        addedAt: new Date(r.item_added_at),
        doneAt: r.item_done_at ? new Date(r.item_done_at) : null,
        outcome: r.item_outcome as SprintItem["outcome"],
        notDoneReason: r.item_reason,
        demoLink: r.item_demo,
      }));
    },

    async candidates(teamId, limit) {
      const rows = await db
        .selectFrom("stories as s")
        .selectAll("s")
        .where("s.team_id", "=", teamId)
        .where("s.archived_at", "is", null)
        .where("s.status", "!=", "done")
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom("sprint_items as i")
                .innerJoin("sprints as sp", "sp.id", "i.sprint_id")
                .select("i.story_id")
                .whereRef("i.story_id", "=", "s.id")
                .where("sp.state", "=", "active"),
            ),
          ),
        )
        .orderBy("s.rank")
        .limit(limit)
        .execute();
      return rows.map(toStory);
    },

    async carriedToNext(teamId, sprintId) {
      const rows = await db
        .selectFrom("sprint_items")
        .select("story_id")
        .where("team_id", "=", teamId)
        .where("sprint_id", "=", sprintId)
        .where("outcome", "=", "next_sprint")
        .execute();
      return rows.map((r) => r.story_id);
    },

    async addItem(teamId, sprintId, storyId, at) {
      await db
        .insertInto("sprint_items")
        .values({
          team_id: teamId,
          sprint_id: sprintId,
          story_id: storyId,
          status: "todo",
          added_at: at.toISOString(),
        })
        .onConflict((oc) => oc.columns(["sprint_id", "story_id"]).doNothing())
        .execute();
    },

    async removeItem(teamId, sprintId, storyId) {
      await db
        .deleteFrom("sprint_items")
        .where("team_id", "=", teamId)
        .where("sprint_id", "=", sprintId)
        .where("story_id", "=", storyId)
        .execute();
    },

    async setItemStatus(teamId, sprintId, storyId, status, doneAt) {
      const r = await db
        .updateTable("sprint_items")
        .set({ status, done_at: doneAt?.toISOString() ?? null })
        .where("team_id", "=", teamId)
        .where("sprint_id", "=", sprintId)
        .where("story_id", "=", storyId)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async setItemNote(teamId, sprintId, storyId, note) {
      await db
        .updateTable("sprint_items")
        .set({ demo_link: note.demoLink, not_done_reason: note.notDoneReason })
        .where("team_id", "=", teamId)
        .where("sprint_id", "=", sprintId)
        .where("story_id", "=", storyId)
        .execute();
    },

    async close(teamId, sprintId, input) {
      for (const [storyId, outcome] of input.outcomes) {
        await db
          .updateTable("sprint_items")
          .set({ outcome })
          .where("team_id", "=", teamId)
          .where("sprint_id", "=", sprintId)
          .where("story_id", "=", storyId)
          .execute();
      }
      const r = await db
        .updateTable("sprints")
        .set({ state: "closed", completed_points: input.completedPoints, closed_at: input.at.toISOString() })
        .where("team_id", "=", teamId)
        .where("id", "=", sprintId)
        .where("state", "=", "active")
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async setGoalMet(teamId, sprintId, met, by) {
      await db
        .updateTable("sprints")
        .set({ goal_met: met ? 1 : 0, goal_confirmed_by: by })
        .where("team_id", "=", teamId)
        .where("id", "=", sprintId)
        .execute();
    },

    async insertFeedback(f) {
      await db
        .insertInto("review_feedback")
        .values({
          team_id: f.teamId,
          sprint_id: f.sprintId,
          request_id: f.requestId,
          user_id: f.userId,
          text: f.text,
          created_at: f.at.toISOString(),
        })
        .execute();
    },

    findStoryByNumber: (teamId, number) => findStory(db, teamId, { number }),

    workCalendar: (teamId) => createCalendarRepository(db).workCalendar(teamId),

    async stakeholderChannels(teamId) {
      const row = await db
        .selectFrom("digests")
        .select("channels")
        .where("team_id", "=", teamId)
        .executeTakeFirst();
      const parsed: unknown = row ? JSON.parse(row.channels) : [];
      return Array.isArray(parsed) ? parsed.filter((c): c is string => typeof c === "string") : [];
    },

    async setStoryStatus(teamId, storyId, status: StoryStatus, actor, at) {
      await setStoryField(db, { teamId, storyId, field: "status", value: status, actor, at });
    },

    async moveToTop(teamId, storyIds, actor, at) {
      if (storyIds.length === 0) return;
      const positions = async () => {
        const rows = await db
          .selectFrom("stories")
          .select(["id", sql<number>`row_number() over (order by rank)`.as("position")])
          .where("team_id", "=", teamId)
          .where("archived_at", "is", null)
          .execute();
        return new Map(rows.map((r) => [r.id, Number(r.position)]));
      };
      const before = await positions();
      const top = await db
        .selectFrom("stories")
        .select(sql<number | null>`min(rank)`.as("rank"))
        .where("team_id", "=", teamId)
        .executeTakeFirst();
      const min = top?.rank ?? RANK_GAP;
      // Keep their relative order: the first id ends up at position 1.
      for (const [i, id] of storyIds.entries()) {
        await db
          .updateTable("stories")
          .set({ rank: min - RANK_GAP * (storyIds.length - i), updated_at: at.toISOString() })
          .where("team_id", "=", teamId)
          .where("id", "=", id)
          .execute();
      }
      const after = await positions();
      for (const id of storyIds) {
        const from = before.get(id) ?? null;
        const to = after.get(id) ?? null;
        if (from !== to) {
          await events.append({
            teamId,
            storyId: id,
            kind: "moved",
            data: { fromPosition: from, toPosition: to, reason: "sprint_carry_over" },
            actor,
            at,
          });
        }
      }
    },
  };
}

function reposFor(db: Kysely<Database>): SprintRepositories {
  return { sprints: createSprintRepository(db) };
}

export function createSprintUnitOfWork(db: Kysely<Database>): SprintUnitOfWork {
  return {
    read: reposFor(db),
    run: (fn) => runTransaction(db, (trx) => fn(reposFor(trx))),
  };
}
