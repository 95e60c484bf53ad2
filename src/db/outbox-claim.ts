/**
 * Claiming due outbox rows, for one process or several on one database.
 *
 * A claim marks rows with the claimant and a lease (`lease_until`). On PostgreSQL the candidate
 * rows are picked with `FOR UPDATE SKIP LOCKED`, so replicas claiming at the same instant get
 * disjoint rows, and rows under another replica's unexpired lease are not candidates: a replica
 * that dies mid-send has its rows taken over once the lease ends. The outbox claims a few rows at a
 * time (one pass), renews the lease of the rows it still holds every third of the lease
 * (`renewOutboxClaims`, the heartbeat) and gives back what it didn't settle (`releaseOutboxClaims`),
 * so the lease can be short: takeover within `leaseMs` after the replica's last heartbeat, plus
 * one outbox poll. SQLite has one process and one writer: the lease is recorded but not waited for,
 * so a restarted bot resends at once, as before.
 *
 * One helper for every claim query: pass `where` to narrow the candidates (e.g. per workspace).
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Kysely, SelectQueryBuilder } from "kysely";
import { DEFAULT_OUTBOX_LEASE_MS } from "../services/outbox.service.js";
import type { Database } from "./database.js";
import { dialectOf } from "./dialect.js";
import type { OutboxRow } from "./outbox.table.js";

/** How long a claim holds without a heartbeat (the outbox's default, see `DEFAULT_OUTBOX_LEASE_MS`). */
export const OUTBOX_LEASE_MS = DEFAULT_OUTBOX_LEASE_MS;

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
  /** Rows not to claim (e.g. replies this pass already found waiting for their parent). */
  exceptIds?: readonly number[];
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
    // Per conversation, order holds: a row waits while an earlier one is backing off, or (with
    // replicas) is claimed by someone: the later one goes with it or after it, never beside it.
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("outbox as earlier")
            .select("earlier.id")
            .whereRef("earlier.team_id", "=", "outbox.team_id")
            .whereRef("earlier.channel", "=", "outbox.channel")
            .where("earlier.state", "=", "pending")
            .whereRef("earlier.id", "<", "outbox.id")
            .where((eb) =>
              postgres
                ? eb.or([eb("earlier.next_attempt_at", ">", at), eb("earlier.lease_until", ">", at)])
                : eb("earlier.next_attempt_at", ">", at),
            ),
        ),
      ),
    );
  if (postgres)
    candidates = candidates.where((eb) =>
      eb.or([eb("lease_until", "is", null), eb("lease_until", "<=", at)]),
    );
  if (options.where) candidates = options.where(candidates);
  if (options.exceptIds && options.exceptIds.length > 0)
    candidates = candidates.where("outbox.id", "not in", [...options.exceptIds]);
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

/**
 * The heartbeat: extends the lease of rows `claimant` still holds (pending, claimed by it) to
 * `leaseMs` after `now`. Rows another replica took over, or that were settled, are left alone.
 */
export async function renewOutboxClaims(
  db: Kysely<Database>,
  ids: readonly number[],
  options: { now: Date; leaseMs?: number; claimant?: string },
): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable("outbox")
    .set({
      lease_until: new Date(options.now.getTime() + (options.leaseMs ?? OUTBOX_LEASE_MS)).toISOString(),
    })
    .where("id", "in", [...ids])
    .where("claimed_by", "=", options.claimant ?? PROCESS_CLAIMANT)
    .where("state", "=", "pending")
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Gives back rows `claimant` claimed but didn't settle (a reply waiting for its parent, rows behind
 * a retry, a stop): any replica, this one included, may claim them on its next pass.
 */
export async function releaseOutboxClaims(
  db: Kysely<Database>,
  ids: readonly number[],
  claimant: string = PROCESS_CLAIMANT,
): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable("outbox")
    .set({ claimed_by: null, lease_until: null })
    .where("id", "in", [...ids])
    .where("claimed_by", "=", claimant)
    .where("state", "=", "pending")
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
