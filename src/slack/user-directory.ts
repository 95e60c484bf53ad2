/**
 * People from Slack's Web API (scope users:read): `createSlackPeopleSource` (`users.info`,
 * `users.list` pages) feeds the stored directory (`services/people-directory.service.ts`);
 * `parseSlackUser` reads the user object of `user_change` / `team_join` events.
 * `createSlackUserDirectory` is the plain `users.info` directory, cached in memory for a few
 * minutes (tests of services that need only `get`).
 */
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import type { Clock } from "../lib/clock.js";
import type { PeopleSource, Person, UserDirectory } from "../services/user-directory.ports.js";
import { slackErrorCode } from "./api-errors.js";
import type { WorkspaceClients } from "./workspace-clients.js";

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
  profile?: { display_name?: string; real_name?: string } & AvatarFields;
}

/** The profile's avatar sizes Slack sends; 72 px is what a message's author icon shows. */
interface AvatarFields {
  image_72?: string;
  image_48?: string;
  image_192?: string;
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

/** `users.list` pages of 200 (Slack's advice; a page may hold fewer). */
const PAGE_SIZE = 200;

/** People of each workspace, asked with that workspace's token. */
export function createSlackPeopleSource(clients: WorkspaceClients): PeopleSource {
  return {
    async info(teamId, userId) {
      const client = await clients.clientFor(teamId);
      try {
        const res = await client.users.info({ user: userId });
        const u = res.user as SlackUser | undefined;
        return u?.id ? toPerson(u) : null;
      } catch (error) {
        if (slackErrorCode(error) === "user_not_found") return null;
        throw error;
      }
    },
    async listPage(teamId, cursor) {
      const client = await clients.clientFor(teamId);
      // team_id: an org-wide (Grid) token lists the whole org unless told which workspace.
      const res = await client.users.list({
        limit: PAGE_SIZE,
        team_id: teamId,
        ...(cursor ? { cursor } : {}),
      });
      const people = ((res.members ?? []) as SlackUser[]).filter((u) => u.id).map(toPerson);
      return { people, nextCursor: res.response_metadata?.next_cursor || null };
    },
  };
}

const slackUserSchema = z.object({
  id: z.string().regex(/^[UW][A-Z0-9]+$/),
  name: z.string().optional(),
  real_name: z.string().optional(),
  tz: z.string().nullish(),
  is_admin: z.boolean().optional(),
  is_owner: z.boolean().optional(),
  is_bot: z.boolean().optional(),
  deleted: z.boolean().optional(),
  profile: z
    .object({
      display_name: z.string().optional(),
      real_name: z.string().optional(),
      image_72: z.string().optional(),
      image_48: z.string().optional(),
      image_192: z.string().optional(),
    })
    .optional(),
});

/** The `user` of a `user_change` / `team_join` event as a `Person`; null when it isn't one. */
export function parseSlackUser(raw: unknown): Person | null {
  const parsed = slackUserSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { tz, ...rest } = parsed.data;
  return toPerson({ ...rest, ...(tz ? { tz } : {}) });
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
    avatarUrl: avatarOf(u.profile),
  };
}

/** An https avatar URL (72 px, else the nearest size Slack gave); anything else is ignored. */
function avatarOf(profile: AvatarFields | undefined): string | null {
  const url = profile?.image_72 || profile?.image_48 || profile?.image_192;
  return url && /^https:\/\/\S+$/.test(url) && url.length <= 1000 ? url : null;
}
