/**
 * SQLite side of the PO backlog: ordering (ranks, rebalance, the team lock), story edits,
 * archive, settings, priority inputs, goals and features. Every query is scoped by `team_id`;
 * the caller owns the transaction (see `createBacklogUnitOfWork`).
 */
import { type Kysely, sql } from "kysely";
import { type Feature, type FeatureStage, isFeatureStage, type StageMove } from "../domain/feature.js";
import { type Goal, type GoalMetric, type GoalStatus, metricFromJson } from "../domain/goal.js";
import { parkingOffset, RANK_GAP } from "../domain/ordering.js";
import { PRIORITY_METHODS, type PriorityMethod } from "../domain/priority/index.js";
import { READINESS_CHECKS, type ReadinessCheckId } from "../domain/readiness.js";
import type {
  BacklogRepository,
  BacklogSettings,
  BacklogUnitOfWork,
  GoalRepository,
} from "../services/backlog.ports.js";
import type { FeatureRow, GoalRow } from "./backlog.table.js";
import type { Database } from "./database.js";
import { lockKey, runTransaction } from "./dialect.js";
import { createStoryRepository, draftColumns, toStory } from "./story.repository.js";

export function createBacklogRepository(db: Kysely<Database>): BacklogRepository {
  const stories = createStoryRepository(db);
  const activeOrdered = (teamId: string) =>
    db.selectFrom("stories").where("team_id", "=", teamId).where("archived_at", "is", null).orderBy("rank");

  return {
    async lockTeam(teamId) {
      // PostgreSQL: writers in other processes wait here until this transaction ends (the upsert's
      // row lock would too, but the advisory lock also covers a team's very first move).
      await lockKey(db, `backlog:${teamId}`);
      const row = await db
        .insertInto("backlog_settings")
        .values({ team_id: teamId, priority_method: null, updated_by: null, updated_at: null })
        .onConflict((oc) =>
          oc.column("team_id").doUpdateSet({ revision: sql`backlog_settings.revision + 1` }),
        )
        .returning("revision")
        .executeTakeFirstOrThrow();
      return row.revision;
    },

    async findByNumber(teamId, number) {
      const row = await db
        .selectFrom("stories")
        .selectAll()
        .where("team_id", "=", teamId)
        .where("number", "=", number)
        .executeTakeFirst();
      return row ? toStory(row) : null;
    },

    // Shared with capture's repository: one definition of "active count" and "position".
    countActive: (teamId) => stories.countActive(teamId),
    positionOf: (teamId, storyId) => stories.positionOf(teamId, storyId),

    async neighboursAt(teamId, excludeId, position) {
      const p = Math.max(1, position);
      const rows = await activeOrdered(teamId)
        .select("rank")
        .where("id", "!=", excludeId)
        .limit(p === 1 ? 1 : 2)
        .offset(Math.max(0, p - 2))
        .execute();
      if (p === 1) return { lower: null, upper: rows[0]?.rank ?? null };
      return { lower: rows[0]?.rank ?? null, upper: rows[1]?.rank ?? null };
    },

    async ranksBetween(teamId, lo, hi) {
      const rows = await db
        .selectFrom("stories")
        .select("rank")
        .where("team_id", "=", teamId)
        .where("rank", ">", lo)
        .where("rank", "<", hi)
        .orderBy("rank")
        .limit(10_000)
        .execute();
      return rows.map((r) => r.rank);
    },

    async setRank(teamId, storyId, rank) {
      await db
        .updateTable("stories")
        .set({ rank })
        .where("team_id", "=", teamId)
        .where("id", "=", storyId)
        .execute();
    },

    async rebalance(teamId, near) {
      if (near !== undefined && near !== null && (await rebalanceWindow(db, teamId, near))) return;
      const bounds = await db
        .selectFrom("stories")
        .select([sql<number | null>`min(rank)`.as("lo"), sql<number | null>`max(rank)`.as("hi")])
        .where("team_id", "=", teamId)
        .executeTakeFirst();
      if (bounds?.lo == null || bounds.hi == null) return;
      // Park every rank below all current ones and below zero, then write 1024, 2048, … in the
      // parked order: no intermediate row ever collides under UNIQUE(team_id, rank).
      const d = parkingOffset(bounds.lo, bounds.hi);
      await db
        .updateTable("stories")
        .set({ rank: sql`rank + ${d}` })
        .where("team_id", "=", teamId)
        .execute();
      await sql`
        update stories set rank = r.n * ${RANK_GAP}
        from (select id, row_number() over (order by rank) as n from stories where team_id = ${teamId}) as r
        where stories.id = r.id and stories.team_id = ${teamId}`.execute(db);
    },

    async update(teamId, storyId, changes, at) {
      const { draft } = changes;
      const row = await db
        .updateTable("stories")
        .set({
          updated_at: at.toISOString(),
          ...(draft ? draftColumns(draft) : {}),
          ...(changes.status !== undefined ? { status: changes.status } : {}),
          ...(changes.archivedAt !== undefined
            ? { archived_at: changes.archivedAt ? changes.archivedAt.toISOString() : null }
            : {}),
          ...(changes.goalId !== undefined ? { goal_id: changes.goalId } : {}),
          ...(changes.featureId !== undefined ? { feature_id: changes.featureId } : {}),
        })
        .where("team_id", "=", teamId)
        .where("id", "=", storyId)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toStory(row);
    },

    async insert({ teamId, draft, createdBy, at, rank, goalId, featureId }) {
      await lockKey(db, `backlog:${teamId}`); // max(number) + 1 below (no-op when lockTeam took it)
      const last = await db
        .selectFrom("stories")
        .select(sql<number | null>`max(number)`.as("number"))
        .where("team_id", "=", teamId)
        .executeTakeFirst();
      const iso = at.toISOString();
      const row = await db
        .insertInto("stories")
        .values({
          team_id: teamId,
          number: (last?.number ?? 0) + 1,
          ...draftColumns(draft),
          status: "new",
          rank,
          created_by: createdBy,
          source_permalink: draft.sourcePermalink ?? null,
          created_at: iso,
          updated_at: iso,
          goal_id: goalId,
          feature_id: featureId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toStory(row);
    },

    async listArchived(teamId, offset, limit) {
      const base = db
        .selectFrom("stories")
        .where("team_id", "=", teamId)
        .where("archived_at", "is not", null);
      const [rows, count] = await Promise.all([
        base
          .selectAll()
          .orderBy("archived_at", "desc")
          .orderBy("id", "desc")
          .limit(limit)
          .offset(offset)
          .execute(),
        base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst(),
      ]);
      return { items: rows.map(toStory), total: Number(count?.n ?? 0) };
    },

    async listActive(teamId, limit) {
      const rows = await activeOrdered(teamId).selectAll().limit(limit).execute();
      return rows.map(toStory);
    },

    async appendEvent(e) {
      await db
        .insertInto("backlog_events")
        .values({
          team_id: e.teamId,
          story_id: e.storyId,
          kind: e.kind,
          data: JSON.stringify(e.data),
          actor: e.actor,
          at: e.at.toISOString(),
        })
        .execute();
    },

    async settings(teamId) {
      const row = await db
        .selectFrom("backlog_settings")
        .selectAll()
        .where("team_id", "=", teamId)
        .executeTakeFirst();
      return {
        priorityMethod: asMethod(row?.priority_method ?? null),
        sizeLimit: row?.size_limit ?? 8,
        dorDisabled: parseChecks(row?.dor_disabled ?? "[]"),
      };
    },

    async saveSettings(teamId, s: BacklogSettings, by, at) {
      const values = {
        priority_method: s.priorityMethod,
        size_limit: s.sizeLimit,
        dor_disabled: JSON.stringify(s.dorDisabled),
        updated_by: by,
        updated_at: at.toISOString(),
      };
      await db
        .insertInto("backlog_settings")
        .values({ team_id: teamId, ...values })
        .onConflict((oc) => oc.column("team_id").doUpdateSet(values))
        .execute();
    },

    async priorityInputs(teamId, method, storyIds) {
      const out = new Map<number, unknown>();
      if (storyIds.length === 0) return out;
      const rows = await db
        .selectFrom("story_priority_inputs")
        .select(["story_id", "input"])
        .where("team_id", "=", teamId)
        .where("method", "=", method)
        .where("story_id", "in", storyIds)
        .execute();
      for (const r of rows) out.set(r.story_id, JSON.parse(r.input));
      return out;
    },

    async setPriorityInput({ teamId, storyId, method, value, by, at }) {
      const values = { input: JSON.stringify(value), updated_by: by, updated_at: at.toISOString() };
      await db
        .insertInto("story_priority_inputs")
        .values({ team_id: teamId, story_id: storyId, method, ...values })
        .onConflict((oc) => oc.columns(["team_id", "story_id", "method"]).doUpdateSet(values))
        .execute();
    },
  };
}

export function createGoalRepository(db: Kysely<Database>): GoalRepository {
  const nextNumber = async (table: "goals" | "features", teamId: string) => {
    await lockKey(db, `${table}:${teamId}`); // max(number) + 1 must not be read twice (PostgreSQL)
    const r = await db
      .selectFrom(table)
      .select(sql<number | null>`max(number)`.as("n"))
      .where("team_id", "=", teamId)
      .executeTakeFirst();
    return (r?.n ?? 0) + 1;
  };
  return {
    async createGoal({ teamId, draft, by, at }) {
      const iso = at.toISOString();
      const row = await db
        .insertInto("goals")
        .values({
          team_id: teamId,
          number: await nextNumber("goals", teamId),
          statement: draft.statement,
          metrics: JSON.stringify(draft.metrics),
          status: draft.status,
          created_by: by,
          created_at: iso,
          updated_at: iso,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toGoal(row);
    },
    async updateGoal(teamId, goalId, draft, at) {
      const row = await db
        .updateTable("goals")
        .set({
          statement: draft.statement,
          metrics: JSON.stringify(draft.metrics),
          status: draft.status,
          updated_at: at.toISOString(),
        })
        .where("team_id", "=", teamId)
        .where("id", "=", goalId)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toGoal(row);
    },
    async findGoal(teamId, number) {
      const row = await db
        .selectFrom("goals")
        .selectAll()
        .where("team_id", "=", teamId)
        .where("number", "=", number)
        .executeTakeFirst();
      return row ? toGoal(row) : null;
    },
    async goalById(teamId, id) {
      const row = await db
        .selectFrom("goals")
        .selectAll()
        .where("team_id", "=", teamId)
        .where("id", "=", id)
        .executeTakeFirst();
      return row ? toGoal(row) : null;
    },
    async listGoals(teamId, statuses, limit) {
      if (statuses.length === 0) return [];
      const rows = await db
        .selectFrom("goals")
        .selectAll()
        .where("team_id", "=", teamId)
        .where("status", "in", [...statuses])
        .orderBy("number", "desc")
        .limit(limit)
        .execute();
      return rows.map(toGoal);
    },
    async createFeature({ teamId, title, goalId, by, at }) {
      const iso = at.toISOString();
      const row = await db
        .insertInto("features")
        .values({
          team_id: teamId,
          number: await nextNumber("features", teamId),
          title,
          goal_id: goalId,
          stage: "idea",
          created_by: by,
          created_at: iso,
          updated_at: iso,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await db
        .insertInto("feature_stage_history")
        .values({
          team_id: teamId,
          feature_id: row.id,
          from_stage: null,
          to_stage: "idea",
          moved_by: by,
          moved_at: iso,
        })
        .execute();
      return toFeature(row);
    },
    async findFeature(teamId, number) {
      const row = await db
        .selectFrom("features")
        .selectAll()
        .where("team_id", "=", teamId)
        .where("number", "=", number)
        .executeTakeFirst();
      return row ? toFeature(row) : null;
    },
    async featureById(teamId, id) {
      const row = await db
        .selectFrom("features")
        .selectAll()
        .where("team_id", "=", teamId)
        .where("id", "=", id)
        .executeTakeFirst();
      return row ? toFeature(row) : null;
    },
    async listFeatures(teamId, limit) {
      const rows = await db
        .selectFrom("features")
        .selectAll()
        .where("team_id", "=", teamId)
        .orderBy("number", "desc")
        .limit(limit)
        .execute();
      return rows.map(toFeature);
    },
    async moveStage({ teamId, featureId, from, to, by, at }) {
      const iso = at.toISOString();
      const row = await db
        .updateTable("features")
        .set({ stage: to, updated_at: iso })
        .where("team_id", "=", teamId)
        .where("id", "=", featureId)
        .where("stage", "=", from)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new StageConflict();
      await db
        .insertInto("feature_stage_history")
        .values({
          team_id: teamId,
          feature_id: featureId,
          from_stage: from,
          to_stage: to,
          moved_by: by,
          moved_at: iso,
        })
        .execute();
      return toFeature(row);
    },
    async stageHistory(teamId, featureId, limit) {
      const rows = await db
        .selectFrom("feature_stage_history")
        .selectAll()
        .where("team_id", "=", teamId)
        .where("feature_id", "=", featureId)
        .orderBy("id", "desc")
        .limit(limit)
        .execute();
      return rows.map(
        (r): StageMove => ({
          from: r.from_stage && isFeatureStage(r.from_stage) ? r.from_stage : null,
          to: r.to_stage as FeatureStage,
          by: r.moved_by,
          at: new Date(r.moved_at),
        }),
      );
    },
    async storyCounts(teamId, column) {
      const rows = await db
        .selectFrom("stories")
        .select([column, (eb) => eb.fn.countAll<number>().as("n")])
        .where("team_id", "=", teamId)
        .where("archived_at", "is", null)
        .where(column, "is not", null)
        .groupBy(column)
        .execute();
      const out = new Map<number, number>();
      for (const r of rows) {
        const id = (r as Record<string, unknown>)[column];
        if (typeof id === "number") out.set(id, Number(r.n));
      }
      return out;
    },
  };
}

/** The feature's stage changed under us (someone else moved it first). */
export class StageConflict extends Error {}

export function createBacklogUnitOfWork(db: Kysely<Database>): BacklogUnitOfWork {
  const repos = (k: Kysely<Database>) => ({
    backlog: createBacklogRepository(k),
    goals: createGoalRepository(k),
  });
  return {
    read: repos(db),
    run: (fn) => runTransaction(db, (trx) => fn(repos(trx))),
  };
}

function toGoal(row: GoalRow): Goal {
  const parsed: unknown = JSON.parse(row.metrics);
  const metrics: GoalMetric[] = Array.isArray(parsed)
    ? parsed.map((m: unknown) => metricFromJson(m) ?? { name: "", target: null })
    : [];
  return {
    id: row.id,
    teamId: row.team_id,
    number: row.number,
    statement: row.statement,
    metrics,
    status: row.status as GoalStatus,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

function toFeature(row: FeatureRow): Feature {
  return {
    id: row.id,
    teamId: row.team_id,
    number: row.number,
    title: row.title,
    goalId: row.goal_id,
    stage: isFeatureStage(row.stage) ? row.stage : "idea",
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

function asMethod(m: string | null): PriorityMethod | null {
  return m && (PRIORITY_METHODS as readonly string[]).includes(m) ? (m as PriorityMethod) : null;
}

function parseChecks(text: string): ReadinessCheckId[] {
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed)
    ? parsed.filter((c): c is ReadinessCheckId => (READINESS_CHECKS as readonly string[]).includes(c))
    : [];
}

/** Ranks at least this far apart after a local renumbering (≈5 halvings before the next one). */
const MIN_LOCAL_STEP = 32;

/**
 * The incremental rebalance: the stories within `w` places of rank `near` on each side are spread
 * evenly between the first unchanged story below and above them (or, at an end of the backlog,
 * into the open space beyond it). Grows the window ×4 until there is room; false when even 4,096
 * stories a side have none (the caller renumbers everything). Worked example: ranks 1, 2, 3, …
 * (no gaps), a move to position 3 → the top 16 stories take ranks −16,384 … −1,024 spaced 1,024.
 */
async function rebalanceWindow(db: Kysely<Database>, teamId: string, near: number): Promise<boolean> {
  for (let w = 16; w <= 4096; w *= 4) {
    const [below, above] = await Promise.all([
      db
        .selectFrom("stories")
        .select(["id", "rank"])
        .where("team_id", "=", teamId)
        .where("rank", "<=", near)
        .orderBy("rank", "desc")
        .limit(w + 1)
        .execute(),
      db
        .selectFrom("stories")
        .select(["id", "rank"])
        .where("team_id", "=", teamId)
        .where("rank", ">", near)
        .orderBy("rank")
        .limit(w + 1)
        .execute(),
    ]);
    const window = [...below.slice(0, w).reverse(), ...above.slice(0, w)];
    const n = window.length;
    const first = window[0];
    const last = window[n - 1];
    if (!first || !last) return false;
    const loOpen = below.length <= w;
    const hiOpen = above.length <= w;
    const lo = loOpen ? first.rank - RANK_GAP * (n + 1) : (below[w]?.rank ?? first.rank);
    const hi = hiOpen ? last.rank + RANK_GAP * (n + 1) : (above[w]?.rank ?? last.rank);
    const step = Math.floor((hi - lo) / (n + 1));
    if (step < MIN_LOCAL_STEP) {
      if (loOpen && hiOpen) return false; // the whole backlog is in the window
      continue;
    }
    // Park the window below every rank first (UNIQUE(team_id, rank) is checked row by row), then
    // write the new ranks: strictly between the unchanged neighbours, so nothing else collides.
    const min = await db
      .selectFrom("stories")
      .select(sql<number>`min(rank)`.as("m"))
      .where("team_id", "=", teamId)
      .executeTakeFirst();
    const parkBase = Math.min(Number(min?.m ?? 0), lo) - 1;
    for (const [i, row] of window.entries()) {
      await db
        .updateTable("stories")
        .set({ rank: parkBase - i - 1 })
        .where("id", "=", row.id)
        .execute();
    }
    for (const [i, row] of window.entries()) {
      await db
        .updateTable("stories")
        .set({ rank: lo + step * (i + 1) })
        .where("id", "=", row.id)
        .execute();
    }
    return true;
  }
  return false;
}
