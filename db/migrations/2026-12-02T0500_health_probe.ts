/**
 * A one-row table `/healthz` writes to (at most every few seconds) to prove the database still
 * accepts writes: a full disk or a read-only volume turns health to 503.
 * FROZEN: never edit once landed; add a new migration instead. Must not import src/.
 */
import type { Kysely } from "kysely";
import { blobType } from "./portable.js";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on the app's current types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("health_probe")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("pad", blobType(db))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("health_probe").execute();
}
