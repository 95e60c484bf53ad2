/**
 * Opens the database behind kysely: SQLite (a file path or `:memory:`, the default) or PostgreSQL
 * (`postgres://…` / `postgresql://…`). Any other `scheme://` is refused with a typed config error,
 * so a typo never silently becomes a SQLite file in a folder named after the scheme.
 *
 * SQLite: WAL lets readers run beside the single writer; foreign keys are off by default in SQLite,
 * so turn them on; a busy timeout lets a second process (e.g. `npm run cli`) wait instead of failing.
 * PostgreSQL: a `pg.Pool` (DATABASE_POOL_SIZE connections) whose int8 and numeric results come back
 * as JS numbers, as SQLite's do (pg returns them as strings: `count(*)` would be "3").
 */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import SQLite from "better-sqlite3";
import {
  type DatabaseIntrospector,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  PostgresIntrospector,
  SqliteAdapter,
  type SqliteDatabase,
  SqliteDialect,
  sql,
  type TableMetadata,
} from "kysely";
import pg from "pg";
import { ConfigError } from "../lib/errors.js";
import type { Database } from "./database.js";
import { type DatabaseTarget, parseDatabaseUrl } from "./database-url.js";
import { PreparingClient } from "./prepared-statements.js";
import {
  startWalCheckpointer,
  type WalCheckpointer,
  type WalCheckpointerOptions,
} from "./wal-checkpointer.js";

export { parseDatabaseUrl, SUPPORTED_DATABASE_URLS } from "./database-url.js";

export type DialectName = "sqlite" | "postgres";

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  /** The raw SQLite connection, for pragmas, backups and diagnostics only (absent on PostgreSQL). */
  sqlite?: SQLite.Database;
  /** SQLite with `backgroundCheckpoints`: the worker thread checkpointing the WAL. */
  checkpointer?: WalCheckpointer;
  /** The PostgreSQL pool, for its connection counts in `/metrics` only (absent on SQLite). */
  pool?: Pick<pg.Pool, "totalCount" | "idleCount" | "waitingCount">;
  /** False once `close` was called (or the SQLite connection was closed underneath). */
  isOpen(): boolean;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL pool size (DATABASE_POOL_SIZE); default 10. Ignored for SQLite. */
  poolSize?: number;
  /** PostgreSQL: run the app's statements prepared, once per connection (default true; see prepared-statements.ts). */
  preparedStatements?: boolean;
  /**
   * SQLite file: checkpoint the WAL on a worker thread (`wal-checkpointer.ts`) instead of inside the
   * commits of the app's connection, whose fsyncs would hold the event loop. The app turns it on;
   * the CLI and tests don't need it. Ignored for `:memory:` and PostgreSQL.
   */
  backgroundCheckpoints?: boolean | WalCheckpointerOptions;
  /** Called when an idle pooled connection fails (the server restarted, a network cut). */
  onPoolError?: (error: Error) => void;
}

/**
 * @param url a file path (parent folders are created), `:memory:`, or a PostgreSQL URL.
 * Synchronous: a PostgreSQL pool connects on first use, so a database that is down shows up at the
 * first query (the migration at start-up), not here.
 */
export function openDatabase(url: string, options: OpenOptions = {}): DatabaseHandle {
  const target = parseDatabaseUrl(url);
  return target.dialect === "postgres"
    ? openPostgres(target, options)
    : openSqlite(target.path, options.backgroundCheckpoints);
}

function openSqlite(url: string, checkpoints: OpenOptions["backgroundCheckpoints"]): DatabaseHandle {
  const inMemory = url === ":memory:";
  if (!inMemory) mkdirSync(dirname(resolve(url)), { recursive: true });
  const sqlite = new SQLite(inMemory ? ":memory:" : resolve(url));
  if (!inMemory) sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  const db = new Kysely<Database>({
    dialect: new TransactionalDdlSqliteDialect({ database: withStatementCache(sqlite) }),
  });
  const checkpointer =
    checkpoints && !inMemory
      ? startWalCheckpointer(resolve(url), checkpoints === true ? {} : checkpoints)
      : undefined;
  let closed = false;
  return {
    db,
    dialect: "sqlite",
    sqlite,
    checkpointer,
    isOpen: () => !closed && sqlite.open,
    async close() {
      if (closed) return;
      closed = true;
      // Its connection first: the app's, closing last, then checkpoints what is left and removes the WAL.
      await checkpointer?.stop();
      await db.destroy(); // closes the better-sqlite3 connection too
    },
  };
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * int8 (count(*), sum of integers, row_number()) and numeric (sum of int8) as JS numbers: the
 * app's counts, ranks and ids stay far below 2^53, and every repository already expects numbers.
 */
const numberTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig["getTypeParser"],
};

function openPostgres(
  target: Extract<DatabaseTarget, { dialect: "postgres" }>,
  options: OpenOptions,
): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: target.connectionString,
    max: options.poolSize ?? 10,
    types: numberTypes,
    ...(options.preparedStatements === false ? {} : { Client: PreparingClient }),
    // The schema is a connection parameter, so every pooled connection (and every reconnect) has it.
    ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}),
  });
  // Without a listener, an idle client's error (server restart) would crash the process.
  pool.on("error", (error) => options.onPoolError?.(error));
  const db = new Kysely<Database>({ dialect: new SessionLockedPostgresDialect({ pool }) });
  let closed = false;
  return {
    db,
    dialect: "postgres",
    pool,
    isOpen: () => !closed,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy(); // ends the pool
    },
  };
}

/**
 * kysely's Migrator takes one fixed advisory lock for every schema of a PostgreSQL database; ours
 * (migrate.ts) is per schema and held around the whole run, so kysely's is not needed, and would
 * make databases in different schemas (one per test) wait for each other.
 */
class SessionLockedPostgresAdapter extends PostgresAdapter {
  override async acquireMigrationLock(): Promise<void> {}
  override async releaseMigrationLock(): Promise<void> {}
}

class SessionLockedPostgresDialect extends PostgresDialect {
  override createAdapter(): PostgresAdapter {
    return new SessionLockedPostgresAdapter();
  }

  // biome-ignore lint/suspicious/noExplicitAny: kysely's signature
  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SearchPathIntrospector(db);
  }
}

/**
 * kysely's introspector, narrowed to the search_path's schemas. kysely's own reads every schema of
 * the database, which is slow with many and fails when another schema is dropped meanwhile (one
 * schema per test runs beside others). Columns are included: `cli copy` compares and copies tables
 * by them, so a table without its columns would make every schema look different.
 */
class SearchPathIntrospector extends PostgresIntrospector {
  // biome-ignore lint/suspicious/noExplicitAny: kysely's signature
  constructor(private readonly kdb: Kysely<any>) {
    super(kdb);
  }

  override async getTables(
    options: { withInternalKyselyTables?: boolean } = { withInternalKyselyTables: false },
  ): Promise<TableMetadata[]> {
    const { rows } = await sql<{
      schema: string;
      table: string;
      kind: string;
      column: string;
      type: string;
      type_schema: string;
      not_null: boolean;
      has_default: boolean;
      auto_incrementing: string | null;
      comment: string | null;
    }>`
      select ns.nspname as schema, c.relname as table, c.relkind as kind, a.attname as column,
        typ.typname as type, tns.nspname as type_schema, a.attnotnull as not_null,
        a.atthasdef as has_default, col_description(a.attrelid, a.attnum) as comment,
        pg_get_serial_sequence(quote_ident(ns.nspname) || '.' || quote_ident(c.relname), a.attname)
          as auto_incrementing
      from pg_catalog.pg_attribute a
        join pg_catalog.pg_class c on a.attrelid = c.oid
        join pg_catalog.pg_namespace ns on c.relnamespace = ns.oid
        join pg_catalog.pg_type typ on a.atttypid = typ.oid
        join pg_catalog.pg_namespace tns on typ.typnamespace = tns.oid
      where c.relkind in ('r', 'v', 'p') and ns.nspname = any(current_schemas(false))
        and a.attnum >= 0 and not a.attisdropped
      order by ns.nspname, c.relname, a.attnum`.execute(this.kdb);
    const internal = new Set(["kysely_migration", "kysely_migration_lock"]);
    const tables = new Map<string, TableMetadata & { columns: TableMetadata["columns"][number][] }>();
    for (const r of rows) {
      if (!options.withInternalKyselyTables && internal.has(r.table)) continue;
      const key = `${r.schema}.${r.table}`;
      let table = tables.get(key);
      if (!table) {
        table = { name: r.table, schema: r.schema, isView: r.kind === "v", columns: [] };
        tables.set(key, table);
      }
      table.columns.push({
        name: r.column,
        dataType: r.type,
        dataTypeSchema: r.type_schema,
        isNullable: !r.not_null,
        hasDefaultValue: r.has_default,
        isAutoIncrementing: r.auto_incrementing !== null,
        comment: r.comment ?? undefined,
      });
    }
    return [...tables.values()];
  }
}

/**
 * SQLite runs DDL inside transactions, but kysely's SqliteAdapter says it can't, so its Migrator
 * would apply migrations without one: a failing or interrupted migration could leave half a schema.
 * Saying yes makes the Migrator wrap each run (one migration, see migrate.ts) in a transaction.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class TransactionalDdlSqliteDialect extends SqliteDialect {
  override createAdapter(): SqliteAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

/**
 * Kysely prepares every query afresh; preparing cost about as much as running the small queries
 * of a standup answer. Statements are reusable in better-sqlite3, so keep the recent ones (the
 * app builds a few hundred distinct SQL texts; `IN (?, ?, …)` lists add more, hence the bound).
 * Safe because kysely runs one statement at a time on this connection and we never stream.
 */
function withStatementCache(sqlite: SQLite.Database, size = 500): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql); // re-insert: the Map's order is the recency order
      } else {
        statement = sqlite.prepare(sql);
        if (cache.size >= size) {
          const oldest = cache.keys().next().value;
          if (oldest !== undefined) cache.delete(oldest);
        }
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}

/** The SQLite connection of a handle, or a clear error for what is SQLite-only (file backups). */
export function requireSqlite(handle: DatabaseHandle, what: string): SQLite.Database {
  if (handle.sqlite) return handle.sqlite;
  throw new ConfigError([
    `${what} is SQLite only; on PostgreSQL use pg_dump / pg_restore (docs/postgresql.md)`,
  ]);
}
