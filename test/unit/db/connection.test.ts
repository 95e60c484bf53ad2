/** DATABASE_URL → dialect, and what each dialect's connection hands back. */
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { openDatabase, parseDatabaseUrl } from "../../../src/db/connection.js";
import { ConfigError } from "../../../src/lib/errors.js";
import { createTestDatabase, onPostgres } from "../../support/db.js";

describe("parseDatabaseUrl", () => {
  it("maps paths and :memory: to SQLite, postgres URLs to PostgreSQL with the schema taken off the URL", () => {
    expect(parseDatabaseUrl("./data/scrumbot.db")).toEqual({ dialect: "sqlite", path: "./data/scrumbot.db" });
    expect(parseDatabaseUrl(":memory:")).toEqual({ dialect: "sqlite", path: ":memory:" });
    expect(parseDatabaseUrl("postgresql://bot:pw@db:5432/scrum?schema=team_a&sslmode=disable")).toEqual({
      dialect: "postgres",
      connectionString: "postgresql://bot:pw@db:5432/scrum?sslmode=disable",
      schema: "team_a",
    });
  });

  it("throws a ConfigError naming the supported forms for another scheme (no folder named mysql: appears)", () => {
    expect(() => openDatabase("mysql://u@h/db")).toThrow(ConfigError);
    expect(() => openDatabase("mysql://u@h/db")).toThrow(/postgres:\/\/user@host:5432\/database/);
  });
});

describe(`a test database (${onPostgres ? "postgres" : "sqlite"})`, () => {
  it("returns count(*), sums and row_number() as numbers, and says its dialect", async () => {
    const t = await createTestDatabase();
    try {
      expect(t.dialect).toBe(onPostgres ? "postgres" : "sqlite");
      const row = await sql<{ n: unknown; s: unknown; r: unknown }>`
        select count(*) as n, sum(x) as s, max(r) as r
        from (select 3 as x, row_number() over () as r union all select 4, 2) as t`.execute(t.db);
      expect(row.rows[0]).toEqual({ n: 2, s: 7, r: 2 });
      expect(t.isOpen()).toBe(true);
      await t.close();
      expect(t.isOpen()).toBe(false);
    } finally {
      await t.dispose();
    }
  });
});
