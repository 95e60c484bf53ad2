/**
 * The outbox's per-workspace selection, beside `outbox.repository.ts`: which teams have messages
 * due, and one team's due messages. The outbox serves workspaces in turn from these, so one
 * workspace's fan-out never sits in front of another's prompts in a single "oldest first" batch.
 * Same rules as `listDue` there (pending, due, per conversation nothing earlier backing off, and a
 * claim with a lease through `outbox-claim.ts`).
 */
import type { Kysely } from "kysely";
import type { OutboxLaneStore } from "../services/outbox.service.js";
import type { Database } from "./database.js";
import { dialectOf, lockKey, runTransaction } from "./dialect.js";
import { toOutboxEntry } from "./outbox.repository.js";
import { claimOutboxRows, releaseOutboxClaims, renewOutboxClaims } from "./outbox-claim.js";

const iso = (d: Date) => d.toISOString();

export function createOutboxLaneRepository(db: Kysely<Database>): OutboxLaneStore {
  return {
    async listDueTeams(now, limit) {
      const rows = await db
        .selectFrom("outbox")
        .select(["team_id", (eb) => eb.fn.min("id").as("first_id")])
        .where("state", "=", "pending")
        .where("next_attempt_at", "<=", iso(now))
        // On PostgreSQL rows under another replica's live lease aren't due here (outbox-claim.ts).
        .$if(dialectOf(db) === "postgres", (q) =>
          q.where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<=", iso(now))])),
        )
        .groupBy("team_id")
        // The team whose oldest due message has waited longest first.
        .orderBy("first_id")
        .limit(limit)
        .execute();
      return rows.map((r) => r.team_id);
    },

    async listDueForTeam(teamId, now, limit, options) {
      // A claim with a lease, like `listDue`: on PostgreSQL replicas get disjoint rows (SKIP LOCKED).
      // One claim per team at a time (a transaction-scoped lock): a claim sees the previous one's
      // leases, so two replicas never take consecutive messages of one conversation side by side.
      const claim = (on: Kysely<Database>) =>
        claimOutboxRows(on, {
          now,
          limit,
          where: (q) => q.where("team_id", "=", teamId),
          ...(options?.leaseMs !== undefined ? { leaseMs: options.leaseMs } : {}),
          ...(options?.exceptIds ? { exceptIds: options.exceptIds } : {}),
        });
      const rows =
        dialectOf(db) === "postgres"
          ? await runTransaction(db, async (trx) => {
              await lockKey(trx, `outbox-claim:${teamId}`);
              return claim(trx);
            })
          : await claim(db);
      return rows.map(toOutboxEntry);
    },

    async renewClaims(ids, now, leaseMs) {
      await renewOutboxClaims(db, ids, { now, leaseMs });
    },

    async releaseClaims(ids) {
      await releaseOutboxClaims(db, ids);
    },
  };
}
