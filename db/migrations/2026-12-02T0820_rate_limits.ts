/**
 * Per-person rate-limit windows in the database, so every replica counts against one budget (they
 * were in process memory: N replicas allowed N × the limit). One row per kind + team + person,
 * rewritten in place when its fixed window has expired, so the table stays as small as the set of
 * people who ever used a limited command.
 * FROZEN: never edit once landed; add a new migration instead. Must not import src/.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on the app's current types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("rate_limits")
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("user_id", "text", (c) => c.notNull())
    // Milliseconds since the epoch: the window runs from here for the kind's window length.
    .addColumn("window_start", "bigint", (c) => c.notNull())
    .addColumn("uses", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("rate_limits_pk", ["kind", "team_id", "user_id"])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("rate_limits").execute();
}
