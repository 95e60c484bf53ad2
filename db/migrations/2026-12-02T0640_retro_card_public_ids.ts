/**
 * Retro cards get a random public id (16 hex digits) for button and option values, so the row's
 * autoincrement id (the order cards were written, which can hint at who wrote one) never leaves the
 * database. Existing cards get one too.
 * FROZEN: never edit once landed; add a new migration instead. Must not import src/.
 */
import { type Kysely, sql } from "kysely";
import { randomHex16 } from "./portable.js";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on the app's current types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("retro_cards").addColumn("public_id", "text").execute();
  await sql`UPDATE retro_cards SET public_id = ${randomHex16(db)} WHERE public_id IS NULL`.execute(db);
  await db.schema
    .createIndex("retro_cards_public_id_ux")
    .on("retro_cards")
    .columns(["team_id", "public_id"])
    .unique()
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("retro_cards_public_id_ux").execute();
  await db.schema.alterTable("retro_cards").dropColumn("public_id").execute();
}
