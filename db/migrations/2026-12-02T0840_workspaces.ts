/**
 * One row per Slack workspace the app has heard stop (uninstall, bot token revoked): its status,
 * when it stopped and when its data is due for deletion. A workspace without a row is active.
 * FROZEN: never edit once landed; add a new migration instead. Must not import src/.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on the app's current types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("workspaces")
    .addColumn("team_id", "text", (c) => c.primaryKey())
    // active | uninstalled | purged
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("reason", "text")
    .addColumn("uninstalled_at", "text")
    .addColumn("purge_after", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("workspaces_purge_after_ix").on("workspaces").column("purge_after").execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("workspaces").execute();
}
