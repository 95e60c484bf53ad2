/**
 * PostgreSQL only: the app's statements run prepared (named) once per connection, and a schema
 * change under a prepared `select *` (another replica migrating) never reaches the caller.
 */
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "../../../src/db/connection.js";
import { runTransaction } from "../../../src/db/dialect.js";
import { migrateToLatest } from "../../../src/db/migrate.js";
import { onPostgres, tempDatabasePath } from "../../support/db.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** One connection, so the statements prepared are the ones this test's queries made. */
async function openOneConnection(
  preparedStatements?: boolean,
): Promise<{ db: DatabaseHandle; path: string }> {
  const temp = tempDatabasePath();
  const db = openDatabase(temp.path, {
    poolSize: 1,
    ...(preparedStatements === undefined ? {} : { preparedStatements }),
  });
  cleanups.push(temp.cleanup, () => db.close());
  await migrateToLatest(db.db);
  return { db, path: temp.path };
}

async function preparedNames(db: DatabaseHandle): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from pg_prepared_statements`.execute(db.db);
  return rows.map((r) => r.name);
}

/** Another replica's migration: a column added to `table`, on a connection of its own. */
async function addColumn(path: string, table: string): Promise<void> {
  const other = openDatabase(path, { poolSize: 1, preparedStatements: false });
  try {
    await sql`alter table ${sql.table(table)} add column extra text`.execute(other.db);
  } finally {
    await other.close();
  }
}

const addRole = (db: DatabaseHandle) =>
  db.db
    .insertInto("team_roles")
    .values({
      team_id: "T1",
      user_id: "U1",
      role: "po",
      assigned_by: "U0",
      assigned_at: "2026-12-03T00:00:00Z",
    })
    .execute();

const roles = (db: DatabaseHandle) =>
  db.db.selectFrom("team_roles").selectAll().where("team_id", "=", "T1").execute();

describe.skipIf(!onPostgres)("prepared statements (PostgreSQL)", () => {
  it("prepares a parameterised statement once per connection and reuses it", async () => {
    const { db } = await openOneConnection();
    const before = await preparedNames(db); // the migration's own reads
    await roles(db);
    await roles(db);
    const added = (await preparedNames(db)).filter((n) => !before.includes(n));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(/^sb_/);
  });

  it("prepares nothing when turned off (DATABASE_PREPARED_STATEMENTS=off)", async () => {
    const { db } = await openOneConnection(false);
    await roles(db);
    await roles(db);
    expect(await preparedNames(db)).toEqual([]);
  });

  it("answers a prepared select * after another replica added a column, outside a transaction", async () => {
    const { db, path } = await openOneConnection();
    await addRole(db);
    expect(await roles(db)).toHaveLength(1);
    await addColumn(path, "team_roles");
    const after = await roles(db);
    expect(after).toHaveLength(1);
    expect(after[0]).toHaveProperty("extra", null);
  });

  it("runs a transaction again when its prepared select * went stale under a migration", async () => {
    const { db, path } = await openOneConnection();
    await addRole(db);
    let attempts = 0;
    const inTransaction = () =>
      runTransaction(db.db, async (trx) => {
        attempts++;
        return trx.selectFrom("team_roles").selectAll().where("team_id", "=", "T1").execute();
      });
    await inTransaction();
    await addColumn(path, "team_roles");
    attempts = 0;
    const rows = await inTransaction();
    expect(rows[0]).toHaveProperty("extra", null);
    expect(attempts).toBe(2);
    // The retry ran that text unnamed; later runs stay correct.
    expect(await inTransaction()).toHaveLength(1);
  });

  it("runs nothing prepared before a migration's own schema change after it, inside its transaction", async () => {
    const { db } = await openOneConnection();
    await addRole(db);
    // Prepared on this (the only) connection before the migration runs.
    expect(await roles(db)).toHaveLength(1);
    const rows = await db.db.transaction().execute(async (trx) => {
      const select = () => trx.selectFrom("team_roles").selectAll().where("team_id", "=", "T1").execute();
      await select();
      await sql`alter table team_roles add column extra text`.execute(trx);
      return select();
    });
    expect(rows[0]).toHaveProperty("extra", null);
  });
});
