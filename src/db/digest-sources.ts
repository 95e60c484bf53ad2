/**
 * Sprint velocity and product goals for the digest and forecasts, read from the tables the
 * sprints (issue 6) and goals features own. Velocity = `completed_points` of closed sprints; the
 * running sprint's progress sums its items' estimates; goals are the team's active product goals.
 */
import { type Kysely, sql } from "kysely";
import { formatMetric, metricFromJson } from "../domain/goal.js";
import type { GoalSource } from "../services/digest.service.js";
import type { VelocitySource } from "../services/forecast.service.js";
import type { Database } from "./database.js";

export function createVelocitySource(db: Kysely<Database>): VelocitySource {
  return {
    async finishedSprints(teamId) {
      const rows = await db
        .selectFrom("sprints")
        .select(["completed_points", "starts_on", "ends_on"])
        .where("team_id", "=", teamId)
        .where("state", "=", "closed")
        .where("completed_points", "is not", null)
        .orderBy("ends_on")
        .orderBy("id")
        .execute();
      return rows.map((r) => ({
        points: r.completed_points ?? 0,
        startedOn: r.starts_on,
        endedOn: r.ends_on,
      }));
    },

    async currentSprint(teamId) {
      const sprint = await db
        .selectFrom("sprints")
        .select(["id", "name", "goal", "starts_on", "ends_on"])
        .where("team_id", "=", teamId)
        .where("state", "=", "active")
        .orderBy("starts_on", "desc")
        .orderBy("id", "desc")
        .executeTakeFirst();
      if (!sprint) return null;
      const totals = await db
        .selectFrom("sprint_items as i")
        .innerJoin("stories as s", "s.id", "i.story_id")
        .select([
          sql<number>`coalesce(sum(s.estimate), 0)`.as("planned_points"),
          sql<number>`coalesce(sum(case when i.status = 'done' then s.estimate end), 0)`.as("done_points"),
          sql<number>`count(*)`.as("planned_items"),
          sql<number>`coalesce(sum(case when i.status = 'done' then 1 else 0 end), 0)`.as("done_items"),
        ])
        .where("i.team_id", "=", teamId)
        .where("i.sprint_id", "=", sprint.id)
        .executeTakeFirst();
      return {
        name: sprint.name,
        goal: sprint.goal || null,
        startedOn: sprint.starts_on,
        endsOn: sprint.ends_on,
        donePoints: Number(totals?.done_points ?? 0),
        plannedPoints: Number(totals?.planned_points ?? 0),
        doneItems: Number(totals?.done_items ?? 0),
        plannedItems: Number(totals?.planned_items ?? 0),
      };
    },
  };
}

/** Active product goals (goals table, migration 2026-11-28T1210) in their number order, metrics as text. */
export function createGoalSource(db: Kysely<Database>): GoalSource {
  return {
    async activeGoals(teamId) {
      const rows = await db
        .selectFrom("goals")
        .select(["statement", "metrics"])
        .where("team_id", "=", teamId)
        .where("status", "=", "active")
        .orderBy("number")
        .limit(50)
        .execute();
      return rows.map((r) => ({ title: r.statement, metrics: metricLines(r.metrics) }));
    },
  };
}

/** `[{name, target|null, baseline?, current?}]` → ["Churn: target below 2%", "Weekly active teams"]; malformed JSON → no metrics. */
function metricLines(json: string): string[] {
  try {
    const parsed: unknown = JSON.parse(json);
    if (!Array.isArray(parsed)) return [];
    return parsed.flatMap((m: unknown) => {
      const metric = metricFromJson(m);
      return metric ? [formatMetric(metric)] : [];
    });
  } catch {
    return [];
  }
}
