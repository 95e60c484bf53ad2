/**
 * What the workspace lifecycle (uninstall, revocation, purge, resume) needs from storage, over
 * domain types only. Implemented by `src/db/workspace.repository.ts` and `team-data.repository.ts`.
 */

export type WorkspaceStatus = "active" | "uninstalled" | "purged";

export interface WorkspaceState {
  teamId: string;
  status: WorkspaceStatus;
  /** Why it stopped ("app uninstalled", "bot token revoked"); null when active. */
  reason: string | null;
  uninstalledAt: Date | null;
  /** When its data is due for deletion; null when active or already purged. */
  purgeAfter: Date | null;
}

export interface WorkspaceStore {
  /** The workspace's row, or null (never stopped: active). */
  find(teamId: string): Promise<WorkspaceState | null>;
  /**
   * Marks the workspace uninstalled unless it already is (or was purged).
   * @returns true when this call stopped it (a repeated or second event returns false).
   */
  markStopped(teamId: string, reason: string, at: Date, purgeAfter: Date): Promise<boolean>;
  /** Marks it active again. @returns true when it was stopped or purged. */
  markActive(teamId: string, at: Date): Promise<boolean>;
  /** Keeps only the tombstone (status purged, when it was uninstalled): the data is gone. */
  markPurged(teamId: string, at: Date): Promise<void>;
  /** Whether any workspace is stopped and waiting for its purge. */
  anyAwaitingPurge(): Promise<boolean>;
  /** Whether any workspace is stopped (uninstalled or purged). */
  anyStopped(): Promise<boolean>;
  /** Stopped workspaces whose `purgeAfter` is at or before `now`. */
  listDueForPurge(now: Date): Promise<string[]>;
}

/** Rows of one table belonging to a workspace. */
export interface TableRows {
  table: string;
  rows: number;
}

/** Every row a workspace owns, in every table (derived from the schema, not a hand-kept list). */
export interface TeamData {
  /** Rows per table that `erase` would delete (tables with none are left out). */
  count(teamId: string): Promise<TableRows[]>;
  /** Deletes them in one transaction, children before parents. @returns what was deleted per table. */
  erase(teamId: string): Promise<TableRows[]>;
}

/** The outbox side: stop a workspace's pending messages. */
export interface PendingMessages {
  /** Fails every pending row of the team with `reason`. @returns how many. */
  failPending(teamId: string, reason: string, at: Date): Promise<number>;
}
