import type { Generated, Selectable } from "kysely";

/** Row shapes of the PO backlog tables (migration 2026-11-28T1210). */
export interface GoalTable {
  id: Generated<number>;
  team_id: string;
  number: number;
  statement: string;
  /** JSON array of {name, target}. */
  metrics: string;
  status: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}
export type GoalRow = Selectable<GoalTable>;

export interface FeatureTable {
  id: Generated<number>;
  team_id: string;
  number: number;
  title: string;
  goal_id: number | null;
  stage: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}
export type FeatureRow = Selectable<FeatureTable>;

export interface FeatureStageHistoryTable {
  id: Generated<number>;
  team_id: string;
  feature_id: number;
  from_stage: string | null;
  to_stage: string;
  moved_by: string;
  moved_at: string;
}

export interface BacklogSettingsTable {
  team_id: string;
  priority_method: string | null;
  size_limit: Generated<number>;
  /** JSON array of switched-off readiness checks. */
  dor_disabled: Generated<string>;
  revision: Generated<number>;
  updated_by: string | null;
  updated_at: string | null;
}

export interface StoryPriorityInputTable {
  team_id: string;
  story_id: number;
  method: string;
  /** JSON of the method's input. */
  input: string;
  updated_by: string;
  updated_at: string;
}
