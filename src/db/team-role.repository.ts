/** Role assignments in SQLite (`team_roles`), scoped by `team_id`. */
import type { Kysely } from "kysely";
import type { TeamRole } from "../services/access.ports.js";
import { DEFAULT_ROLE_KEY, isTeamRole, type RoleRepository } from "../services/access.service.js";
import type { Database } from "./database.js";

const ROLE_ORDER: Record<TeamRole, number> = { admin: 0, product_owner: 1, member: 2, viewer: 3 };

export function createTeamRoleRepository(db: Kysely<Database>): RoleRepository {
  return {
    async lookup(teamId, userId) {
      const rows = await db
        .selectFrom("team_roles")
        .select(["user_id", "role"])
        .where("team_id", "=", teamId)
        .where("user_id", "in", [userId, DEFAULT_ROLE_KEY])
        .execute();
      const roleFor = (id: string) => {
        const r = rows.find((row) => row.user_id === id)?.role;
        return r !== undefined && isTeamRole(r) ? r : null;
      };
      return {
        role: userId === DEFAULT_ROLE_KEY ? null : roleFor(userId),
        defaultRole: roleFor(DEFAULT_ROLE_KEY),
      };
    },

    async list(teamId) {
      const rows = await db
        .selectFrom("team_roles")
        .selectAll()
        .where("team_id", "=", teamId)
        .where("user_id", "!=", DEFAULT_ROLE_KEY)
        .execute();
      return rows
        .filter((r) => isTeamRole(r.role))
        .map((r) => ({
          userId: r.user_id,
          role: r.role as TeamRole,
          assignedBy: r.assigned_by,
          assignedAt: new Date(r.assigned_at),
        }))
        .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.userId.localeCompare(b.userId));
    },

    async holders(teamId, roles, limit) {
      if (roles.length === 0) return [];
      const rows = await db
        .selectFrom("team_roles")
        .select("user_id")
        .where("team_id", "=", teamId)
        .where("user_id", "!=", DEFAULT_ROLE_KEY)
        .where("role", "in", [...roles])
        .orderBy("assigned_at")
        .orderBy("user_id")
        .limit(limit)
        .execute();
      return rows.map((r) => r.user_id);
    },

    async set({ teamId, userId, role, by, at }) {
      await db
        .insertInto("team_roles")
        .values({ team_id: teamId, user_id: userId, role, assigned_by: by, assigned_at: at.toISOString() })
        .onConflict((oc) =>
          oc
            .columns(["team_id", "user_id"])
            .doUpdateSet({ role, assigned_by: by, assigned_at: at.toISOString() }),
        )
        .execute();
    },

    async remove(teamId, userId) {
      const r = await db
        .deleteFrom("team_roles")
        .where("team_id", "=", teamId)
        .where("user_id", "=", userId)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
