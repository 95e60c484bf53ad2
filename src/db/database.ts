/** The kysely schema: one entry per table. Add a `*.table.ts` per new table. */
import type { BacklogEventTable } from "./backlog-event.table.js";
import type { RequestTable } from "./request.table.js";
import type { StoryTable } from "./story.table.js";
import type { TeamRoleTable } from "./team-role.table.js";

export interface Database {
  stories: StoryTable;
  backlog_events: BacklogEventTable;
  team_roles: TeamRoleTable;
  requests: RequestTable;
}
