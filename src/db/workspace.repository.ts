/** `workspaces` over kysely: the status of workspaces that stopped (see the lifecycle service). */
import type { Kysely } from "kysely";
import type {
  WorkspaceState,
  WorkspaceStatus,
  WorkspaceStore,
} from "../services/workspace-lifecycle.ports.js";
import type { Database } from "./database.js";
import type { WorkspaceRow } from "./workspace.table.js";

const date = (s: string | null) => (s === null ? null : new Date(s));

function toState(row: WorkspaceRow): WorkspaceState {
  return {
    teamId: row.team_id,
    status: row.status as WorkspaceStatus,
    reason: row.reason,
    uninstalledAt: date(row.uninstalled_at),
    purgeAfter: date(row.purge_after),
  };
}

export function createWorkspaceStore(db: Kysely<Database>): WorkspaceStore {
  return {
    async find(teamId) {
      const row = await db
        .selectFrom("workspaces")
        .selectAll()
        .where("team_id", "=", teamId)
        .executeTakeFirst();
      return row ? toState(row) : null;
    },

    async markStopped(teamId, reason, at, purgeAfter) {
      const stopped = {
        status: "uninstalled",
        reason,
        uninstalled_at: at.toISOString(),
        purge_after: purgeAfter.toISOString(),
        updated_at: at.toISOString(),
      };
      // One statement: of two events racing (app_uninstalled and tokens_revoked, or a retry on
      // another replica) exactly one changes the row; a purged workspace stays purged.
      const result = await db
        .insertInto("workspaces")
        .values({ team_id: teamId, ...stopped })
        .onConflict((oc) =>
          oc.column("team_id").doUpdateSet(stopped).where("workspaces.status", "=", "active"),
        )
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async markActive(teamId, at) {
      const result = await db
        .updateTable("workspaces")
        .set({
          status: "active",
          reason: null,
          uninstalled_at: null,
          purge_after: null,
          updated_at: at.toISOString(),
        })
        .where("team_id", "=", teamId)
        .where("status", "!=", "active")
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async markPurged(teamId, at) {
      await db
        .updateTable("workspaces")
        .set({ status: "purged", purge_after: null, updated_at: at.toISOString() })
        .where("team_id", "=", teamId)
        .where("status", "=", "uninstalled")
        .execute();
    },

    async anyAwaitingPurge() {
      const row = await db
        .selectFrom("workspaces")
        .select("team_id")
        .where("status", "=", "uninstalled")
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },

    async anyStopped() {
      const row = await db
        .selectFrom("workspaces")
        .select("team_id")
        .where("status", "!=", "active")
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },

    async listDueForPurge(now) {
      const rows = await db
        .selectFrom("workspaces")
        .select("team_id")
        .where("status", "=", "uninstalled")
        .where("purge_after", "<=", now.toISOString())
        .orderBy("purge_after")
        .execute();
      return rows.map((r) => r.team_id);
    },
  };
}
