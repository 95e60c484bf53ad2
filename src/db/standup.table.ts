/** Row shapes of the standup tables (migration 2026-11-28T1230_standups). */
import type { Generated, Selectable } from "kysely";

export interface StandupTable {
  id: Generated<number>;
  team_id: string;
  name: string;
  channel_id: string;
  owner_id: string;
  participants: string;
  days: string;
  prompt_time: string;
  time_zone_mode: string;
  fixed_time_zone: string | null;
  questions: string;
  blocker_question: number | null;
  close_after_minutes: number;
  reminder_after_minutes: number | null;
  report_style: string;
  stale_blocker_days: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}
export type StandupRow = Selectable<StandupTable>;

export interface StandupMemberTable {
  team_id: string;
  standup_id: number;
  user_id: string;
  name: string;
  time_zone: string | null;
  problem: string | null;
  updated_at: string;
}

export interface StandupReportTable {
  id: Generated<number>;
  team_id: string;
  standup_id: number;
  day: string;
  opened_at: string | null;
  closes_at: string;
  closed_at: string | null;
  revision: Generated<number>;
  expected: string | null;
  away: string | null;
  created_at: string;
  /** Bumped by every request to re-render the parent (any replica). */
  refresh_requested: Generated<number>;
  /** The replica rendering the parent now, and until when (see `claimReportRender`). */
  refresh_claimed_by: string | null;
  refresh_lease_until: string | null;
}
export type StandupReportRow = Selectable<StandupReportTable>;

export interface StandupAnswerTable {
  id: Generated<number>;
  team_id: string;
  standup_id: number;
  day: string;
  user_id: string;
  items: string;
  late: number;
  revision: number;
  submitted_at: string;
  updated_at: string;
}
export type StandupAnswerRow = Selectable<StandupAnswerTable>;

export interface StandupBlockerTable {
  id: Generated<number>;
  team_id: string;
  standup_id: number;
  user_id: string;
  day: string;
  text: string;
  created_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  stale_notified_at: string | null;
}
export type StandupBlockerRow = Selectable<StandupBlockerTable>;
