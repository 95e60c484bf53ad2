import type { Generated } from "kysely";

/** Row shape of `sprints`; `completed_points` is the velocity of a closed sprint. */
export interface SprintTable {
  id: Generated<number>;
  team_id: string;
  name: string;
  goal: string;
  starts_on: string;
  ends_on: string;
  /** Defaults to "" (may be omitted on insert). */
  definition_of_done: Generated<string>;
  state: string;
  channel_id: string | null;
  /** Defaults to "UTC". */
  time_zone: Generated<string>;
  /** Defaults to "15:00". */
  review_time: Generated<string>;
  completed_points: number | null;
  goal_met: number | null;
  goal_confirmed_by: string | null;
  created_by: string;
  created_at: string;
  closed_at: string | null;
}

/** Row shape of `sprint_items`: a story planned into a sprint. */
export interface SprintItemTable {
  team_id: string;
  sprint_id: number;
  story_id: number;
  status: string;
  added_at: string;
  done_at: string | null;
  outcome: string | null;
  not_done_reason: string | null;
  demo_link: string | null;
}

/** Row shape of `review_feedback`: stakeholder feedback on a sprint review. */
export interface ReviewFeedbackTable {
  id: Generated<number>;
  team_id: string;
  sprint_id: number;
  request_id: number | null;
  user_id: string;
  text: string;
  created_at: string;
}
