/**
 * `UserDirectory` over the Web API (`users.info`, scope users:read). Cached for a few
 * minutes so a burst (a standup fanning out to 50 people) costs one call per person,
 * while a changed time zone is still picked up the same day.
 */
import type { WebClient } from "@slack/web-api";
import type { Clock } from "../lib/clock.js";
import type { Person, UserDirectory } from "../services/user-directory.ports.js";
import { slackErrorCode } from "./api-errors.js";

interface SlackUser {
  id?: string;
  name?: string;
  real_name?: string;
  tz?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  is_bot?: boolean;
  deleted?: boolean;
  team_id?: string;
  enterprise_user?: { teams?: string[]; is_admin?: boolean; is_owner?: boolean };
  profile?: { display_name?: string; real_name?: string };
}

export function createSlackUserDirectory(deps: {
  client: WebClient;
  clock: Clock;
  ttlMs?: number;
}): UserDirectory {
  const ttl = deps.ttlMs ?? 10 * 60 * 1000;
  const cache = new Map<string, { at: number; person: Person | null }>();

  async function get(teamId: string, userId: string): Promise<Person | null> {
    const key = `${teamId}:${userId}`;
    const now = deps.clock.now().getTime();
    const hit = cache.get(key);
    if (hit && now - hit.at < ttl) return hit.person;
    let person: Person | null = null;
    try {
      const res = await deps.client.users.info({ user: userId });
      const u = res.user as SlackUser | undefined;
      if (u?.id) person = toPerson(u);
    } catch (error) {
      if (slackErrorCode(error) !== "user_not_found") throw error;
    }
    cache.set(key, { at: now, person });
    return person;
  }

  return {
    get,
    async isWorkspaceAdmin(teamId, userId) {
      const p = await get(teamId, userId);
      return Boolean(p && (p.isAdmin || p.isOwner) && p.adminTeams.includes(teamId));
    },
  };
}

function toPerson(u: SlackUser): Person {
  const org = u.enterprise_user;
  const orgAdmin = Boolean(org?.is_admin || org?.is_owner);
  return {
    id: u.id ?? "",
    name: u.profile?.display_name || u.real_name || u.name || u.id || "someone",
    timeZone: u.tz ?? null,
    isAdmin: Boolean(u.is_admin) || orgAdmin,
    isOwner: Boolean(u.is_owner),
    isBot: Boolean(u.is_bot) || u.id === "USLACKBOT",
    deleted: Boolean(u.deleted),
    adminTeams: [...(u.team_id ? [u.team_id] : []), ...(orgAdmin ? (org?.teams ?? []) : [])],
  };
}
