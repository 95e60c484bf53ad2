import type { Generated, Selectable } from "kysely";

/** Row shape of `team_calendars`: a team's work week. */
export interface TeamCalendarTable {
  team_id: string;
  /** JSON array of weekdays (0 = Sunday … 6 = Saturday). */
  work_days: string;
  updated_at: string;
}

/** Row shape of `team_holidays`: local dates (team zone) nobody works. */
export interface TeamHolidayTable {
  team_id: string;
  date: string;
  name: string;
}

/** Row shape of `person_away`: PTO, both ends inclusive, local dates in the person's zone. */
export interface PersonAwayTable {
  id: Generated<number>;
  team_id: string;
  user_id: string;
  from_date: string;
  to_date: string;
  note: string;
  created_at: string;
}
export type PersonAwayRow = Selectable<PersonAwayTable>;
