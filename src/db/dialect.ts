/**
 * The few places where SQLite and PostgreSQL differ for the repositories, in one adapter:
 * which dialect a kysely instance (or transaction) speaks, team-wide locks, and retrying a
 * transaction that PostgreSQL aborted for a serialization failure or a deadlock.
 * SQLite has one writer per file: its locks are no-ops and it never needs the retry.
 */
import { type Kysely, PostgresAdapter, sql, type Transaction } from "kysely";
import type { Database } from "./database.js";
import { isStalePlanError } from "./prepared-statements.js";

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

/** A retryable SQLSTATE, or a prepared plan gone stale under a schema change (prepared-statements.ts). */
export function isRetryableConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (typeof code === "string" && RETRYABLE.has(code)) || isStalePlanError(error);
}

/**
 * Runs `fn` in a transaction; a serialization failure (40001), deadlock (40P01) or stale prepared
 * plan rolls it back and runs it again (up to `attempts` times, with a short jittered pause), so
 * the person never sees one. `fn` must only touch the database (it may run more than once).
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

/** A table of the database's own schema, with its column names. */
export interface TableColumns {
  name: string;
  columns: string[];
}

/** A foreign key of one table: `column` references `refTable.refColumn`. */
export interface ForeignKey {
  column: string;
  refTable: string;
  refColumn: string;
}

// biome-ignore lint/suspicious/noExplicitAny: table names are discovered at run time
type AnyDb = Kysely<any>;

/**
 * The base tables (no views) of the schema the app uses, with their columns. On PostgreSQL from
 * information_schema, in the current schema only (the first of the search_path): other schemas
 * (other tests, other apps) don't count.
 */
export async function tablesWithColumns(db: AnyDb): Promise<TableColumns[]> {
  if (dialectOf(db) === "postgres") {
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      SELECT c.table_name, c.column_name
      FROM information_schema.columns c
      JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
      ORDER BY c.table_name, c.ordinal_position`.execute(db);
    const byName = new Map<string, string[]>();
    for (const r of rows) byName.set(r.table_name, [...(byName.get(r.table_name) ?? []), r.column_name]);
    return [...byName].map(([name, columns]) => ({ name, columns }));
  }
  return (await db.introspection.getTables())
    .filter((t) => !t.isView)
    .map((t) => ({ name: t.name, columns: t.columns.map((c) => c.name) }));
}

/** The foreign keys of `table` (SQLite's `pragma_foreign_key_list`, PostgreSQL's catalog). */
export async function foreignKeysOf(db: AnyDb, table: string): Promise<ForeignKey[]> {
  if (dialectOf(db) === "postgres") {
    // pg_constraint rather than information_schema: constraint names are only unique per table,
    // so joining information_schema's views by name can pair one table's key with another's.
    const { rows } = await sql<{ column: string; ref_table: string; ref_column: string }>`
      SELECT a.attname AS "column", rc.relname AS ref_table, ra.attname AS ref_column
      FROM pg_constraint k
      JOIN pg_class c ON c.oid = k.conrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_class rc ON rc.oid = k.confrelid
      CROSS JOIN LATERAL unnest(k.conkey, k.confkey) AS u(attnum, refnum)
      JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum
      JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = u.refnum
      WHERE k.contype = 'f' AND c.relname = ${table} AND n.nspname = current_schema()`.execute(db);
    return rows.map((r) => ({ column: r.column, refTable: r.ref_table, refColumn: r.ref_column }));
  }
  const { rows } = await sql<{ from: string; table: string; to: string | null }>`
    SELECT "from", "table", "to" FROM pragma_foreign_key_list(${table})`.execute(db);
  return rows.map((r) => ({ column: r.from, refTable: r.table, refColumn: r.to ?? "id" }));
}
