/**
 * The scheduler's per-workspace selection, beside `schedule.repository.ts`: which teams have
 * schedules due, and one team's due schedules. A tick serves teams in turn from these, so one
 * workspace's 1,000 per-person prompt jobs never run in front of another workspace's 10.
 */
import type { Kysely } from "kysely";
import type { ScheduleLaneStore } from "../services/scheduler.service.js";
import type { Database } from "./database.js";
import { dueSchedules, toStoredSchedule } from "./schedule.repository.js";

const iso = (d: Date) => d.toISOString();

export function createScheduleLaneRepository(db: Kysely<Database>): ScheduleLaneStore {
  return {
    async listDueTeams(now, limit) {
      const rows = await db
        .selectFrom("schedules")
        .select(["team_id", (eb) => eb.fn.min("next_due_at").as("first_due")])
        .where("next_due_at", "is not", null)
        .where("next_due_at", "<=", iso(now))
        .groupBy("team_id")
        .orderBy("first_due")
        .orderBy("team_id")
        .limit(limit)
        .execute();
      return rows.map((r) => r.team_id);
    },

    async listDueForTeam(teamId, now, limit) {
      const rows = await dueSchedules(db, now, limit).where("team_id", "=", teamId).execute();
      return rows.map(toStoredSchedule);
    },
  };
}
