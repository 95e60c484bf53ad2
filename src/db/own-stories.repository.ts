/** The Home tab's "your stories": active stories a person created, with backlog positions. */
import { type Kysely, sql } from "kysely";
import type { OwnStoriesRepository } from "../services/home.service.js";
import type { Database } from "./database.js";
import { toStory } from "./story.repository.js";

export function createOwnStoriesRepository(db: Kysely<Database>): OwnStoriesRepository {
  return {
    async createdBy(teamId, userId, limit) {
      const ranked = db
        .selectFrom("stories")
        .selectAll()
        .select(sql<number>`row_number() over (order by rank)`.as("position"))
        .where("team_id", "=", teamId)
        .where("archived_at", "is", null)
        .as("a");
      const [rows, count] = await Promise.all([
        db
          .selectFrom(ranked)
          .selectAll()
          .where("a.created_by", "=", userId)
          .orderBy("a.rank")
          .limit(limit)
          .execute(),
        db
          .selectFrom("stories")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("team_id", "=", teamId)
          .where("archived_at", "is", null)
          .where("created_by", "=", userId)
          .executeTakeFirst(),
      ]);
      return {
        items: rows.map((r) => ({ story: toStory(r), position: Number(r.position) })),
        total: Number(count?.n ?? 0),
      };
    },
  };
}
