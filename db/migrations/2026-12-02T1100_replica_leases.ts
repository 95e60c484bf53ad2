/**
 * Leases for work that several replicas may start at once:
 * - `schedule_runs.claimed_by` / `lease_until`: the replica running an occurrence renews its lease
 *   while the job runs; a run whose lease ended (its replica died) is taken over by another one.
 * - `standup_reports.refresh_*`: one replica at a time renders a report's parent. Others only bump
 *   `refresh_requested`; the holder re-renders until no request came during its render.
 * FROZEN: never edit once landed; add a new migration instead. Must not import src/.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on the app's current types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("schedule_runs").addColumn("claimed_by", "text").execute();
  await db.schema.alterTable("schedule_runs").addColumn("lease_until", "text").execute();
  // Takeover scans only running rows (few), never the history.
  await db.schema
    .createIndex("schedule_runs_running_lease")
    .on("schedule_runs")
    .columns(["state", "lease_until"])
    .execute();
  await db.schema
    .alterTable("standup_reports")
    .addColumn("refresh_requested", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable("standup_reports").addColumn("refresh_claimed_by", "text").execute();
  await db.schema.alterTable("standup_reports").addColumn("refresh_lease_until", "text").execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("standup_reports").dropColumn("refresh_lease_until").execute();
  await db.schema.alterTable("standup_reports").dropColumn("refresh_claimed_by").execute();
  await db.schema.alterTable("standup_reports").dropColumn("refresh_requested").execute();
  await db.schema.dropIndex("schedule_runs_running_lease").execute();
  await db.schema.alterTable("schedule_runs").dropColumn("lease_until").execute();
  await db.schema.alterTable("schedule_runs").dropColumn("claimed_by").execute();
}
