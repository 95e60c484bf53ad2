/**
 * `people_sweeps`: the replica filling a team's people directory from `users.list` holds a lease
 * here (renewed after each page), so replicas that find the directory stale at the same time make
 * one sweep between them instead of one each (`users.list` is Tier 2: 50 pages for 10,000 people).
 * A row exists only while a sweep runs; a lease that ended (its replica died) is taken over.
 * FROZEN: never edit once landed; add a new migration instead. Must not import src/.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on the app's current types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("people_sweeps")
    .addColumn("team_id", "text", (c) => c.primaryKey())
    .addColumn("claimed_by", "text", (c) => c.notNull())
    .addColumn("lease_until", "text", (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("people_sweeps").execute();
}
