/**
 * Private until chosen: `requests.reason_shared` (1 when the PO ticked "share the reason with
 * stakeholders" while declining; the digest prints the reason only then) and
 * `poker_sessions.accepted_by` (who accepted the estimate, shown on the board).
 * FROZEN: never edit once landed; add a new migration instead. Must not import src/.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on the app's current types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("requests")
    .addColumn("reason_shared", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable("poker_sessions").addColumn("accepted_by", "text").execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("poker_sessions").dropColumn("accepted_by").execute();
  await db.schema.alterTable("requests").dropColumn("reason_shared").execute();
}
