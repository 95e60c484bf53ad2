import type { Kysely } from "kysely";
import type { BacklogEventRepository } from "../services/story.ports.js";
import type { Database } from "./database.js";

export function createBacklogEventRepository(db: Kysely<Database>): BacklogEventRepository {
  return {
    async append(e) {
      await db
        .insertInto("backlog_events")
        .values({
          team_id: e.teamId,
          story_id: e.storyId,
          kind: e.kind,
          data: JSON.stringify(e.data),
          actor: e.actor,
          at: e.at.toISOString(),
        })
        .execute();
    },
  };
}
