/** Standups, their members, daily reports, answers and blockers in SQLite; every query scoped by team. */
import type { Kysely } from "kysely";
import type { Weekday } from "../domain/schedule/index.js";
import type {
  AnswerItem,
  Blocker,
  Standup,
  StandupAnswer,
  StandupQuestion,
} from "../domain/standup/index.js";
import type { StandupReport, StandupRepository, StandupUnitOfWork } from "../services/standup.ports.js";
import type { Database } from "./database.js";
import { runTransaction } from "./dialect.js";
import type { StandupAnswerRow, StandupBlockerRow, StandupReportRow, StandupRow } from "./standup.table.js";

const json = <T>(text: string | null, fallback: T): T => {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};
const date = (s: string | null) => (s === null ? null : new Date(s));

function toStandup(r: StandupRow): Standup {
  return {
    id: r.id,
    teamId: r.team_id,
    ownerId: r.owner_id,
    name: r.name,
    channelId: r.channel_id,
    participants: json<string[]>(r.participants, []),
    days: json<Weekday[]>(r.days, []),
    promptTime: r.prompt_time,
    timeZoneMode: r.time_zone_mode === "fixed" ? "fixed" : "member",
    fixedTimeZone: r.fixed_time_zone,
    questions: json<StandupQuestion[]>(r.questions, []),
    blockerQuestion: r.blocker_question,
    closeAfterMinutes: r.close_after_minutes,
    reminderAfterMinutes: r.reminder_after_minutes,
    reportStyle: r.report_style === "inline" ? "inline" : "thread",
    staleBlockerDays: r.stale_blocker_days,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}

function toReport(r: StandupReportRow): StandupReport {
  return {
    id: r.id,
    teamId: r.team_id,
    standupId: r.standup_id,
    day: r.day,
    openedAt: date(r.opened_at),
    closesAt: new Date(r.closes_at),
    closedAt: date(r.closed_at),
    revision: r.revision,
    expected: r.expected === null ? null : json<string[]>(r.expected, []),
    away: r.away === null ? null : json<string[]>(r.away, []),
  };
}

function toAnswer(r: StandupAnswerRow): StandupAnswer {
  return {
    id: r.id,
    teamId: r.team_id,
    standupId: r.standup_id,
    day: r.day,
    userId: r.user_id,
    items: json<AnswerItem[]>(r.items, []),
    submittedAt: new Date(r.submitted_at),
    updatedAt: new Date(r.updated_at),
    revision: r.revision,
    late: r.late === 1,
  };
}

function toBlocker(r: StandupBlockerRow): Blocker {
  return {
    id: r.id,
    teamId: r.team_id,
    standupId: r.standup_id,
    userId: r.user_id,
    day: r.day,
    text: r.text,
    createdAt: new Date(r.created_at),
    resolvedAt: date(r.resolved_at),
    resolvedBy: r.resolved_by,
    staleNotifiedAt: date(r.stale_notified_at),
  };
}

function settingsColumns(
  s: Standup | Omit<Standup, "id" | "teamId" | "ownerId" | "createdAt" | "updatedAt">,
) {
  return {
    name: s.name,
    channel_id: s.channelId,
    participants: JSON.stringify(s.participants),
    days: JSON.stringify(s.days),
    prompt_time: s.promptTime,
    time_zone_mode: s.timeZoneMode,
    fixed_time_zone: s.fixedTimeZone,
    questions: JSON.stringify(s.questions),
    blocker_question: s.blockerQuestion,
    close_after_minutes: s.closeAfterMinutes,
    reminder_after_minutes: s.reminderAfterMinutes,
    report_style: s.reportStyle,
    stale_blocker_days: s.staleBlockerDays,
  };
}

export function createStandupRepository(db: Kysely<Database>): StandupRepository {
  /** A standup's reports by state, by day: "open" = opened and not closed. */
  async function reportsWhere(
    teamId: string,
    standupId: number,
    state: "open" | "closed",
    sinceDay?: string,
  ) {
    let query = db
      .selectFrom("standup_reports")
      .selectAll()
      .where("team_id", "=", teamId)
      .where("standup_id", "=", standupId);
    query =
      state === "open"
        ? query.where("opened_at", "is not", null).where("closed_at", "is", null)
        : query.where("closed_at", "is not", null);
    if (sinceDay) query = query.where("day", ">=", sinceDay);
    return (await query.orderBy("day").execute()).map(toReport);
  }

  const repo: StandupRepository = {
    async insert({ teamId, ownerId, settings, at }) {
      const row = await db
        .insertInto("standups")
        .values({
          team_id: teamId,
          owner_id: ownerId,
          ...settingsColumns(settings),
          created_at: at.toISOString(),
          updated_at: at.toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toStandup(row);
    },

    async update(teamId, id, settings, at) {
      const row = await db
        .updateTable("standups")
        .set({ ...settingsColumns(settings), updated_at: at.toISOString() })
        .where("team_id", "=", teamId)
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toStandup(row);
    },

    async softDelete(teamId, id, at) {
      await db
        .updateTable("standups")
        .set({ deleted_at: at.toISOString(), updated_at: at.toISOString() })
        .where("team_id", "=", teamId)
        .where("id", "=", id)
        .execute();
    },

    async find(teamId, id) {
      const row = await db
        .selectFrom("standups")
        .selectAll()
        .where("team_id", "=", teamId)
        .where("id", "=", id)
        .where("deleted_at", "is", null)
        .executeTakeFirst();
      return row ? toStandup(row) : null;
    },

    async listByTeam(teamId) {
      const rows = await db
        .selectFrom("standups")
        .selectAll()
        .where("team_id", "=", teamId)
        .where("deleted_at", "is", null)
        .orderBy("id")
        .execute();
      return rows.map(toStandup);
    },

    async members(teamId, standupId) {
      const rows = await db
        .selectFrom("standup_members")
        .selectAll()
        .where("team_id", "=", teamId)
        .where("standup_id", "=", standupId)
        .execute();
      return rows.map((r) => ({
        userId: r.user_id,
        name: r.name,
        timeZone: r.time_zone,
        problem: r.problem,
      }));
    },

    async awayOn(teamId, userIds, day) {
      const away = new Set<string>();
      // Chunked: SQLite limits bound parameters per statement.
      for (let i = 0; i < userIds.length; i += 500) {
        const rows = await db
          .selectFrom("person_away")
          .select("user_id")
          .where("team_id", "=", teamId)
          .where("user_id", "in", userIds.slice(i, i + 500))
          .where("from_date", "<=", day)
          .where("to_date", ">=", day)
          .execute();
        for (const r of rows) away.add(r.user_id);
      }
      return away;
    },

    async upsertMember(teamId, standupId, m, at) {
      const values = {
        name: m.name,
        time_zone: m.timeZone,
        problem: m.problem,
        updated_at: at.toISOString(),
      };
      await db
        .insertInto("standup_members")
        .values({ team_id: teamId, standup_id: standupId, user_id: m.userId, ...values })
        .onConflict((oc) => oc.columns(["standup_id", "user_id"]).doUpdateSet(values))
        .execute();
    },

    async pruneMembers(teamId, standupId, keep) {
      let q = db
        .deleteFrom("standup_members")
        .where("team_id", "=", teamId)
        .where("standup_id", "=", standupId);
      if (keep.length > 0) q = q.where("user_id", "not in", [...keep]);
      await q.execute();
    },

    async findReport(teamId, standupId, day) {
      const row = await db
        .selectFrom("standup_reports")
        .selectAll()
        .where("team_id", "=", teamId)
        .where("standup_id", "=", standupId)
        .where("day", "=", day)
        .executeTakeFirst();
      return row ? toReport(row) : null;
    },

    async ensureReport(teamId, standupId, day, closesAt, at) {
      await db
        .insertInto("standup_reports")
        .values({
          team_id: teamId,
          standup_id: standupId,
          day,
          closes_at: closesAt.toISOString(),
          created_at: at.toISOString(),
        })
        .onConflict((oc) => oc.columns(["standup_id", "day"]).doNothing())
        .execute();
      const report = await repo.findReport(teamId, standupId, day);
      if (!report) throw new Error(`standup report ${standupId}/${day} vanished`);
      return report;
    },

    async markOpened(reportId, at) {
      const r = await db
        .updateTable("standup_reports")
        .set({ opened_at: at.toISOString() })
        .where("id", "=", reportId)
        .where("opened_at", "is", null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async bumpRevision(reportId) {
      const row = await db
        .updateTable("standup_reports")
        .set((eb) => ({ revision: eb("revision", "+", 1) }))
        .where("id", "=", reportId)
        .returning("revision")
        .executeTakeFirstOrThrow();
      return row.revision;
    },

    async requestRender(reportId) {
      await db
        .updateTable("standup_reports")
        .set((eb) => ({ refresh_requested: eb("refresh_requested", "+", 1) }))
        .where("id", "=", reportId)
        .execute();
    },

    async claimRender(reportId, claimant, at, leaseMs) {
      // One conditional UPDATE: of replicas claiming together exactly one matches (row lock on
      // PostgreSQL, the write lock on SQLite); the others see the new claimant and match nothing.
      const row = await db
        .updateTable("standup_reports")
        .set({
          refresh_claimed_by: claimant,
          refresh_lease_until: new Date(at.getTime() + leaseMs).toISOString(),
        })
        .where("id", "=", reportId)
        .where((eb) =>
          eb.or([
            eb("refresh_claimed_by", "is", null),
            eb("refresh_claimed_by", "=", claimant),
            eb("refresh_lease_until", "<=", at.toISOString()),
          ]),
        )
        .returning("refresh_requested")
        .executeTakeFirst();
      return row ? Number(row.refresh_requested) : null;
    },

    async releaseRender(reportId, claimant, seen) {
      const r = await db
        .updateTable("standup_reports")
        .set({ refresh_claimed_by: null, refresh_lease_until: null })
        .where("id", "=", reportId)
        .where("refresh_claimed_by", "=", claimant)
        .where("refresh_requested", "=", seen)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async close(reportId, at, expected, away) {
      const r = await db
        .updateTable("standup_reports")
        .set({ closed_at: at.toISOString(), expected: JSON.stringify(expected), away: JSON.stringify(away) })
        .where("id", "=", reportId)
        .where("closed_at", "is", null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    openReports: (teamId, standupId) => reportsWhere(teamId, standupId, "open"),

    closedReports: (teamId, standupId, sinceDay) => reportsWhere(teamId, standupId, "closed", sinceDay),

    async findAnswer(teamId, standupId, day, userId) {
      const row = await db
        .selectFrom("standup_answers")
        .selectAll()
        .where("team_id", "=", teamId)
        .where("standup_id", "=", standupId)
        .where("day", "=", day)
        .where("user_id", "=", userId)
        .executeTakeFirst();
      return row ? toAnswer(row) : null;
    },

    async saveAnswer({ teamId, standupId, day, userId, items, late, at }) {
      const existing = await repo.findAnswer(teamId, standupId, day, userId);
      if (existing) {
        const row = await db
          .updateTable("standup_answers")
          .set({
            items: JSON.stringify(items),
            revision: existing.revision + 1,
            updated_at: at.toISOString(),
          })
          .where("id", "=", existing.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        return toAnswer(row);
      }
      const row = await db
        .insertInto("standup_answers")
        .values({
          team_id: teamId,
          standup_id: standupId,
          day,
          user_id: userId,
          items: JSON.stringify(items),
          late: late ? 1 : 0,
          revision: 1,
          submitted_at: at.toISOString(),
          updated_at: at.toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toAnswer(row);
    },

    async answersForDay(teamId, standupId, day) {
      const rows = await db
        .selectFrom("standup_answers")
        .selectAll()
        .where("team_id", "=", teamId)
        .where("standup_id", "=", standupId)
        .where("day", "=", day)
        .orderBy("submitted_at")
        .orderBy("id")
        .execute();
      return rows.map(toAnswer);
    },

    async answeredUsersByDay(teamId, standupId, days) {
      const result = new Map<string, string[]>();
      if (days.length === 0) return result;
      const rows = await db
        .selectFrom("standup_answers")
        .select(["day", "user_id"])
        .where("team_id", "=", teamId)
        .where("standup_id", "=", standupId)
        .where("day", "in", [...days])
        .execute();
      for (const r of rows) result.set(r.day, [...(result.get(r.day) ?? []), r.user_id]);
      return result;
    },

    async setBlocker({ teamId, standupId, userId, day, text, at }) {
      const existing = await db
        .selectFrom("standup_blockers")
        .selectAll()
        .where("team_id", "=", teamId)
        .where("standup_id", "=", standupId)
        .where("day", "=", day)
        .where("user_id", "=", userId)
        .executeTakeFirst();
      if (text === null) {
        // An edit that removes the blocker drops it unless it was already resolved (history stays).
        if (existing && existing.resolved_at === null) {
          await db.deleteFrom("standup_blockers").where("id", "=", existing.id).execute();
        }
        return null;
      }
      if (existing) {
        const row = await db
          .updateTable("standup_blockers")
          .set({ text })
          .where("id", "=", existing.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        return toBlocker(row);
      }
      const row = await db
        .insertInto("standup_blockers")
        .values({
          team_id: teamId,
          standup_id: standupId,
          user_id: userId,
          day,
          text,
          created_at: at.toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toBlocker(row);
    },

    async findBlocker(teamId, id) {
      const row = await db
        .selectFrom("standup_blockers")
        .selectAll()
        .where("team_id", "=", teamId)
        .where("id", "=", id)
        .executeTakeFirst();
      return row ? toBlocker(row) : null;
    },

    async blockersForReport(teamId, standupId, day) {
      const rows = await db
        .selectFrom("standup_blockers")
        .selectAll()
        .where("team_id", "=", teamId)
        .where("standup_id", "=", standupId)
        .where("day", "<=", day)
        .where((eb) => eb.or([eb("resolved_at", "is", null), eb("day", "=", day)]))
        .orderBy("day")
        .orderBy("id")
        .execute();
      return rows.map(toBlocker);
    },

    async openBlockers(teamId, standupId) {
      const rows = await db
        .selectFrom("standup_blockers")
        .selectAll()
        .where("team_id", "=", teamId)
        .where("standup_id", "=", standupId)
        .where("resolved_at", "is", null)
        // PostgreSQL has no implicit row order: ties on day break by id, as SQLite returned them.
        .orderBy("day")
        .orderBy("id")
        .execute();
      return rows.map(toBlocker);
    },

    async resolveBlocker(teamId, id, by, at) {
      const r = await db
        .updateTable("standup_blockers")
        .set({ resolved_at: at.toISOString(), resolved_by: by })
        .where("team_id", "=", teamId)
        .where("id", "=", id)
        .where("resolved_at", "is", null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async markBlockerStaleNotified(teamId, id, at) {
      await db
        .updateTable("standup_blockers")
        .set({ stale_notified_at: at.toISOString() })
        .where("team_id", "=", teamId)
        .where("id", "=", id)
        .execute();
    },
  };
  return repo;
}

export function createStandupUnitOfWork(db: Kysely<Database>): StandupUnitOfWork {
  return {
    read: createStandupRepository(db),
    run: (fn) => runTransaction(db, (trx) => fn(createStandupRepository(trx))),
  };
}
