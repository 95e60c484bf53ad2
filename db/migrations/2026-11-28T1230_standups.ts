/**
 * Async daily standups (issue 4).
 *
 * - `standups`: one row per standup (several per team), settings as columns or JSON arrays.
 * - `standup_members`: per participant, the zone they are prompted in (refreshed from Slack) and
 *   the last problem reaching them (deactivated, cannot DM), so the owner is told once.
 * - `standup_reports`: one row per standup day: opened (parent posted), closed, the revision of
 *   the parent message (each update is an outbox message keyed by it), and at close the snapshot
 *   of who was expected and who was away (participation stats read these).
 * - `standup_answers`: one row per (standup, day, person); edits bump `revision`.
 * - `standup_blockers`: blockers named in answers, until resolved.
 *
 * FROZEN once landed. Must not import src/.
 */
import type { Kysely } from "kysely";
import { idColumn } from "./portable.js";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on the app's current types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("standups")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("channel_id", "text", (c) => c.notNull())
    .addColumn("owner_id", "text", (c) => c.notNull())
    // JSON array of user ids
    .addColumn("participants", "text", (c) => c.notNull())
    // JSON array of weekdays, 0 = Sunday … 6 = Saturday
    .addColumn("days", "text", (c) => c.notNull())
    .addColumn("prompt_time", "text", (c) => c.notNull())
    // member | fixed
    .addColumn("time_zone_mode", "text", (c) => c.notNull())
    .addColumn("fixed_time_zone", "text")
    // JSON array of {text, required}
    .addColumn("questions", "text", (c) => c.notNull())
    .addColumn("blocker_question", "integer")
    .addColumn("close_after_minutes", "integer", (c) => c.notNull())
    .addColumn("reminder_after_minutes", "integer")
    // thread | inline
    .addColumn("report_style", "text", (c) => c.notNull())
    .addColumn("stale_blocker_days", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("deleted_at", "text")
    .execute();
  await db.schema.createIndex("standups_team_ix").on("standups").columns(["team_id", "deleted_at"]).execute();

  await db.schema
    .createTable("standup_members")
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("standup_id", "integer", (c) => c.notNull().references("standups.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("time_zone", "text")
    // null | deactivated | unknown_user | cannot_dm
    .addColumn("problem", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("standup_members_pk", ["standup_id", "user_id"])
    .execute();

  await db.schema
    .createTable("standup_reports")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("standup_id", "integer", (c) => c.notNull().references("standups.id").onDelete("cascade"))
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("opened_at", "text")
    .addColumn("closes_at", "text", (c) => c.notNull())
    .addColumn("closed_at", "text")
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(0))
    // JSON arrays of user ids, written at close
    .addColumn("expected", "text")
    .addColumn("away", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("standup_reports_day_uq", ["standup_id", "day"])
    .execute();
  await db.schema
    .createIndex("standup_reports_team_ix")
    .on("standup_reports")
    .columns(["team_id", "standup_id", "closed_at"])
    .execute();

  await db.schema
    .createTable("standup_answers")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("standup_id", "integer", (c) => c.notNull().references("standups.id").onDelete("cascade"))
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("user_id", "text", (c) => c.notNull())
    // JSON array of {question, answer, blocker}
    .addColumn("items", "text", (c) => c.notNull())
    .addColumn("late", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("submitted_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("standup_answers_uq", ["standup_id", "day", "user_id"])
    .execute();
  await db.schema
    .createIndex("standup_answers_user_ix")
    .on("standup_answers")
    .columns(["team_id", "user_id", "day"])
    .execute();

  await db.schema
    .createTable("standup_blockers")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("standup_id", "integer", (c) => c.notNull().references("standups.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull())
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("resolved_at", "text")
    .addColumn("resolved_by", "text")
    .addColumn("stale_notified_at", "text")
    .addUniqueConstraint("standup_blockers_day_uq", ["standup_id", "day", "user_id"])
    .execute();
  await db.schema
    .createIndex("standup_blockers_open_ix")
    .on("standup_blockers")
    .columns(["team_id", "standup_id", "resolved_at"])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("standup_blockers").execute();
  await db.schema.dropTable("standup_answers").execute();
  await db.schema.dropTable("standup_reports").execute();
  await db.schema.dropTable("standup_members").execute();
  await db.schema.dropTable("standups").execute();
}
