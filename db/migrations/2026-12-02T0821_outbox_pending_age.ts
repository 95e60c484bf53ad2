/**
 * `/metrics` reports the age of the oldest pending outbox message at every scrape: with this index
 * that is one index seek (`min(created_at) WHERE state = 'pending'`), however many rows are sent.
 * FROZEN: never edit once landed; add a new migration instead. Must not import src/.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on the app's current types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex("outbox_state_created_ix")
    .on("outbox")
    .columns(["state", "created_at"])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("outbox_state_created_ix").execute();
}
