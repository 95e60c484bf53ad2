/**
 * `npm run cli -- copy`: every table of the upgrade fixture (representative rows of every kind of
 * data) copied between databases with equal counts and checksums, ids kept; refusals for a
 * non-empty target (unless --force), a source at other migrations, a missing source. With
 * TEST_DATABASE_URL set, also SQLite → PostgreSQL → SQLite in a schema of its own.
 */
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { canonicalRow } from "../../../src/cli/copy.js";
import { readSchema } from "../../../src/cli/copy-schema.js";
import { runCli } from "../../../src/cli/index.js";
import { openDatabase } from "../../../src/db/connection.js";
import { migrateToLatest } from "../../../src/db/migrate.js";

const fixtures = fileURLToPath(new URL("../../fixtures/schema/", import.meta.url));
const fixtureFiles = readdirSync(fixtures)
  .filter((f) => f.endsWith(".db"))
  .sort();
const newestFixture = join(fixtures, fixtureFiles.at(-1) as string);
const oldestFixture = join(fixtures, fixtureFiles[0] as string);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "scrumbot-copy-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A SQLite file holding the newest fixture's data, migrated to this release. */
async function filledSource(name = "source.db"): Promise<string> {
  const path = join(dir, name);
  copyFileSync(newestFixture, path);
  const handle = openDatabase(path);
  await migrateToLatest(handle.db);
  await handle.close();
  return path;
}

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
    env: {},
  });
  return { code, stdout: out.join(""), stderr: err.join("") };
}

interface Line {
  table: string;
  sourceRows: number;
  sourceSha: string;
  targetRows: number;
  targetSha: string;
  verdict: string;
}

/** The per-table lines of the printed report. */
function reportLines(stdout: string): Line[] {
  return stdout
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter((p) => p.length === 6 && /^\d+$/.test(p[1] as string))
    .map(([table, sourceRows, sourceSha, targetRows, targetSha, verdict]) => ({
      table: table as string,
      sourceRows: Number(sourceRows),
      sourceSha: sourceSha as string,
      targetRows: Number(targetRows),
      targetSha: targetSha as string,
      verdict: verdict as string,
    }));
}

/** Every row of every table, in key order, as plain values (to compare two databases directly). */
async function dump(url: string): Promise<Record<string, unknown[]>> {
  const handle = openDatabase(url);
  try {
    const tables = await readSchema(handle.db, handle.dialect);
    const all: Record<string, unknown[]> = {};
    for (const t of tables) {
      // biome-ignore lint/suspicious/noExplicitAny: any table
      const rows = await (handle.db as any).selectFrom(t.name).selectAll().execute();
      const key = (r: Record<string, unknown>) => JSON.stringify(t.key.map((k) => r[k]));
      all[t.name] = rows
        .map((r: Record<string, unknown>) =>
          Object.fromEntries(
            Object.entries(r).map(([k, v]) => [
              k,
              v instanceof Uint8Array ? Buffer.from(v).toString("hex") : v,
            ]),
          ),
        )
        .sort((a: Record<string, unknown>, b: Record<string, unknown>) => (key(a) < key(b) ? -1 : 1));
    }
    return all;
  } finally {
    await handle.close();
  }
}

describe("the checksum's row text", () => {
  it("is the same whichever driver read the row, and tells kinds apart", () => {
    const columns = ["blob", "id", "note", "when"];
    const sqliteRow = { id: 7, note: "ü", blob: Buffer.from([0, 255]), when: "2026-12-02T08:00:00.000Z" };
    // pg: an int8 as a bigint, bytea as a Uint8Array, a timestamp as a Date; columns in another order.
    const pgRow = {
      when: new Date("2026-12-02T08:00:00Z"),
      note: "ü",
      blob: new Uint8Array([0, 255]),
      id: 7n,
    };
    expect(canonicalRow(pgRow, columns)).toBe(canonicalRow(sqliteRow, columns));
    expect(canonicalRow({ ...sqliteRow, id: "7" }, columns)).not.toBe(canonicalRow(sqliteRow, columns));
    expect(canonicalRow({ ...sqliteRow, note: null }, columns)).not.toBe(
      canonicalRow({ ...sqliteRow, note: "null" }, columns),
    );
    expect(canonicalRow({ id: true }, ["id"])).toBe(canonicalRow({ id: 1 }, ["id"]));
  });
});

describe("copy between SQLite databases", () => {
  it("copies every table of the schema with equal counts and checksums, ids and all", async () => {
    const from = await filledSource();
    const to = join(dir, "target.db");
    const { code, stdout, stderr } = await cli("copy", "--from", from, "--to", to);
    expect(stderr).toContain("copied stories");
    expect(code).toBe(0);

    const lines = reportLines(stdout);
    const handle = openDatabase(from);
    const schema = (await readSchema(handle.db, "sqlite")).map((t) => t.name);
    await handle.close();
    // Every table the migrations made (derived, not listed), none of kysely's own.
    expect(lines.map((l) => l.table).sort()).toEqual([...schema].sort());
    expect(schema).toEqual(
      expect.arrayContaining(["stories", "backlog_events", "outbox", "schedule_runs", "rate_limits"]),
    );
    expect(schema.some((t) => t.startsWith("kysely_"))).toBe(false);
    for (const l of lines) {
      expect(l).toMatchObject({ verdict: "ok", targetRows: l.sourceRows, targetSha: l.sourceSha });
    }
    // The fixture has data in most tables, so the checksums compare something.
    expect(lines.filter((l) => l.sourceRows > 0).length).toBeGreaterThan(20);
    expect(stdout).toMatch(new RegExp(`${lines.length} of ${lines.length} tables match`));

    // Independently of the checksums: the same rows, ids included.
    expect(await dump(to)).toEqual(await dump(from));
  });

  it("refuses a target that holds data unless --force, which replaces it", async () => {
    const from = await filledSource();
    const to = join(dir, "target.db");
    expect((await cli("copy", "--from", from, "--to", to)).code).toBe(0);
    const again = await cli("copy", "--from", from, "--to", to);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      /The target already holds data \(.*\)\. .*add --force to replace everything in it\./,
    );
    const forced = await cli("copy", "--from", from, "--to", to, "--force");
    expect(forced.code).toBe(0);
    expect(reportLines(forced.stdout).every((l) => l.verdict === "ok")).toBe(true);
    expect(await dump(to)).toEqual(await dump(from));
  });

  it("refuses a source at other migrations, a missing source, and a missing --to", async () => {
    const old = join(dir, "old.db");
    copyFileSync(oldestFixture, old);
    const older = await cli("copy", "--from", old, "--to", join(dir, "t1.db"));
    expect(older.code).toBe(1);
    expect(older.stderr).toMatch(
      /The source is at migration .*Migrate the source first \(DATABASE_URL=.* npm run migrate\)/,
    );

    const missing = await cli("copy", "--from", join(dir, "nope.db"), "--to", join(dir, "t2.db"));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("There is no database at");

    const usage = await cli("copy", "--from", old);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("copy needs --from and --to");
  });
});

const pgUrl = /^postgres(ql)?:\/\//.test(process.env.TEST_DATABASE_URL ?? "")
  ? (process.env.TEST_DATABASE_URL as string)
  : null;

describe.skipIf(!pgUrl)("copy SQLite → PostgreSQL → SQLite", () => {
  const schema = `copy_${randomBytes(5).toString("hex")}`;
  let admin: pg.Client;
  beforeEach(async () => {
    admin = new pg.Client({ connectionString: pgUrl as string });
    await admin.connect();
    await admin.query(`create schema "${schema}"`);
  });
  afterEach(async () => {
    await admin.query(`drop schema if exists "${schema}" cascade`);
    await admin.end();
  });

  it("round-trips every table with equal checksums, and PostgreSQL's sequences continue after the ids", async () => {
    const from = await filledSource();
    const url = new URL(pgUrl as string);
    url.searchParams.set("schema", schema);
    const pgTarget = url.toString();
    const there = await cli("copy", "--from", from, "--to", pgTarget);
    expect(there.stderr).not.toContain("rolled back");
    expect(there.code).toBe(0);
    const back = join(dir, "back.db");
    const home = await cli("copy", "--from", pgTarget, "--to", back);
    expect(home.code).toBe(0);

    const a = reportLines(there.stdout);
    const b = reportLines(home.stdout);
    expect(a.length).toBeGreaterThan(20);
    expect(a.every((l) => l.verdict === "ok") && b.every((l) => l.verdict === "ok")).toBe(true);
    // One checksum per table across all three databases.
    expect(b.map((l) => [l.table, l.sourceSha])).toEqual(a.map((l) => [l.table, l.targetSha]));
    expect(await dump(back)).toEqual(await dump(from));

    // A new row on PostgreSQL gets the id after the copied ones.
    const maxId = Number(
      (await admin.query(`select max(id) as m from "${schema}".backlog_events`)).rows[0].m,
    );
    const next = await admin.query(
      `select nextval(pg_get_serial_sequence('"${schema}".backlog_events', 'id')) as n`,
    );
    expect(Number(next.rows[0].n)).toBe(maxId + 1);
  }, 120_000);
});
