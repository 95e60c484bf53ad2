/**
 * Foundation schema: every row carries the Slack workspace (`team_id`) so a
 * later multi-workspace install needs no data migration.
 * FROZEN: never edit once landed; add a new migration instead. Must not import src/.
 */
import type { Kysely } from "kysely";
import { idColumn } from "./portable.js";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on the app's current types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("stories")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("team_id", "text", (c) => c.notNull())
    // Per-workspace human number ("#12"), stable for the life of the story.
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("persona", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("want", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("benefit", "text", (c) => c.notNull().defaultTo(""))
    // JSON array of strings, in order.
    .addColumn("acceptance_criteria", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("estimate", "integer")
    .addColumn("priority", "text", (c) => c.notNull().defaultTo("medium"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("new"))
    // Sparse ordering key (gaps of 1024) so most moves touch one row; unique per workspace.
    .addColumn("rank", "integer", (c) => c.notNull())
    // JSON array of lower-case labels.
    .addColumn("labels", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("source_permalink", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("archived_at", "text")
    .addUniqueConstraint("stories_team_number_uq", ["team_id", "number"])
    .addUniqueConstraint("stories_team_rank_uq", ["team_id", "rank"])
    .execute();

  await db.schema
    .createIndex("stories_team_active_rank_ix")
    .on("stories")
    .columns(["team_id", "archived_at", "rank"])
    .execute();

  // Append-only history of backlog changes, written in the same transaction as the change,
  // so "what changed since X" is exact rather than reconstructed.
  await db.schema
    .createTable("backlog_events")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("story_id", "integer", (c) => c.references("stories.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("data", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("actor", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("backlog_events_team_at_ix")
    .on("backlog_events")
    .columns(["team_id", "at"])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("backlog_events").execute();
  await db.schema.dropTable("stories").execute();
}
