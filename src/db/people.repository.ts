/** The people directory (`people`, `people_syncs`, `people_sweeps`), scoped by `team_id`. */
import type { Kysely } from "kysely";
import type { PeopleStore, Person } from "../services/user-directory.ports.js";
import type { Database } from "./database.js";
import { runTransaction } from "./dialect.js";
import type { PersonRow } from "./people.table.js";

/** SQLite binds at most 32,766 variables; 500 ids a query keeps far below any limit. */
const CHUNK = 500;

export function createPeopleRepository(db: Kysely<Database>): PeopleStore {
  return {
    async find(teamId, userIds) {
      const out: Person[] = [];
      for (let i = 0; i < userIds.length; i += CHUNK) {
        const rows = await db
          .selectFrom("people")
          .selectAll()
          .where("team_id", "=", teamId)
          .where("user_id", "in", userIds.slice(i, i + CHUNK))
          .execute();
        out.push(...rows.map(toPerson));
      }
      return out;
    },

    async save(teamId, people, at) {
      if (!people.length) return;
      const updatedAt = at.toISOString();
      await runTransaction(db, async (trx) => {
        for (let i = 0; i < people.length; i += 100) {
          const rows = people.slice(i, i + 100).map((p) => ({
            team_id: teamId,
            user_id: p.id,
            name: p.name,
            time_zone: p.timeZone,
            is_admin: p.isAdmin ? 1 : 0,
            is_owner: p.isOwner ? 1 : 0,
            is_bot: p.isBot ? 1 : 0,
            deleted: p.deleted ? 1 : 0,
            admin_teams: JSON.stringify(p.adminTeams),
            avatar_url: p.avatarUrl,
            updated_at: updatedAt,
          }));
          await trx
            .insertInto("people")
            .values(rows)
            .onConflict((oc) =>
              oc.columns(["team_id", "user_id"]).doUpdateSet((eb) => ({
                name: eb.ref("excluded.name"),
                time_zone: eb.ref("excluded.time_zone"),
                is_admin: eb.ref("excluded.is_admin"),
                is_owner: eb.ref("excluded.is_owner"),
                is_bot: eb.ref("excluded.is_bot"),
                deleted: eb.ref("excluded.deleted"),
                admin_teams: eb.ref("excluded.admin_teams"),
                avatar_url: eb.ref("excluded.avatar_url"),
                updated_at: eb.ref("excluded.updated_at"),
              })),
            )
            .execute();
        }
      });
    },

    async syncedAt(teamId) {
      const row = await db
        .selectFrom("people_syncs")
        .select("synced_at")
        .where("team_id", "=", teamId)
        .executeTakeFirst();
      return row ? new Date(row.synced_at) : null;
    },

    async markSynced(teamId, at) {
      await db
        .insertInto("people_syncs")
        .values({ team_id: teamId, synced_at: at.toISOString() })
        .onConflict((oc) => oc.column("team_id").doUpdateSet({ synced_at: at.toISOString() }))
        .execute();
    },

    async claimSweep(teamId, claimant, at, leaseMs) {
      // One upsert: of replicas claiming together exactly one inserts or takes over (the row lock
      // on PostgreSQL, the write lock on SQLite); the others' conflict update matches nothing.
      const leaseUntil = new Date(at.getTime() + leaseMs).toISOString();
      const row = await db
        .insertInto("people_sweeps")
        .values({ team_id: teamId, claimed_by: claimant, lease_until: leaseUntil })
        .onConflict((oc) =>
          oc
            .column("team_id")
            .doUpdateSet({ claimed_by: claimant, lease_until: leaseUntil })
            .where((eb) =>
              eb.or([
                eb("people_sweeps.claimed_by", "=", claimant),
                eb("people_sweeps.lease_until", "<=", at.toISOString()),
              ]),
            ),
        )
        .returning("team_id")
        .executeTakeFirst();
      return row !== undefined;
    },

    async releaseSweep(teamId, claimant) {
      await db
        .deleteFrom("people_sweeps")
        .where("team_id", "=", teamId)
        .where("claimed_by", "=", claimant)
        .execute();
    },
  };
}

function toPerson(r: PersonRow): Person {
  return {
    id: r.user_id,
    name: r.name,
    timeZone: r.time_zone,
    isAdmin: r.is_admin === 1,
    isOwner: r.is_owner === 1,
    isBot: r.is_bot === 1,
    deleted: r.deleted === 1,
    adminTeams: parseTeams(r.admin_teams),
    avatarUrl: r.avatar_url,
  };
}

function parseTeams(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === "string") : [];
  } catch {
    return []; // a damaged cell only means "admin nowhere", never more rights
  }
}
