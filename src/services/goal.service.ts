/**
 * Product goals (statement, success metrics, status) and features with their six development
 * stages (issue 5). Only product owners and admins change them (`goals.manage`); anyone reads.
 */

import { StageConflict } from "../db/backlog.repository.js";
import {
  FEATURE_STAGES,
  type Feature,
  type FeatureStage,
  nextStage,
  type StageMove,
} from "../domain/feature.js";
import { formatMetric, GOAL_STATUSES, type Goal, type GoalDraft } from "../domain/goal.js";
import type { Clock } from "../lib/clock.js";
import { ConflictError, NotFoundError } from "../lib/errors.js";
import type { AccessControl } from "./access.ports.js";
import type { BacklogUnitOfWork } from "./backlog.ports.js";

export interface GoalWithCounts {
  goal: Goal;
  stories: number;
}

export interface FeatureWithHistory {
  feature: Feature;
  goal: Goal | null;
  stories: number;
  /** Most recent first. */
  history: StageMove[];
}

export const GOALS_LISTED = 30;
export const FEATURES_LISTED = 20;

export interface GoalService {
  goals(teamId: string): Promise<GoalWithCounts[]>;
  goal(teamId: string, number: number): Promise<Goal>;
  /** Creates (no `goalNumber`) or updates a goal. */
  saveGoal(input: {
    teamId: string;
    userId: string;
    goalNumber?: number | null;
    draft: GoalDraft;
  }): Promise<{ goal: Goal; created: boolean }>;
  /** Checks the person may manage goals (before opening a modal). */
  requireManage(teamId: string, userId: string): Promise<void>;
  createFeature(input: {
    teamId: string;
    userId: string;
    title: string;
    goalNumber?: number | null;
  }): Promise<Feature>;
  /** Moves a feature one stage forward or back; refuses when someone moved it meanwhile. */
  moveStage(input: {
    teamId: string;
    userId: string;
    featureNumber: number;
    from: FeatureStage;
    direction: "next" | "back";
  }): Promise<FeatureWithHistory>;
  features(teamId: string): Promise<FeatureWithHistory[]>;
  /** Choices for the story edit modal's selects. */
  linkOptions(
    teamId: string,
  ): Promise<{ goals: { id: number; label: string }[]; features: { id: number; label: string }[] }>;
  /** Active goals in the digest's shape (`GoalSource.activeGoals`). */
  activeGoalsForDigest(teamId: string): Promise<{ title: string; metrics: string[] }[]>;
}

export function createGoalService(deps: {
  uow: BacklogUnitOfWork;
  access: AccessControl;
  clock: Clock;
}): GoalService {
  const { uow, access, clock } = deps;
  const read = uow.read.goals;

  const withHistory = async (
    teamId: string,
    feature: Feature,
    counts?: Map<number, number>,
  ): Promise<FeatureWithHistory> => {
    const [goal, history, c] = await Promise.all([
      feature.goalId ? read.goalById(teamId, feature.goalId) : Promise.resolve(null),
      read.stageHistory(teamId, feature.id, 5),
      counts ? Promise.resolve(counts) : read.storyCounts(teamId, "feature_id"),
    ]);
    return { feature, goal, stories: c.get(feature.id) ?? 0, history };
  };

  return {
    async goals(teamId) {
      const [goals, counts] = await Promise.all([
        read.listGoals(teamId, GOAL_STATUSES, GOALS_LISTED),
        read.storyCounts(teamId, "goal_id"),
      ]);
      // Active first, then achieved, then dropped; newest first within each.
      const order = (g: Goal) => GOAL_STATUSES.indexOf(g.status);
      return goals
        .sort((a, b) => order(a) - order(b) || b.number - a.number)
        .map((goal) => ({ goal, stories: counts.get(goal.id) ?? 0 }));
    },

    async goal(teamId, number) {
      const goal = await read.findGoal(teamId, number);
      if (!goal) throw new NotFoundError(`goal G${number}`);
      return goal;
    },

    requireManage: (teamId, userId) => access.require(teamId, userId, "goals.manage"),

    async saveGoal({ teamId, userId, goalNumber, draft }) {
      await access.require(teamId, userId, "goals.manage");
      const at = clock.now();
      return uow.run(async ({ goals }) => {
        if (goalNumber == null)
          return { goal: await goals.createGoal({ teamId, draft, by: userId, at }), created: true };
        const existing = await goals.findGoal(teamId, goalNumber);
        if (!existing) throw new NotFoundError(`goal G${goalNumber}`);
        return { goal: await goals.updateGoal(teamId, existing.id, draft, at), created: false };
      });
    },

    async createFeature({ teamId, userId, title, goalNumber }) {
      await access.require(teamId, userId, "goals.manage");
      const at = clock.now();
      return uow.run(async ({ goals }) => {
        let goalId: number | null = null;
        if (goalNumber != null) {
          const goal = await goals.findGoal(teamId, goalNumber);
          if (!goal) throw new NotFoundError(`goal G${goalNumber}`);
          goalId = goal.id;
        }
        return goals.createFeature({ teamId, title, goalId, by: userId, at });
      });
    },

    async moveStage({ teamId, userId, featureNumber, from, direction }) {
      await access.require(teamId, userId, "goals.manage");
      const at = clock.now();
      const feature = await uow.run(async ({ goals }) => {
        const current = await goals.findFeature(teamId, featureNumber);
        if (!current) throw new NotFoundError(`feature F${featureNumber}`);
        const to =
          direction === "next" ? nextStage(from) : (FEATURE_STAGES[FEATURE_STAGES.indexOf(from) - 1] ?? null);
        if (!to)
          throw new ConflictError(
            direction === "next"
              ? `F${featureNumber} is already launched.`
              : `F${featureNumber} is at the first stage.`,
          );
        try {
          return await goals.moveStage({ teamId, featureId: current.id, from, to, by: userId, at });
        } catch (error) {
          if (error instanceof StageConflict)
            throw new ConflictError(
              `Someone moved F${featureNumber} meanwhile: it is now at another stage. Run \`/goal features\` to see it.`,
            );
          throw error;
        }
      });
      return withHistory(teamId, feature);
    },

    async features(teamId) {
      const [features, counts] = await Promise.all([
        read.listFeatures(teamId, FEATURES_LISTED),
        read.storyCounts(teamId, "feature_id"),
      ]);
      return Promise.all(features.map((f) => withHistory(teamId, f, counts)));
    },

    async linkOptions(teamId) {
      const [goals, features] = await Promise.all([
        read.listGoals(teamId, ["active"], 99),
        read.listFeatures(teamId, 99),
      ]);
      return {
        goals: goals.map((g) => ({ id: g.id, label: `G${g.number} ${g.statement}` })),
        features: features.map((f) => ({ id: f.id, label: `F${f.number} ${f.title}` })),
      };
    },

    async activeGoalsForDigest(teamId) {
      const goals = await read.listGoals(teamId, ["active"], 10);
      return goals.map((g) => ({ title: g.statement, metrics: g.metrics.map(formatMetric) }));
    },
  };
}
