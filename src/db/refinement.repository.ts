/** Refinement settings and the backlog read the agenda needs. Every query is scoped by `team_id`. */
import type { Kysely } from "kysely";
import type { RefinementSettings } from "../domain/refinement.js";
import type { RefinementRepository } from "../services/refinement.service.js";
import type { Database } from "./database.js";
import { toStory } from "./story.repository.js";

export function createRefinementRepository(db: Kysely<Database>): RefinementRepository {
  return {
    async saveSettings(s, by, at) {
      const row = {
        team_id: s.teamId,
        channel_id: s.channelId,
        weekday: s.weekday,
        time: s.time,
        time_zone: s.timeZone,
        item_count: s.itemCount,
        updated_by: by,
        updated_at: at.toISOString(),
      };
      await db
        .insertInto("refinement_settings")
        .values(row)
        .onConflict((oc) => oc.column("team_id").doUpdateSet(row))
        .execute();
    },

    async settings(teamId): Promise<RefinementSettings | null> {
      const r = await db
        .selectFrom("refinement_settings")
        .selectAll()
        .where("team_id", "=", teamId)
        .executeTakeFirst();
      return r
        ? {
            teamId: r.team_id,
            channelId: r.channel_id,
            weekday: r.weekday,
            time: r.time,
            timeZone: r.time_zone,
            itemCount: r.item_count,
          }
        : null;
    },

    async backlogTop(teamId, limit) {
      const rows = await db
        .selectFrom("stories")
        .selectAll()
        .where("team_id", "=", teamId)
        .where("archived_at", "is", null)
        .where("status", "!=", "done")
        .orderBy("rank")
        .limit(limit)
        .execute();
      return rows.map(toStory);
    },
  };
}
