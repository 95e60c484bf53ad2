/** Seen Events API deliveries (Slack retries the same `event_id`); see `src/app/event-dedup.ts`. */
import type { Kysely } from "kysely";
import type { Database } from "./database.js";

export interface SeenEvents {
  /** Records `eventId`; false when it was already recorded (a retry to skip). */
  markSeen(eventId: string, teamId: string | null, at: Date): Promise<boolean>;
  /** Deletes records older than `before`; returns how many. */
  pruneBefore(before: Date): Promise<number>;
}

export function createSeenEvents(db: Kysely<Database>): SeenEvents {
  return {
    async markSeen(eventId, teamId, at) {
      const result = await db
        .insertInto("slack_events_seen")
        .values({ event_id: eventId, team_id: teamId, seen_at: at.toISOString() })
        .onConflict((oc) => oc.column("event_id").doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async pruneBefore(before) {
      const result = await db
        .deleteFrom("slack_events_seen")
        .where("seen_at", "<", before.toISOString())
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
