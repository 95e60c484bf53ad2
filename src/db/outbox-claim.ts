/**
 * Claiming due outbox rows, for one process or several on one database.
 *
 * A claim marks rows with the claimant and a lease (`lease_until`). On PostgreSQL the candidate
 * rows are picked with `FOR UPDATE SKIP LOCKED`, so replicas claiming at the same instant get
 * disjoint rows, and rows under another replica's unexpired lease are not candidates: a replica
 * that dies mid-send has its rows taken over once the lease ends (bound: `leaseMs` after its last
 * claim or attempt, plus one outbox poll). SQLite has one process and one writer: the lease is
 * recorded but not waited for, so a restarted bot resends at once, as before.
 *
 * One helper for every claim query: pass `where` to narrow the candidates (e.g. per workspace).
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Kysely, SelectQueryBuilder } from "kysely";
import type { Database } from "./database.js";
import { dialectOf } from "./dialect.js";
import type { OutboxRow } from "./outbox.table.js";

/** How long a claim holds (covers one send bounded by SLACK_TIMEOUT_MS, at most 120 s). */
export const OUTBOX_LEASE_MS = 150_000;

/** This process's claimant id: host, pid and a random part (a restarted pid is a new claimant). */
export const PROCESS_CLAIMANT = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;

// biome-ignore lint/complexity/noBannedTypes: kysely's type for a query that selects nothing yet
type Candidates = SelectQueryBuilder<Database, "outbox", {}>;

export interface ClaimOptions {
  now: Date;
  limit: number;
  claimant?: string;
  leaseMs?: number;
  /** Narrows the candidates further (the due/order/lease conditions always apply). */
  where?: (q: Candidates) => Candidates;
}

/** Claims up to `limit` due rows, oldest first; returns them claimed (in id order). */
export async function claimOutboxRows(db: Kysely<Database>, options: ClaimOptions): Promise<OutboxRow[]> {
  const { now, limit } = options;
  const at = now.toISOString();
  const postgres = dialectOf(db) === "postgres";
  let candidates: Candidates = db
    .selectFrom("outbox")
    .where("state", "=", "pending")
    .where("next_attempt_at", "<=", at)
    // Per conversation, order holds: a row waits while an earlier one is backing off.
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("outbox as earlier")
            .select("earlier.id")
            .whereRef("earlier.team_id", "=", "outbox.team_id")
            .whereRef("earlier.channel", "=", "outbox.channel")
            .where("earlier.state", "=", "pending")
            .whereRef("earlier.id", "<", "outbox.id")
            .where("earlier.next_attempt_at", ">", at),
        ),
      ),
    );
  if (postgres)
    candidates = candidates.where((eb) =>
      eb.or([eb("lease_until", "is", null), eb("lease_until", "<=", at)]),
    );
  if (options.where) candidates = options.where(candidates);
  let ids = candidates.select("outbox.id").orderBy("outbox.id").limit(limit);
  if (postgres) ids = ids.forUpdate().skipLocked();
  const rows = await db
    .updateTable("outbox")
    .set({
      claimed_by: options.claimant ?? PROCESS_CLAIMANT,
      lease_until: new Date(now.getTime() + (options.leaseMs ?? OUTBOX_LEASE_MS)).toISOString(),
    })
    .where("id", "in", ids)
    .returningAll()
    .execute();
  return rows.sort((a, b) => a.id - b.id);
}
