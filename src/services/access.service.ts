/**
 * Roles per team (issue 5 "Roles"): who may reorder, edit, triage, set goals, estimate. The
 * rules are the table in `domain/permissions.ts` (action → permission → roles, rendered into
 * docs/permissions.md); this service looks up a person's role and answers from it.
 *
 * - Product owners and admins: everything on the backlog (reorder, edit any story, archive,
 *   triage, goals) plus sprints and ceremonies. Only admins manage roles.
 * - Team members: create and edit their stories, estimate, run sprints and ceremonies (the
 *   scrum master is a team member).
 * - Viewers (stakeholders): read and send requests.
 * - Slack workspace admins and owners are always admins, so a team can never lock itself out.
 * - People without an explicit role get the team's default role: `member` until an admin runs
 *   `/scrum roles default viewer` (then only listed people can change the backlog).
 */

import {
  type Action,
  GRANTS,
  joinWords,
  type Permission,
  refusalHead,
  rolesFor,
} from "../domain/permissions.js";
import type { Clock } from "../lib/clock.js";
import { ForbiddenError, ValidationError } from "../lib/errors.js";
import { type AccessControl, TEAM_ROLES, type TeamRole } from "./access.ports.js";
import type { UserDirectory } from "./user-directory.ports.js";

export interface RoleAssignment {
  userId: string;
  role: TeamRole;
  assignedBy: string;
  assignedAt: Date;
}

/** Stored role assignments. `DEFAULT_ROLE_KEY` as the user id holds the team's default role. */
export interface RoleRepository {
  /** The explicit role of `userId` and the team default, in one read. */
  lookup(teamId: string, userId: string): Promise<{ role: TeamRole | null; defaultRole: TeamRole | null }>;
  /** Every explicit assignment (not the default), ordered by role then user. */
  list(teamId: string): Promise<RoleAssignment[]>;
  /** Users holding one of `roles`, at most `limit`, oldest assignment first. */
  holders(teamId: string, roles: readonly TeamRole[], limit: number): Promise<string[]>;
  set(input: { teamId: string; userId: string; role: TeamRole; by: string; at: Date }): Promise<void>;
  /** True when a row was removed. */
  remove(teamId: string, userId: string): Promise<boolean>;
}

export const DEFAULT_ROLE_KEY = "*";
/** Role of people without an assignment while the team hasn't chosen a default. */
export const BUILT_IN_DEFAULT_ROLE: TeamRole = "member";

/** The table lives in the domain; re-exported for the views and tests that read it here. */
export { GRANTS, ROLE_LABELS } from "../domain/permissions.js";

/** Parses "po", "product_owner", "product owner", "admin", "member", "viewer", "stakeholder". */
export function parseRole(text: string): TeamRole | null {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
  const aliases: Record<string, TeamRole> = {
    po: "product_owner",
    product_owner: "product_owner",
    owner: "product_owner",
    admin: "admin",
    member: "member",
    team_member: "member",
    dev: "member",
    developer: "member",
    viewer: "viewer",
    stakeholder: "viewer",
    read_only: "viewer",
  };
  return aliases[t] ?? null;
}

export function isTeamRole(value: string): value is TeamRole {
  return (TEAM_ROLES as readonly string[]).includes(value);
}

export interface AccessService extends AccessControl {
  /** Explicit assignments and the team default. Anyone may read them. */
  listRoles(teamId: string): Promise<{ assignments: RoleAssignment[]; defaultRole: TeamRole }>;
  /** Gives `userId` a role. Requires `roles.manage`. */
  assignRole(input: { teamId: string; actorId: string; userId: string; role: TeamRole }): Promise<void>;
  /** Removes an explicit role (the person falls back to the default). Requires `roles.manage`. */
  removeRole(input: { teamId: string; actorId: string; userId: string }): Promise<boolean>;
  /** Role for everyone not listed: `member` (open team) or `viewer`. Requires `roles.manage`. */
  setDefaultRole(input: { teamId: string; actorId: string; role: TeamRole }): Promise<void>;
  /** The refusal `require` would throw, for a listener that answers with something else too. */
  refusal(teamId: string, action: Action): Promise<string>;
  /** Explicit holders of roles granting `permission` (e.g. the POs to notify of a new request). */
  holdersOf(teamId: string, permission: Permission, limit?: number): Promise<string[]>;
}

export function createAccessService(deps: {
  roles: RoleRepository;
  users: UserDirectory;
  clock: Clock;
}): AccessService {
  const { roles, users, clock } = deps;

  async function roleOf(teamId: string, userId: string): Promise<TeamRole> {
    const { role, defaultRole } = await roles.lookup(teamId, userId);
    // Admin and PO already hold every backlog permission but roles.manage; only ask Slack
    // (users.info, cached) when the stored role could be raised by workspace admin rights.
    if (role === "admin") return "admin";
    if (await users.isWorkspaceAdmin(teamId, userId)) return "admin";
    return role ?? defaultRole ?? BUILT_IN_DEFAULT_ROLE;
  }

  async function can(teamId: string, userId: string, action: Action): Promise<boolean> {
    const granted = rolesFor(action);
    const { role, defaultRole } = await roles.lookup(teamId, userId);
    // Admins may do everything (GRANTS), so when the stored role already allows the action, being a
    // workspace admin changes nothing: no directory lookup, which for someone new is a users.info
    // call on the way to `/story`'s modal (its trigger dies 3 s after the command).
    if (granted.includes(role ?? defaultRole ?? BUILT_IN_DEFAULT_ROLE)) return true;
    return granted.includes("admin") && (await users.isWorkspaceAdmin(teamId, userId));
  }

  async function require(teamId: string, userId: string, action: Action): Promise<void> {
    if (await can(teamId, userId, action)) return;
    throw new ForbiddenError(await refusal(teamId, action));
  }

  /** "Only product owners and admins can reorder the backlog: ask <@U1> or <@U2>." */
  async function refusal(teamId: string, action: Action): Promise<string> {
    const granted = rolesFor(action);
    // Ask the people closest to the decision first: POs before admins before members.
    const askable = granted.filter((r) => r !== "member");
    const holders = await roles.holders(teamId, askable.length > 0 ? askable : granted, 3);
    const ask =
      holders.length > 0
        ? `ask ${joinWords(
            holders.map((u) => `<@${u}>`),
            "or",
          )}${action === "roles.manage" ? " or a workspace admin" : ""}`
        : "ask a workspace admin to give you a role with `/scrum roles`";
    return `${refusalHead(action)}: ${ask}.`;
  }

  return {
    roleOf,
    can,
    require,
    refusal,

    async listRoles(teamId) {
      const [assignments, { defaultRole }] = await Promise.all([
        roles.list(teamId),
        roles.lookup(teamId, DEFAULT_ROLE_KEY),
      ]);
      return { assignments, defaultRole: defaultRole ?? BUILT_IN_DEFAULT_ROLE };
    },

    async assignRole({ teamId, actorId, userId, role }) {
      await require(teamId, actorId, "roles.manage");
      if (!/^[UW][A-Z0-9]+$/.test(userId)) {
        throw new ValidationError({ user: "Mention the person, e.g. `/scrum roles po @maria`." });
      }
      await roles.set({ teamId, userId, role, by: actorId, at: clock.now() });
    },

    async removeRole({ teamId, actorId, userId }) {
      await require(teamId, actorId, "roles.manage");
      return roles.remove(teamId, userId);
    },

    async setDefaultRole({ teamId, actorId, role }) {
      await require(teamId, actorId, "roles.manage");
      if (role !== "member" && role !== "viewer") {
        throw new ValidationError({
          role: "The default role can be `member` (everyone may add stories) or `viewer` (only listed people may).",
        });
      }
      await roles.set({ teamId, userId: DEFAULT_ROLE_KEY, role, by: actorId, at: clock.now() });
    },

    holdersOf(teamId, permission, limit = 20) {
      return roles.holders(teamId, GRANTS[permission], limit);
    },
  };
}
