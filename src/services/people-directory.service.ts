/**
 * The people directory (a `PeopleDirectory` over a `PeopleStore` and a `PeopleSource`).
 *
 * Why: `users.info` is Tier 4 (~100 calls a minute). Asking it per participant made a 300-person
 * standup take minutes to create and every prompt time pay one call per person. Instead a team's
 * people are read from `users.list` in pages of 200 (1,000 people = 5 calls) into the database,
 * kept current by `user_change` / `team_join` events (`remember`), and Slack is asked per person
 * only about someone the directory does not know (a guest added since the last sweep).
 *
 * Freshness: events keep the directory current while the app runs; a team's directory older than
 * `maxAgeMs` (default 1 h: covers events missed while the app was down) is swept again from
 * `users.list` by the first reader. `getMany` (bulk work after the ack: setup, prompt jobs) waits
 * for that one sweep; `get` of someone stored answers at once and lets it run in the background.
 * A sweep that fails is not retried for `retryAfterMs` (default 1 min); readers use what is stored.
 *
 * One sweep across replicas: the sweeping replica holds the team's lease in the database
 * (`claimSweep`, renewed after each page, `SWEEP_LEASE_MS`); a replica that finds the directory
 * stale while another sweeps waits for that sweep (looking every `sweepPollMs`) instead of asking
 * `users.list` (Tier 2) for the same pages again. A lease that ends (its replica died mid-sweep)
 * is taken over by the next reader.
 *
 * The freshness check itself is remembered per process: once a team's directory is known to have
 * been swept at T (read from `people_syncs`, or this process's own sweep), the team needs no
 * check until T + `maxAgeMs`, so a request path doesn't pay a `people_syncs` round trip each
 * time. Safe with several replicas: the stored time only ever moves forward (another replica's
 * sweep makes the directory fresher, never staler), and the people themselves are always read
 * from the database.
 *
 * `get` (the request path: every command, click and submission asks whether its person is a
 * workspace admin) answers from this process's memory for `PERSON_CACHE_TTL_MS` (60 s) after it
 * read or wrote the person, then reads the database again. Whatever this process stores (a sweep,
 * a `users.info`, a `user_change` it received) is written through at once; a change another
 * replica stored shows here within 60 s (as with the standup member cache). One process on SQLite
 * stores every change itself, so it is never stale there.
 */
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Clock } from "../lib/clock.js";
import type { Logger } from "../lib/logger.js";
import type {
  PeopleDirectory,
  PeopleSource,
  PeopleStore,
  Person,
  PersonChange,
} from "./user-directory.ports.js";

export interface PeopleDirectoryDeps {
  store: PeopleStore;
  source: PeopleSource;
  clock: Clock;
  logger: Logger;
  maxAgeMs?: number;
  retryAfterMs?: number;
  /** How often a replica waiting for another replica's sweep looks again (real ms; default 500). */
  sweepPollMs?: number;
}

/** How long a sweep's lease holds without renewal; renewed after each `users.list` page. */
export const SWEEP_LEASE_MS = 2 * 60_000;

/** This replica's sweep lost its lease to another one (it ran out): that one finishes the sweep. */
class SweepTakenOver extends Error {}

/** How long `get` answers a person from memory before reading the database again (see above). */
export const PERSON_CACHE_TTL_MS = 60_000;
/** People `get` keeps in memory at most (the oldest entry makes room). */
const PERSON_CACHE_MAX = 20_000;

/** How long "Slack doesn't know this id" is remembered, so a stale id costs one call per 10 minutes. */
const UNKNOWN_TTL_MS = 10 * 60 * 1000;

export function createPeopleDirectory(deps: PeopleDirectoryDeps): PeopleDirectory {
  const { store, source, clock, logger } = deps;
  const maxAge = deps.maxAgeMs ?? 60 * 60 * 1000;
  const retryAfter = deps.retryAfterMs ?? 60 * 1000;
  const pollMs = deps.sweepPollMs ?? 500;
  const claimant = `people-directory:${randomUUID()}`;
  const sweeps = new Map<string, Promise<void>>();
  const failedAt = new Map<string, number>();
  const unknown = new Map<string, number>();
  /** Per team: until when (clock ms) the directory is known fresh, so no `syncedAt` read is needed. */
  const freshUntil = new Map<string, number>();
  /** `get`'s answers by `team:user`, with when they were read or written (clock ms). */
  const people = new Map<string, { person: Person; at: number }>();

  function cache(teamId: string, person: Person): void {
    const key = `${teamId}:${person.id}`;
    people.delete(key); // re-inserted last: the map's order is the eviction order
    people.set(key, { person, at: clock.now().getTime() });
    if (people.size > PERSON_CACHE_MAX) {
      const oldest = people.keys().next().value;
      if (oldest !== undefined) people.delete(oldest);
    }
  }
  const listeners: ((change: PersonChange) => Promise<void>)[] = [];

  /** Sweeps the team from `users.list`; resolves with the time the sweep started (its `synced_at`). */
  async function sweep(teamId: string): Promise<Date> {
    const at = clock.now();
    let cursor: string | null = null;
    do {
      const page: { people: Person[]; nextCursor: string | null } = await source.listPage(teamId, cursor);
      await store.save(teamId, page.people, at);
      for (const p of page.people) if (people.has(`${teamId}:${p.id}`)) cache(teamId, p);
      cursor = page.nextCursor;
      if (cursor && !(await store.claimSweep(teamId, claimant, clock.now(), SWEEP_LEASE_MS))) {
        throw new SweepTakenOver();
      }
    } while (cursor);
    await store.markSynced(teamId, at);
    return at;
  }

  /** When the team's stored directory is fresh, its sweep time; else null. */
  async function freshSince(teamId: string): Promise<Date | null> {
    const synced = await store.syncedAt(teamId);
    return synced && clock.now().getTime() - synced.getTime() < maxAge ? synced : null;
  }

  /** One sweep across replicas: this one sweeps when it gets the lease, else waits for the holder's. */
  async function sweepOnce(teamId: string): Promise<Date> {
    for (;;) {
      if (await store.claimSweep(teamId, claimant, clock.now(), SWEEP_LEASE_MS)) {
        try {
          // Another replica may have finished its sweep between our look and this claim.
          return (await freshSince(teamId)) ?? (await sweep(teamId));
        } catch (error) {
          if (!(error instanceof SweepTakenOver)) throw error;
        } finally {
          await store.releaseSweep(teamId, claimant);
        }
      }
      // Unref'd: a replica shutting down while it waits for another's sweep is not kept alive by it.
      await sleep(pollMs, undefined, { ref: false });
      const done = await freshSince(teamId);
      if (done) return done;
    }
  }

  /** Sweeps the team when its directory is missing or too old; one sweep at a time per team. */
  async function ensureFresh(teamId: string): Promise<void> {
    const running = sweeps.get(teamId);
    if (running) return running;
    const now = clock.now().getTime();
    if (now < (freshUntil.get(teamId) ?? 0)) return;
    const synced = await store.syncedAt(teamId);
    if (synced && now - synced.getTime() < maxAge) {
      freshUntil.set(teamId, synced.getTime() + maxAge);
      return;
    }
    const failed = failedAt.get(teamId);
    if (failed !== undefined && now - failed < retryAfter) return;
    const again = sweeps.get(teamId); // another reader may have started one while we read
    if (again) return again;
    const run = sweepOnce(teamId)
      .then((at) => {
        freshUntil.set(teamId, at.getTime() + maxAge);
        failedAt.delete(teamId);
        unknown.clear();
      })
      .catch((error: unknown) => {
        failedAt.set(teamId, clock.now().getTime());
        logger.warn("people directory: users.list sweep failed; using what is stored", { teamId, error });
      })
      .finally(() => sweeps.delete(teamId));
    sweeps.set(teamId, run);
    return run;
  }

  /** Someone the directory doesn't know: one `users.info`, stored for everyone after. */
  async function lookUp(teamId: string, userId: string): Promise<Person | null> {
    const key = `${teamId}:${userId}`;
    const missAt = unknown.get(key);
    if (missAt !== undefined && clock.now().getTime() - missAt < UNKNOWN_TTL_MS) return null;
    const person = await source.info(teamId, userId);
    if (person) {
      await store.save(teamId, [person], clock.now());
      cache(teamId, person);
    } else unknown.set(key, clock.now().getTime());
    return person;
  }

  async function getMany(teamId: string, userIds: readonly string[]): Promise<Map<string, Person | null>> {
    await ensureFresh(teamId);
    const found = new Map((await store.find(teamId, userIds)).map((p) => [p.id, p]));
    const out = new Map<string, Person | null>();
    for (const id of userIds) out.set(id, found.get(id) ?? (await lookUp(teamId, id)));
    return out;
  }

  /**
   * One person, for request paths (a modal must open within the trigger's 3 s): what is stored,
   * even when the directory is due for a sweep (that one then runs in the background).
   */
  async function get(teamId: string, userId: string): Promise<Person | null> {
    const hit = people.get(`${teamId}:${userId}`);
    if (hit && clock.now().getTime() - hit.at < PERSON_CACHE_TTL_MS) {
      void ensureFresh(teamId); // logs its own failure
      return hit.person;
    }
    // Read first, then start the sweep: on a pooled database (PostgreSQL) a sweep started first
    // could commit before this read got a connection, making the answer depend on that race.
    const [stored] = await store.find(teamId, [userId]);
    // Someone the directory lacks: check the stored sweep time again (the team's data may have
    // been purged since this process remembered it fresh).
    if (stored) cache(teamId, stored);
    else freshUntil.delete(teamId);
    void ensureFresh(teamId); // logs its own failure
    // Someone new (or the very first request of a team): one users.info rather than waiting for a
    // sweep of the whole workspace (5 calls for 1,000 people, 50 for 10,000).
    return stored ?? (await lookUp(teamId, userId));
  }

  return {
    get,
    getMany,
    async isWorkspaceAdmin(teamId, userId) {
      const p = await get(teamId, userId);
      // Only in their own workspace (or every workspace of a Grid org they administer).
      return Boolean(p && (p.isAdmin || p.isOwner) && p.adminTeams.includes(teamId));
    },
    async remember(teamId, person) {
      const [before] = await store.find(teamId, [person.id]);
      await store.save(teamId, [person], clock.now());
      cache(teamId, person);
      unknown.delete(`${teamId}:${person.id}`);
      const change: PersonChange = { teamId, before: before ?? null, after: person };
      for (const listener of listeners) {
        try {
          await listener(change);
        } catch (error) {
          logger.error("people directory: a change listener failed", { teamId, userId: person.id, error });
        }
      }
    },
    onChange(listener) {
      listeners.push(listener);
    },
  };
}
