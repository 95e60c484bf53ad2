/** `schedules` and `schedule_runs` over kysely. Every query is scoped by team or by schedule id. */
import type { Kysely } from "kysely";
import type { Recurrence } from "../domain/schedule/index.js";
import type {
  NewSchedule,
  RunState,
  ScheduleRun,
  ScheduleStore,
  StoredSchedule,
} from "../services/scheduling-store.ports.js";
import type { Database } from "./database.js";
import { dialectOf } from "./dialect.js";
import type { ScheduleRow, ScheduleRunRow } from "./schedule.table.js";

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);
const dateOrNull = (s: string | null) => (s === null ? null : new Date(s));

function toSchedule(row: ScheduleRow): StoredSchedule {
  return {
    id: row.id,
    teamId: row.team_id,
    jobKind: row.job_kind,
    refId: row.ref_id,
    recurrence: JSON.parse(row.recurrence) as Recurrence,
    timeZone: row.time_zone,
    startAt: dateOrNull(row.start_at),
    endAt: dateOrNull(row.end_at),
    graceMs: row.grace_ms,
    useTeamCalendar: row.use_team_calendar === 1,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    label: row.label,
    cursorAt: new Date(row.cursor_at),
    nextDueAt: dateOrNull(row.next_due_at),
    nextLocalDue: row.next_local_due,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

function toRun(row: ScheduleRunRow): ScheduleRun {
  return {
    id: row.id,
    teamId: row.team_id,
    scheduleId: row.schedule_id,
    localDue: row.local_due,
    dueAt: new Date(row.due_at),
    state: row.state as RunState,
    reason: row.reason,
    error: row.error,
    claimedAt: new Date(row.claimed_at),
    finishedAt: dateOrNull(row.finished_at),
    claimedBy: row.claimed_by,
    leaseUntil: dateOrNull(row.lease_until),
  };
}

function columns(s: NewSchedule) {
  return {
    team_id: s.teamId,
    job_kind: s.jobKind,
    ref_id: s.refId,
    recurrence: JSON.stringify(s.recurrence),
    time_zone: s.timeZone,
    start_at: isoOrNull(s.startAt),
    end_at: isoOrNull(s.endAt),
    grace_ms: s.graceMs,
    use_team_calendar: s.useTeamCalendar ? 1 : 0,
    payload: JSON.stringify(s.payload),
    label: s.label,
    cursor_at: iso(s.cursorAt),
    next_due_at: isoOrNull(s.nextDueAt),
    next_local_due: s.nextLocalDue,
    updated_at: iso(s.updatedAt),
  };
}

export function createScheduleRepository(db: Kysely<Database>): ScheduleStore {
  return {
    async findByKey(teamId, jobKind, refId) {
      const row = await db
        .selectFrom("schedules")
        .selectAll()
        .where("team_id", "=", teamId)
        .where("job_kind", "=", jobKind)
        .where("ref_id", "=", refId)
        .executeTakeFirst();
      return row ? toSchedule(row) : null;
    },

    async findById(id) {
      const row = await db.selectFrom("schedules").selectAll().where("id", "=", id).executeTakeFirst();
      return row ? toSchedule(row) : null;
    },

    async insert(schedule) {
      const row = await db
        .insertInto("schedules")
        .values({ ...columns(schedule), created_at: iso(schedule.createdAt) })
        .returning("id")
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async replace(id, schedule) {
      await db.updateTable("schedules").set(columns(schedule)).where("id", "=", id).execute();
    },

    async remove(teamId, jobKind, refId) {
      await db
        .deleteFrom("schedules")
        .where("team_id", "=", teamId)
        .where("job_kind", "=", jobKind)
        .where("ref_id", "=", refId)
        .execute();
    },

    async listDue(now, limit) {
      const rows = await dueSchedules(db, now, limit).execute();
      return rows.map(toSchedule);
    },

    async listByTeam(teamId) {
      const rows = await db
        .selectFrom("schedules")
        .selectAll()
        .where("team_id", "=", teamId)
        .orderBy("next_due_at")
        .orderBy("id")
        .execute();
      return rows.map(toSchedule);
    },

    async advance(id, cursorAt, next, at) {
      const result = await db
        .updateTable("schedules")
        .set({
          cursor_at: iso(cursorAt),
          next_due_at: next ? iso(next.dueAt) : null,
          next_local_due: next ? next.localDue : null,
          updated_at: iso(at),
        })
        .where("id", "=", id)
        .where("cursor_at", "<", iso(cursorAt))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async claimRun(run) {
      const result = await db
        .insertInto("schedule_runs")
        .values({
          team_id: run.teamId,
          schedule_id: run.scheduleId,
          local_due: run.localDue,
          due_at: iso(run.dueAt),
          state: run.state,
          reason: run.reason,
          claimed_at: iso(run.claimedAt),
          finished_at: run.state === "skipped" ? iso(run.claimedAt) : null,
          claimed_by: run.state === "running" ? (run.claimedBy ?? null) : null,
          lease_until: run.state === "running" && run.leaseUntil ? iso(run.leaseUntil) : null,
        })
        .onConflict((oc) => oc.columns(["schedule_id", "local_due"]).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },

    async renewRun(scheduleId, localDue, claimant, leaseUntil) {
      const result = await db
        .updateTable("schedule_runs")
        .set({ lease_until: iso(leaseUntil) })
        .where("schedule_id", "=", scheduleId)
        .where("local_due", "=", localDue)
        .where("state", "=", "running")
        .where("claimed_by", "=", claimant)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async takeOverRuns({ now, claimant, leaseUntil, startUp, limit }) {
      const waitForLease = !(startUp && dialectOf(db) === "sqlite");
      const expired = (q: ReturnType<typeof runningRuns>) =>
        waitForLease
          ? q.where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<=", iso(now))]))
          : q;
      const runningRuns = () => db.selectFrom("schedule_runs").where("state", "=", "running");
      const candidates = await expired(runningRuns())
        .select(["id", "claimed_by", "lease_until"])
        .orderBy("due_at")
        .limit(limit)
        .execute();
      const taken: ScheduleRun[] = [];
      for (const c of candidates) {
        // Conditional on the lease we saw: of two schedulers taking over together, one matches.
        const row = await db
          .updateTable("schedule_runs")
          .set({ claimed_by: claimant, lease_until: iso(leaseUntil), claimed_at: iso(now) })
          .where("id", "=", c.id)
          .where("state", "=", "running")
          .where((eb) =>
            c.lease_until === null ? eb("lease_until", "is", null) : eb("lease_until", "=", c.lease_until),
          )
          .where((eb) =>
            c.claimed_by === null ? eb("claimed_by", "is", null) : eb("claimed_by", "=", c.claimed_by),
          )
          .returningAll()
          .executeTakeFirst();
        if (row) taken.push(toRun(row));
      }
      return taken;
    },

    async finishRun(scheduleId, localDue, state, at, error = null) {
      await db
        .updateTable("schedule_runs")
        .set({ state, error, finished_at: iso(at), lease_until: null })
        .where("schedule_id", "=", scheduleId)
        .where("local_due", "=", localDue)
        .execute();
    },

    async transitionRun(id, from, to, at, fields = {}) {
      const result = await db
        .updateTable("schedule_runs")
        .set({
          state: to,
          finished_at: to === "running" ? null : iso(at),
          ...(fields.reason !== undefined ? { reason: fields.reason } : {}),
          ...(fields.error !== undefined ? { error: fields.error } : {}),
          ...(to === "running" ? { claimed_at: iso(at) } : {}),
        })
        .where("id", "=", id)
        .where("state", "=", from)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async listRuns(filter) {
      let query = db.selectFrom("schedule_runs").selectAll();
      if (filter.state) query = query.where("state", "=", filter.state);
      if (filter.teamId) query = query.where("team_id", "=", filter.teamId);
      if (filter.scheduleId !== undefined) query = query.where("schedule_id", "=", filter.scheduleId);
      const rows = await query
        .orderBy("due_at", "desc")
        .orderBy("id", "desc")
        .limit(filter.limit ?? 1000)
        .execute();
      return rows.map(toRun);
    },
  };
}

/** A stored row as the scheduler sees it (also for the per-team selection in schedule-lanes.repository.ts). */
export { toSchedule as toStoredSchedule };

/** Schedules due at `now`, earliest first (the lanes narrow it to one team). */
export function dueSchedules(db: Kysely<Database>, now: Date, limit: number) {
  // ISO-8601 instants from toISOString() have one fixed width, so text order is time order.
  return db
    .selectFrom("schedules")
    .selectAll()
    .where("next_due_at", "is not", null)
    .where("next_due_at", "<=", iso(now))
    .orderBy("next_due_at")
    .orderBy("id")
    .limit(limit);
}
