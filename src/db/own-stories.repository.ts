/**
 * The Home tab's reads: the top of the backlog and "your stories", with backlog positions
 * counted among OPEN stories (a done story keeps its rank until archived but takes no number, so
 * the top of the backlog starts at 1 with what is next, as the digest's "Next up" does).
 * Built to stay fast at 10,000 stories: both walk the (team_id, archived_at, rank) index
 * and stop after `limit` rows; a position is an index range count ("active stories ranked at
 * or above this one"), never a window over the whole backlog.
 */
import { type Kysely, sql } from "kysely";
import type { OwnStoriesRepository } from "../services/home.service.js";
import type { Database } from "./database.js";
import { toStory } from "./story.repository.js";

export function createOwnStoriesRepository(db: Kysely<Database>): OwnStoriesRepository {
  const active = (teamId: string) =>
    db.selectFrom("stories").where("team_id", "=", teamId).where("archived_at", "is", null);
  // Done stories keep their rank until archived but are not "next": positions count open stories.
  const open = (teamId: string) => active(teamId).where("status", "!=", "done");

  return {
    async top(teamId, limit) {
      const [rows, count] = await Promise.all([
        open(teamId).selectAll().orderBy("rank").limit(limit).execute(),
        open(teamId)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirst(),
      ]);
      return {
        items: rows.map((r, i) => ({ story: toStory(r), position: i + 1 })),
        total: Number(count?.n ?? 0),
      };
    },

    async createdBy(teamId, userId, limit) {
      const [rows, count] = await Promise.all([
        active(teamId).selectAll().where("created_by", "=", userId).orderBy("rank").limit(limit).execute(),
        active(teamId)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("created_by", "=", userId)
          .executeTakeFirst(),
      ]);
      const positions = await Promise.all(
        rows.map((r) =>
          r.status === "done"
            ? null
            : open(teamId)
                .select(sql<number>`count(*)`.as("n"))
                .where("rank", "<=", r.rank)
                .executeTakeFirst(),
        ),
      );
      return {
        // A done story has no place in the queue (position 0: the view shows no number).
        items: rows.map((r, i) => ({ story: toStory(r), position: Number(positions[i]?.n ?? 0) })),
        total: Number(count?.n ?? 0),
      };
    },
  };
}
