import type { Selectable } from "kysely";

/** Row shape of `people`: one person of one workspace as Slack last described them. */
export interface PersonTable {
  team_id: string;
  user_id: string;
  name: string;
  time_zone: string | null;
  is_admin: number;
  is_owner: number;
  is_bot: number;
  deleted: number;
  /** JSON array of workspace ids this person administers. */
  admin_teams: string;
  /** Slack's 72 px avatar URL, or null. */
  avatar_url: string | null;
  updated_at: string;
}
export type PersonRow = Selectable<PersonTable>;

/** Row shape of `people_syncs`: when a team's directory was last filled from `users.list`. */
export interface PeopleSyncTable {
  team_id: string;
  synced_at: string;
}

/** Row shape of `people_sweeps`: the replica filling a team's directory now, and until when. */
export interface PeopleSweepTable {
  team_id: string;
  claimed_by: string;
  lease_until: string;
}
