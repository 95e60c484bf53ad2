/**
 * Durable scheduler, Slack outbox and team calendars (issue 3).
 *
 * - `schedules`: one row per (team, job kind, ref id). `next_due_at` is precomputed so a tick reads
 *   only what is due (index on `next_due_at`); `cursor_at` is the instant up to which occurrences
 *   have been handled (run or recorded as skipped).
 * - `schedule_runs`: one row per occurrence, claimed BEFORE the job runs under
 *   UNIQUE(schedule_id, local_due), so overlapping ticks, restarts or a second process never run
 *   an occurrence twice; skipped occurrences are recorded with their reason.
 * - `outbox`: every scheduled Slack post, unique per (team, idempotency key), with its state,
 *   attempts, last error, next attempt and the Slack `ts` once sent.
 * - `team_calendars`, `team_holidays`, `person_away`: work week, holidays, PTO.
 *
 * FROZEN once landed. Must not import src/.
 */
import type { Kysely } from "kysely";
import { idColumn } from "./portable.js";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on the app's current types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("schedules")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("job_kind", "text", (c) => c.notNull())
    .addColumn("ref_id", "text", (c) => c.notNull())
    // JSON: {"kind":"weekly","days":[1,2],"time":"09:00"} or {"kind":"cron","expression":"0 9 * * 1-5"}
    .addColumn("recurrence", "text", (c) => c.notNull())
    .addColumn("time_zone", "text", (c) => c.notNull())
    .addColumn("start_at", "text")
    .addColumn("end_at", "text")
    .addColumn("grace_ms", "integer", (c) => c.notNull())
    // 1: skip the team's non-work days and holidays (the team calendar, read in the schedule's zone).
    .addColumn("use_team_calendar", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("payload", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("cursor_at", "text", (c) => c.notNull())
    .addColumn("next_due_at", "text")
    .addColumn("next_local_due", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("schedules_team_kind_ref_uq", ["team_id", "job_kind", "ref_id"])
    .execute();
  await db.schema.createIndex("schedules_next_due_ix").on("schedules").column("next_due_at").execute();

  await db.schema
    .createTable("schedule_runs")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("schedule_id", "integer", (c) => c.notNull().references("schedules.id").onDelete("cascade"))
    .addColumn("local_due", "text", (c) => c.notNull())
    .addColumn("due_at", "text", (c) => c.notNull())
    // running | done | failed | skipped
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("reason", "text")
    .addColumn("error", "text")
    .addColumn("claimed_at", "text", (c) => c.notNull())
    .addColumn("finished_at", "text")
    .addUniqueConstraint("schedule_runs_occurrence_uq", ["schedule_id", "local_due"])
    .execute();
  await db.schema
    .createIndex("schedule_runs_team_claimed_ix")
    .on("schedule_runs")
    .columns(["team_id", "claimed_at"])
    .execute();
  await db.schema.createIndex("schedule_runs_state_ix").on("schedule_runs").column("state").execute();

  await db.schema
    .createTable("outbox")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("idempotency_key", "text", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("blocks", "text")
    .addColumn("thread_of_key", "text")
    .addColumn("update_of_key", "text")
    .addColumn("purpose", "text")
    // pending | sent | failed | superseded
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addColumn("next_attempt_at", "text", (c) => c.notNull())
    // Slack's answer: the conversation id (a DM posted to U… answers with its D… id) and ts.
    .addColumn("sent_channel", "text")
    .addColumn("ts", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("sent_at", "text")
    .addUniqueConstraint("outbox_team_key_uq", ["team_id", "idempotency_key"])
    .execute();
  await db.schema
    .createIndex("outbox_due_ix")
    .on("outbox")
    .columns(["state", "next_attempt_at", "id"])
    .execute();
  await db.schema
    .createIndex("outbox_team_state_updated_ix")
    .on("outbox")
    .columns(["team_id", "state", "updated_at"])
    .execute();
  await db.schema
    .createIndex("outbox_team_channel_state_ix")
    .on("outbox")
    .columns(["team_id", "channel", "state", "id"])
    .execute();
  await db.schema
    .createIndex("outbox_update_of_ix")
    .on("outbox")
    .columns(["team_id", "update_of_key", "state"])
    .execute();

  await db.schema
    .createTable("team_calendars")
    .addColumn("team_id", "text", (c) => c.primaryKey())
    // JSON array of weekdays, 0 = Sunday … 6 = Saturday
    .addColumn("work_days", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("team_holidays")
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("date", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull().defaultTo(""))
    .addPrimaryKeyConstraint("team_holidays_pk", ["team_id", "date"])
    .execute();
  await db.schema
    .createTable("person_away")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("user_id", "text", (c) => c.notNull())
    .addColumn("from_date", "text", (c) => c.notNull())
    .addColumn("to_date", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("person_away_team_user_ix")
    .on("person_away")
    .columns(["team_id", "user_id", "to_date"])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("person_away").execute();
  await db.schema.dropTable("team_holidays").execute();
  await db.schema.dropTable("team_calendars").execute();
  await db.schema.dropTable("outbox").execute();
  await db.schema.dropTable("schedule_runs").execute();
  await db.schema.dropTable("schedules").execute();
}
