import { parseRolesArgs } from "../../../slack/parsers/roles-args.js";
import { roleAssignedText, rolesChangedMessage, rolesMessage } from "../../../views/roles.view.js";
import type { ListenerDeps } from "../../deps.js";
import type { SubcommandHandler } from "../subcommand.js";

/** What everyone without a role of their own may do now. */
const DEFAULT_ROLE_SET = {
  viewer:
    "✅ People without a role are now *viewers*: they can read and send requests; only listed people change the backlog.",
  member: "✅ People without a role are now *team members*: anyone can add stories and estimate.",
} as const;

/** Takes people back to the team default role; says who changed (or that nobody had a role). */
async function removeRoles(
  deps: ListenerDeps,
  teamId: string,
  actorId: string,
  userIds: string[],
): Promise<string> {
  const removed: string[] = [];
  for (const userId of userIds) {
    if (await deps.access.removeRole({ teamId, actorId, userId })) removed.push(userId);
  }
  const { defaultRole } = await deps.access.listRoles(teamId);
  return removed.length > 0
    ? `✅ Removed the role of ${removed.map((u) => `<@${u}>`).join(", ")}; they now have the team default (${defaultRole === "member" ? "team member" : "viewer"}).`
    : "Nobody to remove: they had no role of their own.";
}

/**
 * `/scrum roles [po|admin|member|viewer @who… | remove @who… | default member|viewer]`.
 * Listing is open to everyone; changes need `roles.manage` (a refusal is a ForbiddenError,
 * which the global handler turns into an ephemeral message naming who can).
 */
export const roles: SubcommandHandler = async ({ ctx, args, reply, deps }) => {
  const { teamId, userId: actorId } = ctx;
  const parsed = parseRolesArgs(args);
  switch (parsed.kind) {
    case "invalid":
      return reply(rolesChangedMessage(parsed.message));
    case "list": {
      const [listing, viewerRole, canManage] = await Promise.all([
        deps.access.listRoles(teamId),
        deps.access.roleOf(teamId, actorId),
        deps.access.can(teamId, actorId, "roles.manage"),
      ]);
      return reply(rolesMessage({ ...listing, viewerRole, canManage }));
    }
    case "assign":
      for (const userId of parsed.userIds) {
        await deps.access.assignRole({ teamId, actorId, userId, role: parsed.role });
      }
      return reply(rolesChangedMessage(roleAssignedText(parsed.userIds, parsed.role)));
    case "remove":
      return reply(rolesChangedMessage(await removeRoles(deps, teamId, actorId, parsed.userIds)));
    case "default":
      await deps.access.setDefaultRole({ teamId, actorId, role: parsed.role });
      return reply(rolesChangedMessage(DEFAULT_ROLE_SET[parsed.role === "viewer" ? "viewer" : "member"]));
  }
};
