/**
 * Real databases for tests, every migration applied.
 *
 * SQLite (the default): a fresh temp file (or :memory:).
 * PostgreSQL, when `TEST_DATABASE_URL` is a postgres:// URL (the vitest project `postgres` sets it):
 * a fresh schema with a random name in that database, selected by `?schema=NAME` on the URL (the
 * pool puts it on every connection's search_path), dropped on dispose. `path` is then that URL, so
 * a test handing `path` to the app (DATABASE_URL) or to a child process reaches the same schema.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type SQLite from "better-sqlite3";
import pg from "pg";
import { type DatabaseHandle, openDatabase } from "../../src/db/connection.js";
import { migrateToLatest } from "../../src/db/migrate.js";

export interface TestDatabase extends DatabaseHandle {
  /** File path (or ":memory:"); on PostgreSQL the URL selecting this test's schema. */
  path: string;
  /**
   * The raw SQLite connection. Throws on PostgreSQL: a test that reads it is SQLite-only by nature
   * and should say so with `describe.skipIf(onPostgres)` (or use kysely instead).
   */
  sqlite: SQLite.Database;
  /** Closes the db and deletes the temp folder (drops the schema on PostgreSQL). */
  dispose(): Promise<void>;
}

/** The PostgreSQL URL tests run against, or null (SQLite). */
export const testPostgresUrl: string | null = /^postgres(ql)?:\/\//.test(process.env.TEST_DATABASE_URL ?? "")
  ? (process.env.TEST_DATABASE_URL ?? null)
  : null;

/** True in the `postgres` vitest project: SQLite-only tests skip with `skipIf(onPostgres)`. */
export const onPostgres = testPostgresUrl !== null;

let admin: pg.Pool | null = null;
/** One small pool per test process for CREATE/DROP SCHEMA. */
function adminPool(): pg.Pool {
  admin ??= new pg.Pool({
    connectionString: testPostgresUrl ?? undefined,
    max: 2,
    idleTimeoutMillis: 1000,
    allowExitOnIdle: true,
  });
  return admin;
}

function newSchemaName(): string {
  return `sbt_${process.pid}_${randomBytes(6).toString("hex")}`;
}

function schemaUrl(schema: string): string {
  const url = new URL(testPostgresUrl ?? "");
  url.searchParams.set("schema", schema);
  return url.toString();
}

function dropSchema(schema: string): Promise<void> {
  return adminPool()
    .query(`drop schema if exists "${schema}" cascade`)
    .then(() => undefined);
}

function withSqliteGuard(handle: DatabaseHandle, path: string, dispose: () => Promise<void>): TestDatabase {
  return {
    db: handle.db,
    dialect: handle.dialect,
    ...(handle.pool ? { pool: handle.pool } : {}),
    isOpen: () => handle.isOpen(),
    close: () => handle.close(),
    path,
    dispose,
    get sqlite(): SQLite.Database {
      if (handle.sqlite) return handle.sqlite;
      throw new Error("This test reads the raw SQLite connection: it is SQLite-only (skipIf(onPostgres)).");
    },
  };
}

/** A migrated database in a new temp folder (`file`, the default) or in memory; a fresh schema on PostgreSQL. */
export async function createTestDatabase(kind: "file" | "memory" = "file"): Promise<TestDatabase> {
  if (testPostgresUrl) {
    const schema = newSchemaName();
    const path = schemaUrl(schema);
    const handle = openDatabase(path, { poolSize: 4 });
    await migrateToLatest(handle.db);
    return withSqliteGuard(handle, path, async () => {
      await handle.close();
      await dropSchema(schema);
    });
  }
  const dir = kind === "file" ? mkdtempSync(join(tmpdir(), "scrumbot-test-")) : null;
  const path = dir ? join(dir, "scrumbot.db") : ":memory:";
  const handle = openDatabase(path);
  await migrateToLatest(handle.db);
  return withSqliteGuard(handle, path, async () => {
    await handle.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
}

/**
 * A migrated database at `path` (created if missing) whose `dispose` only closes it: for tests
 * that restart the app on the same file (the caller deletes the folder). On PostgreSQL `path` is
 * a URL from `tempDatabasePath` (its schema is created by the migration).
 */
export async function openTestDatabaseAt(path: string): Promise<TestDatabase> {
  const handle = openDatabase(path, { poolSize: 4 });
  await migrateToLatest(handle.db);
  return withSqliteGuard(handle, path, () => handle.close());
}

/**
 * A database path that doesn't exist yet (for apps that migrate on start): a file in a temp folder
 * (`dir`), or on PostgreSQL a URL naming a schema that the first migration creates (and a temp `dir`
 * for files); `cleanup` removes both.
 */
export function tempDatabasePath(): { path: string; dir: string; cleanup(): void } {
  // A temp folder in both cases, for files a test writes beside the database (CSV, backups).
  const dir = mkdtempSync(join(tmpdir(), "scrumbot-test-"));
  if (testPostgresUrl) {
    const schema = newSchemaName();
    return {
      path: schemaUrl(schema),
      dir,
      cleanup: () => {
        rmSync(dir, { recursive: true, force: true });
        // Fire and forget: cleanup is synchronous for the SQLite folder; a leftover schema is harmless.
        dropSchema(schema).catch(() => undefined);
      },
    };
  }
  return {
    path: join(dir, "scrumbot.db"),
    dir,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
