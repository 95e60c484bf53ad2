/**
 * Stories in SQLite. Maps rows to domain objects in one place (`toStory`).
 * Every query is scoped by `team_id`.
 */
import { type Kysely, sql } from "kysely";
import type { Priority, Story, StoryDraft, StoryPoints, StoryStatus } from "../domain/story.js";
import type { BacklogQuery, StoryRepository } from "../services/story.ports.js";
import type { Database } from "./database.js";
import { lockKey } from "./dialect.js";
import type { StoryRow } from "./story.table.js";

/** Gap between neighbouring ranks, so a later "move" usually rewrites one row. */
export const RANK_GAP = 1024;

export function createStoryRepository(db: Kysely<Database>): StoryRepository {
  const active = (teamId: string) =>
    db
      .selectFrom("stories")
      .selectAll()
      .select(sql<number>`row_number() over (order by rank)`.as("position"))
      .where("team_id", "=", teamId)
      .where("archived_at", "is", null);

  const matching = (teamId: string, words: string[]) =>
    db.selectFrom(active(teamId).as("a")).where((eb) =>
      eb.and(
        words.map((w) => {
          const haystack = sql`lower(a.title || ' ' || a.persona || ' ' || a.want || ' ' || a.benefit || ' ' || a.labels || ' #' || a.number)`;
          return eb(haystack, "like", sql`${`%${escapeLike(w.toLowerCase())}%`} escape '\\'`);
        }),
      ),
    );

  const countActive = async (teamId: string): Promise<number> => {
    const r = await db
      .selectFrom("stories")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("team_id", "=", teamId)
      .where("archived_at", "is", null)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  };

  return {
    async insertAtBottom({ teamId, draft, createdBy, at }) {
      // max(rank)/max(number) + 1: another process must not read the same maximum (PostgreSQL).
      // The lock is its own statement: a statement's snapshot is taken when it starts, so the
      // maxima below, read by the insert itself, see every story committed before the lock was had.
      await lockKey(db, `backlog:${teamId}`);
      // Each maximum is a scalar subquery read from the end of its unique index (the pair in one
      // select made SQLite visit every story of the team), inside the insert: one round trip on
      // PostgreSQL instead of a read and then the insert, in the save the story modal's ack waits for.
      const iso = at.toISOString();
      const row = await db
        .insertInto("stories")
        .values({
          team_id: teamId,
          number: sql<number>`coalesce((select max(number) from stories where team_id = ${teamId}), 0) + 1`,
          ...draftColumns(draft),
          status: "new",
          rank: sql<number>`coalesce((select max(rank) from stories where team_id = ${teamId}), 0) + ${RANK_GAP}`,
          created_by: createdBy,
          source_permalink: draft.sourcePermalink ?? null,
          created_at: iso,
          updated_at: iso,
        })
        .returningAll()
        // Stories ranked above it, plus one: the same answer whether or not the statement sees its
        // own row (SQLite does, PostgreSQL's snapshot does not), and no count after the insert.
        .returning(
          sql<number>`(select count(*) from stories s where s.team_id = ${teamId} and s.archived_at is null and s.rank < stories.rank) + 1`.as(
            "position",
          ),
        )
        .executeTakeFirstOrThrow();
      const { position, ...story } = row;
      return { story: toStory(story), position: Number(position) };
    },

    async findByNumber(teamId, number) {
      const row = await db
        .selectFrom("stories")
        .selectAll()
        .where("team_id", "=", teamId)
        .where("number", "=", number)
        .executeTakeFirst();
      return row ? toStory(row) : null;
    },

    async listActive(teamId, query: BacklogQuery) {
      if (query.words.length === 0) {
        // No search: walk the (team_id, archived_at, rank) index from the offset instead of
        // numbering every active story (10,000 stories: ~1 ms instead of ~50 ms).
        // The count rides on the page's rows as an uncorrelated scalar subquery (computed once):
        // one statement, one round trip on PostgreSQL. Only a page past the end (an old "Next"
        // button) has no row to carry it.
        const rows = await db
          .selectFrom("stories")
          .selectAll()
          .select(
            sql<number>`(select count(*) from stories where team_id = ${teamId} and archived_at is null)`.as(
              "active_count",
            ),
          )
          .where("team_id", "=", teamId)
          .where("archived_at", "is", null)
          .orderBy("rank")
          .limit(query.limit)
          .offset(query.offset)
          .execute();
        const matched = rows[0]?.active_count ?? (await countActive(teamId));
        return {
          items: rows.map((r, i) => ({ story: toStory(r), position: query.offset + i + 1 })),
          matched: Number(matched),
        };
      }
      // One scan for the page and the number of matches: the window count is taken before the
      // LIMIT. Only a page past the last match (an old "Next" button) has no row to carry it.
      const base = matching(teamId, query.words);
      const rows = await base
        .selectAll()
        .select(sql<number>`count(*) over ()`.as("matched"))
        .orderBy("a.rank")
        .limit(query.limit)
        .offset(query.offset)
        .execute();
      const matched =
        rows[0]?.matched ??
        (query.offset === 0
          ? 0
          : (await base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst())?.n);
      return {
        items: rows.map((r) => ({ story: toStory(r), position: Number(r.position) })),
        matched: Number(matched ?? 0),
      };
    },

    countActive,

    async positionOf(teamId, storyId) {
      // Index-only: count active stories ranked above this one.
      const me = await db
        .selectFrom("stories")
        .select(["rank", "archived_at"])
        .where("team_id", "=", teamId)
        .where("id", "=", storyId)
        .executeTakeFirst();
      if (!me || me.archived_at !== null) return null;
      const r = await db
        .selectFrom("stories")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("team_id", "=", teamId)
        .where("archived_at", "is", null)
        .where("rank", "<", me.rank)
        .executeTakeFirst();
      return Number(r?.n ?? 0) + 1;
    },
  };
}

/** The columns a `StoryDraft` fills (the inverse of part of `toStory`), for inserts and edits. */
export function draftColumns(draft: StoryDraft) {
  return {
    title: draft.title,
    persona: draft.persona,
    want: draft.want,
    benefit: draft.benefit,
    acceptance_criteria: JSON.stringify(draft.acceptanceCriteria),
    estimate: draft.estimate,
    priority: draft.priority,
    labels: JSON.stringify(draft.labels),
  };
}

/** The single row → domain mapping for stories. */
export function toStory(row: StoryRow): Story {
  return {
    id: row.id,
    teamId: row.team_id,
    number: row.number,
    title: row.title,
    persona: row.persona,
    want: row.want,
    benefit: row.benefit,
    acceptanceCriteria: parseJsonArray(row.acceptance_criteria),
    estimate: row.estimate as StoryPoints | null,
    priority: row.priority as Priority,
    status: row.status as StoryStatus,
    rank: row.rank,
    labels: parseJsonArray(row.labels),
    createdBy: row.created_by,
    sourcePermalink: row.source_permalink,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    archivedAt: row.archived_at ? new Date(row.archived_at) : null,
    goalId: row.goal_id ?? null,
    featureId: row.feature_id ?? null,
  };
}

function parseJsonArray(text: string): string[] {
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed) ? parsed.map(String) : [];
}

/** Escapes LIKE wildcards so a search for "100%" or "snake_case" means what it says. */
function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
