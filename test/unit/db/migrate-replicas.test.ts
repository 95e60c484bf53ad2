/**
 * Replicas starting together on one empty PostgreSQL schema: exactly one migrates (the advisory
 * lock in migrate.ts), the others wait and then find nothing to do; every one sees the whole schema.
 */
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { migrations } from "../../../db/migrations/index.js";
import { type DatabaseHandle, openDatabase } from "../../../src/db/connection.js";
import { appliedMigrations, migrateToLatest } from "../../../src/db/migrate.js";
import { testPostgresUrl } from "../../support/db.js";

describe.skipIf(!testPostgresUrl)("migrations with several replicas (PostgreSQL)", () => {
  const schema = `sbt_replicas_${randomBytes(5).toString("hex")}`;
  const handles: DatabaseHandle[] = [];
  afterAll(async () => {
    await handles[0]?.db.schema.dropSchema(schema).ifExists().cascade().execute();
    await Promise.all(handles.map((h) => h.close()));
  });

  it("five replicas at once on an empty database: one applies every migration, four apply none", async () => {
    const url = new URL(testPostgresUrl ?? "");
    url.searchParams.set("schema", schema);
    for (let i = 0; i < 5; i++) handles.push(openDatabase(url.toString(), { poolSize: 2 }));
    const results = await Promise.all(handles.map((h) => migrateToLatest(h.db)));
    const counts = results.map((r) => r.length).sort((a, b) => b - a);
    expect(counts).toEqual([Object.keys(migrations).length, 0, 0, 0, 0]);
    for (const h of handles) expect(await appliedMigrations(h.db)).toEqual(Object.keys(migrations));
    // Tables landed in the replica's schema, not in public.
    const { rows } = await sql<{ n: number }>`
      select count(*) as n from information_schema.tables where table_schema = ${schema} and table_name = 'stories'`.execute(
      (handles[0] as DatabaseHandle).db,
    );
    expect(rows[0]?.n).toBe(1);
  });
});
