import type { Selectable } from "kysely";

/** Row shape of `workspaces`: a workspace that stopped (or came back); no row means active. */
export interface WorkspaceTable {
  team_id: string;
  /** active | uninstalled | purged */
  status: string;
  /** Why it stopped, e.g. "app uninstalled", "bot token revoked". */
  reason: string | null;
  uninstalled_at: string | null;
  /** ISO instant after which the daily job deletes the workspace's data. */
  purge_after: string | null;
  updated_at: string;
}
export type WorkspaceRow = Selectable<WorkspaceTable>;
