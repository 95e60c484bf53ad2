import type { Selectable } from "kysely";

/** Row shape of `team_roles`; `user_id = '*'` is the team's default role. */
export interface TeamRoleTable {
  team_id: string;
  user_id: string;
  role: string;
  assigned_by: string;
  assigned_at: string;
}
export type TeamRoleRow = Selectable<TeamRoleTable>;
