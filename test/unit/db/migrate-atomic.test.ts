/** Migrations are atomic on SQLite (one transaction each) and a newer database stops the code. */
import { type Kysely, type Migration, sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { migrations } from "../../../db/migrations/index.js";
import { type DatabaseHandle, openDatabase, requireSqlite } from "../../../src/db/connection.js";
import { appliedMigrations, DatabaseNewerThanCodeError, migrateToLatest } from "../../../src/db/migrate.js";

const tableNames = async (handle: DatabaseHandle) =>
  (
    requireSqlite(handle, "this test")
      .prepare("select name from sqlite_master where type = 'table' order by name")
      .all() as {
      name: string;
    }[]
  ).map((r) => r.name);
const columnsOf = (handle: DatabaseHandle, table: string) =>
  (requireSqlite(handle, "this test").prepare(`pragma table_info(${table})`).all() as { name: string }[]).map(
    (c) => c.name,
  );

let handle: DatabaseHandle | undefined;
afterEach(async () => {
  await handle?.close();
  handle = undefined;
});

describe("migrateToLatest", () => {
  it("rolls a failing migration back whole: no half-made table, column or migration row", async () => {
    handle = openDatabase(":memory:");
    await migrateToLatest(handle.db);
    const tablesBefore = await tableNames(handle);
    const storyColumnsBefore = columnsOf(handle, "stories");
    const failing: Migration = {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable("half_made")
          .addColumn("id", "integer", (c) => c.primaryKey())
          .execute();
        await db.schema.alterTable("stories").addColumn("half_column", "text").execute();
        await sql`insert into half_made (id) values (1)`.execute(db);
        throw new Error("disk on fire");
      },
    };
    await expect(
      migrateToLatest(handle.db, { ...migrations, "2099-01-01T0000_failing": failing }),
    ).rejects.toThrow(/2099-01-01T0000_failing failed and was rolled back: disk on fire/);
    expect(await tableNames(handle)).toEqual(tablesBefore);
    expect(columnsOf(handle, "stories")).toEqual(storyColumnsBefore);
    expect(await appliedMigrations(handle.db)).toEqual(Object.keys(migrations));
  });

  it("upgrading an existing database keeps the migrations before a failing one (one transaction each)", async () => {
    handle = openDatabase(":memory:");
    const names = Object.keys(migrations);
    const upTo = (n: number) => Object.fromEntries(names.slice(0, n).map((m) => [m, migrations[m]!]));
    await migrateToLatest(handle.db, upTo(1)); // an installation of an older release
    const failing: Migration = {
      async up() {
        throw new Error("nope");
      },
    };
    await expect(
      migrateToLatest(handle.db, { ...upTo(3), "2026-11-28T1215_failing": failing }),
    ).rejects.toThrow(/1215_failing/);
    expect(await appliedMigrations(handle.db)).toEqual(names.slice(0, 3));
  });

  it("creates a new database all or nothing", async () => {
    handle = openDatabase(":memory:");
    const failing: Migration = {
      async up() {
        throw new Error("nope");
      },
    };
    await expect(
      migrateToLatest(handle.db, { ...migrations, "2099-01-01T0000_failing": failing }),
    ).rejects.toThrow(/failing/);
    expect(await appliedMigrations(handle.db)).toEqual([]);
    expect(await tableNames(handle)).not.toContain("stories");
  });

  it("refuses a database written by a newer release, naming the unknown migration", async () => {
    handle = openDatabase(":memory:");
    await migrateToLatest(handle.db);
    requireSqlite(handle, "this test")
      .prepare("insert into kysely_migration (name, timestamp) values (?, ?)")
      .run("2099-01-01T0000_from_the_future", "2099-01-01T00:00:00.000Z");
    const error = await migrateToLatest(handle.db).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseNewerThanCodeError);
    expect((error as Error).message).toContain("2099-01-01T0000_from_the_future");
    expect((error as Error).message).toContain("newer scrumbot");
    expect((error as Error).message).toContain("restore");
  });
});
