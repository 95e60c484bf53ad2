/** Team work weeks, holidays and personal absences over kysely; every query is scoped by team. */
import type { Kysely } from "kysely";
import { createWorkCalendar, MONDAY_TO_FRIDAY } from "../domain/schedule/index.js";
import type { CalendarStore } from "../services/scheduling-store.ports.js";
import type { Database } from "./database.js";

export function createCalendarRepository(db: Kysely<Database>): CalendarStore {
  return {
    async workCalendar(teamId) {
      const row = await db
        .selectFrom("team_calendars")
        .select("work_days")
        .where("team_id", "=", teamId)
        .executeTakeFirst();
      const holidays = await db
        .selectFrom("team_holidays")
        .select("date")
        .where("team_id", "=", teamId)
        .execute();
      return createWorkCalendar({
        workDays: row ? (JSON.parse(row.work_days) as number[]) : [...MONDAY_TO_FRIDAY],
        holidays: holidays.map((h) => h.date),
      });
    },

    async setWorkDays(teamId, workDays, at) {
      const days = createWorkCalendar({ workDays }).workDays;
      await db
        .insertInto("team_calendars")
        .values({ team_id: teamId, work_days: JSON.stringify(days), updated_at: at.toISOString() })
        .onConflict((oc) =>
          oc.column("team_id").doUpdateSet({ work_days: JSON.stringify(days), updated_at: at.toISOString() }),
        )
        .execute();
    },

    async addHoliday(teamId, date, name) {
      createWorkCalendar({ workDays: [1], holidays: [date] }); // validates the date
      await db
        .insertInto("team_holidays")
        .values({ team_id: teamId, date, name })
        .onConflict((oc) => oc.columns(["team_id", "date"]).doUpdateSet({ name }))
        .execute();
    },

    async removeHoliday(teamId, date) {
      await db.deleteFrom("team_holidays").where("team_id", "=", teamId).where("date", "=", date).execute();
    },

    async listHolidays(teamId) {
      return db
        .selectFrom("team_holidays")
        .select(["date", "name"])
        .where("team_id", "=", teamId)
        .orderBy("date")
        .execute();
    },

    async addAway(teamId, userId, range, note, at) {
      const row = await db
        .insertInto("person_away")
        .values({
          team_id: teamId,
          user_id: userId,
          from_date: range.from,
          to_date: range.to,
          note,
          created_at: at.toISOString(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async removeAway(teamId, id) {
      await db.deleteFrom("person_away").where("team_id", "=", teamId).where("id", "=", id).execute();
    },

    async awayRanges(teamId, userId, fromDate) {
      let query = db
        .selectFrom("person_away")
        .select(["id", "from_date", "to_date", "note"])
        .where("team_id", "=", teamId)
        .where("user_id", "=", userId);
      if (fromDate !== undefined) query = query.where("to_date", ">=", fromDate);
      const rows = await query.orderBy("from_date").execute();
      return rows.map((r) => ({ id: r.id, from: r.from_date, to: r.to_date, note: r.note }));
    },
  };
}
