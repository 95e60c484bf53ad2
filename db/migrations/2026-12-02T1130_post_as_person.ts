/**
 * Standup answers posted under the person's name and avatar (`chat:write.customize`): the people
 * directory keeps each person's avatar (Slack's `profile.image_72`), and an outbox row carries the
 * name and icon to post as. After sending, `username` is what Slack shows as the author: the
 * sender clears it when the workspace lacked the scope and the message went out as the bot with
 * a name line, so an edit of that message keeps the name line.
 * Plain nullable text columns, one ALTER each (SQLite adds one column per statement): portable.
 * FROZEN: never edit once landed; add a new migration instead. Must not import src/.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on the app's current types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("people").addColumn("avatar_url", "text").execute();
  await db.schema.alterTable("outbox").addColumn("username", "text").execute();
  await db.schema.alterTable("outbox").addColumn("icon_url", "text").execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("outbox").dropColumn("icon_url").execute();
  await db.schema.alterTable("outbox").dropColumn("username").execute();
  await db.schema.alterTable("people").dropColumn("avatar_url").execute();
}
