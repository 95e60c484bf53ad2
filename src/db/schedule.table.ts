import type { Generated, Selectable } from "kysely";

/** Row shape of `schedules`: one recurring job per (team, job kind, ref id). */
export interface ScheduleTable {
  id: Generated<number>;
  team_id: string;
  job_kind: string;
  ref_id: string;
  /** JSON `Recurrence`. */
  recurrence: string;
  time_zone: string;
  start_at: string | null;
  end_at: string | null;
  grace_ms: number;
  /** 0/1: skip the team's non-work days and holidays. */
  use_team_calendar: number;
  /** JSON object handed back to the job. */
  payload: string;
  label: string;
  /** Occurrences with `dueAt <= cursor_at` have been handled (run, or recorded as skipped). */
  cursor_at: string;
  /** The first occurrence after `cursor_at` (ISO instant), or null when the schedule has ended. */
  next_due_at: string | null;
  next_local_due: string | null;
  created_at: string;
  updated_at: string;
}
export type ScheduleRow = Selectable<ScheduleTable>;

/** Row shape of `schedule_runs`: one occurrence, claimed before it runs. */
export interface ScheduleRunTable {
  id: Generated<number>;
  team_id: string;
  schedule_id: number;
  local_due: string;
  due_at: string;
  /** running | done | failed | skipped */
  state: string;
  reason: string | null;
  error: string | null;
  claimed_at: string;
  finished_at: string | null;
  /** The replica running it (while `running`) and until when its claim holds unless renewed. */
  claimed_by: string | null;
  lease_until: string | null;
}
export type ScheduleRunRow = Selectable<ScheduleRunTable>;
