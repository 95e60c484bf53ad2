/**
 * Opens the SQLite database behind kysely. WAL lets readers run beside the single
 * writer; foreign keys are off by default in SQLite, so turn them on; a busy
 * timeout lets a second process (e.g. `npm run cli`) wait instead of failing.
 */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteAdapter, type SqliteDatabase, SqliteDialect } from "kysely";
import type { Database } from "./database.js";

export interface DatabaseHandle {
  db: Kysely<Database>;
  /** The raw connection, for pragmas and diagnostics only. */
  sqlite: SQLite.Database;
  close(): Promise<void>;
}

/** @param url a file path (parent folders are created) or `:memory:` */
export function openDatabase(url: string): DatabaseHandle {
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
  let closed = false;
  return {
    db,
    sqlite,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy(); // closes the better-sqlite3 connection too
    },
  };
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
