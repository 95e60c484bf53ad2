/**
 * The people directory: what Slack says about each person (name, zone, flags), filled from
 * `users.list` pages and kept current by `user_change` / `team_join` events, so a standup of
 * 1,000 people needs no `users.info` call per person (Tier 4, ~100/min). `people_syncs` records
 * when a team's directory was last filled from `users.list`.
 * FROZEN: never edit once landed; add a new migration instead. Must not import src/.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on the app's current types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("people")
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("user_id", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    // IANA zone name (never an offset); null when Slack has none.
    .addColumn("time_zone", "text")
    // 0/1 flags (better-sqlite3 cannot bind booleans).
    .addColumn("is_admin", "integer", (c) => c.notNull())
    .addColumn("is_owner", "integer", (c) => c.notNull())
    .addColumn("is_bot", "integer", (c) => c.notNull())
    .addColumn("deleted", "integer", (c) => c.notNull())
    // JSON array of the workspaces this person administers (their own, or every workspace of a
    // Grid org they administer): an admin of a partner workspace in a shared channel is not one here.
    .addColumn("admin_teams", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("people_pk", ["team_id", "user_id"])
    .execute();

  await db.schema
    .createTable("people_syncs")
    .addColumn("team_id", "text", (c) => c.primaryKey())
    .addColumn("synced_at", "text", (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("people_syncs").execute();
  await db.schema.dropTable("people").execute();
}
