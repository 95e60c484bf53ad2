/**
 * Events API deliveries already handled, by Slack's `event_id`, so a retried delivery (same
 * event_id, `X-Slack-Retry-Num`) is skipped even across a restart. Old rows are pruned.
 * FROZEN: never edit once landed; add a new migration instead. Must not import src/.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on the app's current types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("slack_events_seen")
    .addColumn("event_id", "text", (c) => c.primaryKey())
    .addColumn("team_id", "text")
    .addColumn("seen_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("slack_events_seen_at_ix").on("slack_events_seen").column("seen_at").execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("slack_events_seen").execute();
}
