/**
 * Outbox claims with a lease, for several replicas on one database: a replica claims due rows
 * (`claimed_by`, `lease_until`) before sending; others skip them until the lease ends, so a
 * crashed replica's messages are taken over once its lease expires.
 * FROZEN: never edit once landed; add a new migration instead. Must not import src/.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on the app's current types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("outbox").addColumn("claimed_by", "text").execute();
  await db.schema.alterTable("outbox").addColumn("lease_until", "text").execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("outbox").dropColumn("lease_until").execute();
  await db.schema.alterTable("outbox").dropColumn("claimed_by").execute();
}
