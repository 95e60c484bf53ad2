/**
 * Slack pacing per workspace, shared by every replica: one row per (team, bucket), where a bucket
 * is a Slack method the outbox calls (`chat.postMessage`, `chat.update`). `next_at` is the
 * earliest start of the next call under the workspace budget (a GCRA "theoretical arrival time");
 * `held_until` is when a 429's Retry-After for that workspace and method ends. Both are ms since
 * the epoch (bigint: portable, and compared as numbers).
 * FROZEN: never edit once landed; add a new migration instead. Must not import src/.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on the app's current types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("slack_pacing")
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("bucket", "text", (c) => c.notNull())
    .addColumn("next_at", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("held_until", "bigint", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("slack_pacing_pk", ["team_id", "bucket"])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("slack_pacing").execute();
}
