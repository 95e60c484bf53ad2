/**
 * Sprint velocity and product goals for the digest and forecasts. The sprints (issue 6) and goals
 * features own those tables; until their migrations land these answer "nothing yet", so the
 * digest says "not enough history yet" and leaves the goals section out, rather than inventing.
 */
import type { Kysely } from "kysely";
import type { GoalSource } from "../services/digest.service.js";
import type { VelocitySource } from "../services/forecast.service.js";
import type { Database } from "./database.js";

export function createVelocitySource(_db: Kysely<Database>): VelocitySource {
  return {
    finishedSprints: async () => [],
    currentSprint: async () => null,
  };
}

export function createGoalSource(_db: Kysely<Database>): GoalSource {
  return { activeGoals: async () => null };
}
