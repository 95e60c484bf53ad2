/** Test setup: give someone a scrumbot role directly in the database (as `/scrum roles` would). */
import type { Kysely } from "kysely";
import type { Database } from "../../src/db/database.js";
import type { TeamRole } from "../../src/services/access.ports.js";
import { TEST_TEAM_ID } from "./app-harness.js";

export async function grantRole(
  db: Kysely<Database>,
  userId: string,
  role: TeamRole,
  assignedBy = "U0ADMIN",
  teamId = TEST_TEAM_ID,
): Promise<void> {
  await db
    .insertInto("team_roles")
    .values({
      team_id: teamId,
      user_id: userId,
      role,
      assigned_by: assignedBy,
      assigned_at: "2026-11-01T00:00:00Z",
    })
    .execute();
}
