/**
 * Runs the migrations listed in `db/migrations/index.ts`.
 *
 * Each migration runs in a transaction together with its row in `kysely_migration`
 * (the dialect in connection.ts tells kysely that SQLite has transactional DDL, which it does):
 * a migration that fails, or a process killed half-way, leaves the schema as it was before that
 * migration, and the next start retries it.
 *
 * PostgreSQL: replicas starting together must not migrate together. The whole run holds a
 * session-level advisory lock on one dedicated connection (keyed by the schema, so databases in
 * other schemas don't wait): the first replica migrates, the others wait for the lock, then find
 * nothing to do, so nobody serves a half-migrated schema. A schema named by `?schema=` is created
 * when missing.
 *
 * SQLite: kysely's migration lock is a no-op there (it assumes one process), so two processes
 * migrating one file collide: the loser's transaction fails with SQLITE_BUSY (its snapshot went
 * stale, which the busy timeout doesn't cover). That loser rolled back cleanly, so it waits and
 * tries again, and then finds the winner's work done.
 */
import { type Kysely, type Migration, type MigrationResult, Migrator, PostgresAdapter, sql } from "kysely";
import { migrations as knownMigrations } from "../../db/migrations/index.js";
import { AppError } from "../lib/errors.js";
import type { Database } from "./database.js";

/** The database was migrated by a newer release than this code (a downgrade). */
export class DatabaseNewerThanCodeError extends AppError {
  constructor(readonly unknownMigrations: string[]) {
    const names = unknownMigrations.join(", ");
    super(
      "config",
      `This database was upgraded by a newer scrumbot: it has migration ${names}, which this version doesn't know. ` +
        "Refusing to run on a schema it doesn't understand. Start the newer release again, or restore a backup " +
        "taken before the upgrade (npm run cli -- restore --from FILE; see docs/operations.md).",
    );
  }
}

/** Names of the migrations recorded in the database ([] for a new database). */
export async function appliedMigrations(db: Kysely<Database>): Promise<string[]> {
  const pg = isPostgres(db);
  const exists = pg
    ? // to_regclass looks in the search_path only: other schemas' tables don't count.
      (await sql<{ t: string | null }>`select to_regclass('kysely_migration')::text as t`.execute(db)).rows[0]
        ?.t != null
    : (await db.introspection.getTables({ withInternalKyselyTables: true })).some(
        (t) => t.name === "kysely_migration",
      );
  if (!exists) return [];
  const anyDb = db as unknown as Kysely<{ kysely_migration: { name: string } }>;
  const rows = await anyDb.selectFrom("kysely_migration").select("name").orderBy("name").execute();
  return rows.map((r) => r.name);
}

function isPostgres(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Applies every pending migration, one transaction each; throws if one fails (kysely returns the
 * error instead of throwing) and `DatabaseNewerThanCodeError` before touching a newer database.
 * @param migrations the list to apply (tests pass their own); default every migration of the code
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  migrations: Record<string, Migration> = knownMigrations,
): Promise<MigrationResult[]> {
  if (!isPostgres(db)) return retryWhileBusy(() => migrateWith(db, migrations, undefined));
  return db.connection().execute(async (conn) => {
    const schema = await firstSearchPathSchema(conn);
    const key = `scrumbot.migrate:${schema ?? "public"}`;
    await sql`select pg_advisory_lock(hashtextextended(${key}, 0))`.execute(conn);
    try {
      if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(conn);
      return await migrateWith(conn, migrations, schema ?? "public");
    } finally {
      await sql`select pg_advisory_unlock(hashtextextended(${key}, 0))`.execute(conn);
    }
  });
}

/** How long a SQLite migrator waits for another process's migration before giving up. */
const SQLITE_BUSY_PATIENCE_MS = 60_000;

async function retryWhileBusy<T>(run: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + SQLITE_BUSY_PATIENCE_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (!isSqliteBusy(err) || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, Math.min(50 * 2 ** attempt, 1_000)));
    }
  }
}

/** SQLITE_BUSY (and its extended codes) anywhere in the cause chain. */
function isSqliteBusy(err: unknown): boolean {
  for (let e = err; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("SQLITE_BUSY")) return true;
  }
  return false;
}

/** The schema tables are created in: the first search_path entry, unless it is `"$user"`. */
async function firstSearchPathSchema(db: Kysely<Database>): Promise<string | null> {
  const row = (await sql<{ p: string }>`select current_setting('search_path') as p`.execute(db)).rows[0];
  const first =
    row?.p
      .split(",")[0]
      ?.trim()
      .replace(/^"(.*)"$/, "$1") ?? "";
  return first === "" || first === "$user" ? null : first;
}

async function migrateWith(
  db: Kysely<Database>,
  migrations: Record<string, Migration>,
  /** PostgreSQL: where kysely keeps its migration tables (it would otherwise find another schema's). */
  schema: string | undefined,
): Promise<MigrationResult[]> {
  const already = await appliedMigrations(db);
  const unknown = already.filter((name) => !(name in migrations));
  if (unknown.length > 0) throw new DatabaseNewerThanCodeError(unknown);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const applied: MigrationResult[] = [];
  for (;;) {
    // An existing database: migrateUp applies one migration per call, so each gets its own
    // transaction and an upgrade keeps its progress. A new one is created in a single transaction
    // (all or nothing, and five times faster, which the test suite's thousands of databases notice).
    const { error, results } = await (already.length === 0
      ? migrator.migrateToLatest()
      : migrator.migrateUp());
    const failed = results?.find((r) => r.status === "Error");
    if (error || failed) {
      throw new AppError("internal", "Database migration failed.", {
        cause: error,
        detail: `Migration ${failed?.migrationName ?? "unknown"} failed and was rolled back: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
    if (!results || results.length === 0) return applied;
    applied.push(...results);
    if (already.length === 0) return applied;
  }
}
