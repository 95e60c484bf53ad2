/**
 * Standup members (name, zone, problem reaching them) by standup, cached: every answer needs zones
 * and names, and reading (and mapping) 1,000 rows per answer dominated a burst. Member rows are
 * only written through here (`save` writes through, `refresh` drops the entry); a changed standup
 * (participants) has a new updatedAt, so it is never served stale.
 *
 * Several replicas: another replica's `save` (a person's new zone or name, after a `user_change`
 * event it got) isn't seen here until the entry is older than `MEMBER_CACHE_TTL_MS` (60 s): names
 * and zones in a report or a close time may be that stale, never more. Schedules themselves are
 * moved in the database at once.
 */
import { type Standup, zoneFor } from "../../domain/standup/index.js";
import type { StandupMember } from "../standup.ports.js";
import type { Person } from "../user-directory.ports.js";
import { problemOf, type StandupContext } from "./context.js";

export type Members = ReadonlyMap<string, StandupMember>;

export interface MemberCache {
  /** Members by user id, with a row for every participant (name = id until Slack was asked). */
  of(standup: Standup): Promise<Members>;
  save(standup: Standup, member: StandupMember, at: Date): Promise<void>;
  /** Looks people up in the directory and stores their name, zone and any problem reaching them. */
  refresh(standup: Standup): Promise<void>;
}

/** Every participant's zone (the standup's own zone when nobody is left). */
export function zonesOf(standup: Standup, members: Members): string[] {
  const zones = standup.participants.map((u) => zoneFor(standup, members.get(u)?.timeZone));
  return zones.length ? zones : [zoneFor(standup, null)];
}

/** How long a replica serves members without reading them again (see the module comment). */
export const MEMBER_CACHE_TTL_MS = 60_000;

export function createMemberCache(ctx: StandupContext): MemberCache {
  const { repo, uow, users, clock, logger } = ctx;
  const cache = new Map<
    number,
    { updatedAt: number; loadedAt: number; members: Map<string, StandupMember> }
  >();

  async function of(standup: Standup): Promise<Members> {
    const cached = cache.get(standup.id);
    const now = clock.now().getTime();
    if (
      cached &&
      cached.updatedAt === standup.updatedAt.getTime() &&
      now - cached.loadedAt < MEMBER_CACHE_TTL_MS
    )
      return cached.members;
    const rows = await repo.members(standup.teamId, standup.id);
    const members = new Map(rows.map((m) => [m.userId, m]));
    for (const userId of standup.participants) {
      if (!members.has(userId)) members.set(userId, { userId, name: userId, timeZone: null, problem: null });
    }
    cache.set(standup.id, { updatedAt: standup.updatedAt.getTime(), loadedAt: now, members });
    return members;
  }

  async function save(standup: Standup, member: StandupMember, at: Date): Promise<void> {
    await repo.upsertMember(standup.teamId, standup.id, member, at);
    const cached = cache.get(standup.id);
    if (cached && cached.updatedAt === standup.updatedAt.getTime()) cached.members.set(member.userId, member);
    else cache.delete(standup.id);
  }

  /** One directory read for everyone; per person (so one failure stays one) only if that fails. */
  async function lookUp(standup: Standup): Promise<Map<string, Person | null | "failed">> {
    try {
      return await users.getMany(standup.teamId, standup.participants);
    } catch (error) {
      logger.warn("standup: could not look the participants up at once; one by one", { error });
    }
    const out = new Map<string, Person | null | "failed">();
    for (const userId of standup.participants) {
      try {
        out.set(userId, await users.get(standup.teamId, userId));
      } catch (error) {
        logger.warn("standup: could not look a participant up", { userId, error });
        out.set(userId, "failed");
      }
    }
    return out;
  }

  async function refresh(standup: Standup): Promise<void> {
    const at = clock.now();
    const people = await lookUp(standup);
    const before = new Map((await repo.members(standup.teamId, standup.id)).map((m) => [m.userId, m]));
    const changed: StandupMember[] = [];
    for (const userId of standup.participants) {
      const person = people.get(userId) ?? null;
      const member: StandupMember =
        person === "failed"
          ? { userId, name: userId, timeZone: null, problem: null }
          : {
              userId,
              name: person?.name ?? userId,
              timeZone: person?.timeZone ?? null,
              problem: problemOf(person),
            };
      const old = before.get(userId);
      if (person === "failed" && old) continue; // keep what we knew
      // Only changed rows are written: editing a 1,000-person standup rewrites nobody unchanged.
      if (old?.name === member.name && old.timeZone === member.timeZone && old.problem === member.problem)
        continue;
      changed.push(member);
    }
    // One transaction for all changed rows (a new 1,000-person standup: one commit, not 1,000).
    await uow.run(async (r) => {
      for (const member of changed) await r.upsertMember(standup.teamId, standup.id, member, at);
    });
    await repo.pruneMembers(standup.teamId, standup.id, standup.participants);
    cache.delete(standup.id);
  }

  return { of, save, refresh };
}
