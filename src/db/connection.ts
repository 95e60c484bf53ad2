/**
 * Opens the SQLite database behind kysely. WAL lets readers run beside the single
 * writer; foreign keys are off by default in SQLite, so turn them on; a busy
 * timeout lets a second process (e.g. `npm run cli`) wait instead of failing.
 */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
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
