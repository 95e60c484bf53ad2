/**
 * Roles per team and the stakeholder request (triage) inbox (issue 5).
 * FROZEN: never edit once landed; add a new migration instead. Must not import src/.
 */
import type { Kysely } from "kysely";
import { idColumn } from "./portable.js";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on the app's current types
export async function up(db: Kysely<any>): Promise<void> {
  // One row per person with an explicit role. The row with user_id '*' holds the team's
  // default role for everyone not listed (absent: 'member').
  await db.schema
    .createTable("team_roles")
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("user_id", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("assigned_by", "text", (c) => c.notNull())
    .addColumn("assigned_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("team_roles_pk", ["team_id", "user_id"])
    .execute();

  // Stakeholder requests waiting for (or decided by) the product owner's triage.
  await db.schema
    .createTable("requests")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("what", "text", (c) => c.notNull())
    .addColumn("why", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("who_asks", "text", (c) => c.notNull().defaultTo(""))
    // low | normal | high | urgent
    .addColumn("urgency", "text", (c) => c.notNull())
    .addColumn("requester_id", "text", (c) => c.notNull())
    .addColumn("channel_id", "text")
    // open | accepted | merged | declined
    .addColumn("status", "text", (c) => c.notNull().defaultTo("open"))
    .addColumn("decision_reason", "text")
    .addColumn("story_id", "integer", (c) => c.references("stories.id").onDelete("set null"))
    .addColumn("decided_by", "text")
    .addColumn("decided_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("requests_team_status_ix")
    .on("requests")
    .columns(["team_id", "status", "id"])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("requests").execute();
  await db.schema.dropTable("team_roles").execute();
}
