/**
 * The few places where SQLite and PostgreSQL differ for the repositories, in one adapter:
 * which dialect a kysely instance (or transaction) speaks, team-wide locks, and retrying a
 * transaction that PostgreSQL aborted for a serialization failure or a deadlock.
 * SQLite has one writer per file: its locks are no-ops and it never needs the retry.
 */
import { type Kysely, PostgresAdapter, sql, type Transaction } from "kysely";
import type { Database } from "./database.js";

export type Dialect = "sqlite" | "postgres";

/** The dialect of a kysely instance or transaction. */
export function dialectOf(db: Kysely<Database>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
}

/**
 * A transaction-scoped lock on `key` (e.g. `backlog:T123`): on PostgreSQL `pg_advisory_xact_lock`,
 * held until the transaction ends, so writers in other processes wait; on SQLite a no-op (the
 * transaction already holds the database's only write lock once it writes). Call inside a
 * transaction, before the first read that the lock protects.
 */
export async function lockKey(trx: Kysely<Database>, key: string): Promise<void> {
  if (dialectOf(trx) !== "postgres") return;
  await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
}

/** SQLSTATEs after which PostgreSQL rolled the transaction back and running it again is safe. */
const RETRYABLE = new Set(["40001", "40P01"]);

export function isRetryableConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && RETRYABLE.has(code);
}

/**
 * Runs `fn` in a transaction; a serialization failure (40001) or deadlock (40P01) rolls it back
 * and runs it again (up to `attempts` times, with a short jittered pause), so the person never
 * sees one. `fn` must only touch the database (it may run more than once).
 */
export async function runTransaction<T>(
  db: Kysely<Database>,
  fn: (trx: Transaction<Database>) => Promise<T>,
  attempts = 5,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(fn);
    } catch (error) {
      if (attempt >= attempts || !isRetryableConflict(error)) throw error;
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.floor(Math.random() * 10 * attempt)));
    }
  }
}
