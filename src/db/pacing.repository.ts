/**
 * `slack_pacing` over kysely: each workspace's Slack budget per method, shared by every replica.
 * Portable statements only (an insert that ignores a conflict, a conditional update): the
 * compare-and-set on `next_at` is what keeps two replicas from taking the same slot, on SQLite and
 * on PostgreSQL alike, without row locks.
 */
import type { Kysely } from "kysely";
import type { PacingStore } from "../services/outbox-pacing.js";
import type { Database } from "./database.js";

export function createPacingRepository(db: Kysely<Database>): PacingStore {
  return {
    async read(teamId, bucket) {
      const row = await db
        .selectFrom("slack_pacing")
        .select(["next_at", "held_until"])
        .where("team_id", "=", teamId)
        .where("bucket", "=", bucket)
        .executeTakeFirst();
      // PostgreSQL hands bigint back as a string.
      return row ? { nextAt: Number(row.next_at), heldUntil: Number(row.held_until) } : null;
    },

    async swap(teamId, bucket, expectedNextAt, nextAt) {
      if (expectedNextAt === null) {
        const inserted = await db
          .insertInto("slack_pacing")
          .values({ team_id: teamId, bucket, next_at: nextAt, held_until: 0 })
          .onConflict((oc) => oc.columns(["team_id", "bucket"]).doNothing())
          .executeTakeFirst();
        return Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0;
      }
      const updated = await db
        .updateTable("slack_pacing")
        .set({ next_at: nextAt })
        .where("team_id", "=", teamId)
        .where("bucket", "=", bucket)
        .where("next_at", "=", expectedNextAt)
        .executeTakeFirst();
      return Number(updated.numUpdatedRows) > 0;
    },

    async hold(teamId, bucket, untilMs) {
      await db
        .insertInto("slack_pacing")
        .values({ team_id: teamId, bucket, next_at: 0, held_until: untilMs })
        .onConflict((oc) => oc.columns(["team_id", "bucket"]).doNothing())
        .execute();
      await db
        .updateTable("slack_pacing")
        .set({ held_until: untilMs })
        .where("team_id", "=", teamId)
        .where("bucket", "=", bucket)
        .where("held_until", "<", untilMs)
        .execute();
    },
  };
}
