/**
 * Stakeholder digests (issue 7): each team's digest settings, and one row per digest run per
 * channel, whose `last_event_id` is the watermark "what changed since the last digest to this
 * channel" starts after.
 * FROZEN: never edit once landed; add a new migration instead. Must not import src/.
 */
import type { Kysely } from "kysely";
import { idColumn } from "./portable.js";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on the app's current types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("digests")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("team_id", "text", (c) => c.notNull())
    // Who set it up: gets the admin notices (e.g. "I'm not in #stakeholders").
    .addColumn("owner_id", "text", (c) => c.notNull())
    // The Slack app id (from the command payload), for the Home tab deep link.
    .addColumn("app_id", "text")
    // JSON arrays: channel ids, weekdays (0 = Sunday), section names.
    .addColumn("channels", "text", (c) => c.notNull())
    .addColumn("days", "text", (c) => c.notNull())
    .addColumn("time", "text", (c) => c.notNull())
    .addColumn("time_zone", "text", (c) => c.notNull())
    .addColumn("sections", "text", (c) => c.notNull())
    .addColumn("top_n", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("digests_team_uq", ["team_id"])
    .execute();

  await db.schema
    .createTable("digest_runs")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    // The occurrence ("2026-12-07T09:00" local) or "manual:<ISO instant>" for /digest send.
    .addColumn("occurrence", "text", (c) => c.notNull())
    // This run covers backlog events with after_event_id < id ≤ last_event_id (kept so a re-run
    // of the same occurrence rebuilds the same window).
    .addColumn("after_event_id", "integer", (c) => c.notNull())
    .addColumn("last_event_id", "integer", (c) => c.notNull())
    // "posted" (handed to the outbox) or the reason it was not: "not_in_channel", "channel_not_found", …
    .addColumn("outcome", "text", (c) => c.notNull())
    // When the previous digest was posted to this channel ("changes since …"); null = first one.
    .addColumn("since_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("digest_runs_occurrence_uq", ["team_id", "channel", "occurrence"])
    .execute();
  await db.schema
    .createIndex("digest_runs_team_channel_ix")
    .on("digest_runs")
    .columns(["team_id", "channel", "outcome", "last_event_id"])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("digest_runs").execute();
  await db.schema.dropTable("digests").execute();
}
