/**
 * Backups under concurrent writes, complete-or-absent files, and restores that check first and
 * never replace a database in use. Real SQLite files, real better-sqlite3 backup API.
 */
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrations } from "../../../db/migrations/index.js";
import { runCli } from "../../../src/cli/index.js";
import {
  BackupError,
  backupDatabase,
  inspectBackup,
  isDatabaseInUse,
  listBackups,
  pruneBackups,
  restoreDatabase,
} from "../../../src/db/backup.js";
import { openDatabase } from "../../../src/db/connection.js";
import { appliedMigrations } from "../../../src/db/migrate.js";
import { FakeClock } from "../../../src/lib/clock.js";
import { onPostgres, openTestDatabaseAt, type TestDatabase } from "../../support/db.js";

const NOW = new Date("2026-12-02T03:30:00Z");
let dir: string;
let source: TestDatabase;

/** Inserts one story, one standup answer and one retro card (the writes a team makes all day). */
function writeOne(db: SQLite.Database, i: number, standupId: number, retroId: number): void {
  const at = new Date(NOW.getTime() + i).toISOString();
  db.prepare(
    "insert into stories (team_id, number, title, rank, created_by, created_at, updated_at) values ('T1', ?, ?, ?, 'U1', ?, ?)",
  ).run(100_000 + i, `Story ${i} ${"x".repeat(200)}`, i, at, at);
  db.prepare(
    "insert into standup_answers (team_id, standup_id, day, user_id, items, submitted_at, updated_at) values ('T1', ?, ?, ?, '[]', ?, ?)",
  ).run(standupId, `2026-12-${String((i % 28) + 1).padStart(2, "0")}`, `U${i}`, at, at);
  db.prepare("insert into retro_cards (team_id, retro_id, category, text) values ('T1', ?, 'glad', ?)").run(
    retroId,
    `Card ${i}`,
  );
}

function seedParents(db: SQLite.Database): { standupId: number; retroId: number } {
  const at = NOW.toISOString();
  const standupId = Number(
    db
      .prepare(
        `insert into standups (team_id, name, channel_id, owner_id, participants, days, prompt_time, time_zone_mode,
          questions, close_after_minutes, report_style, stale_blocker_days, created_at, updated_at)
         values ('T1', 'Daily', 'C1', 'U1', '[]', '[1,2,3,4,5]', '09:30', 'fixed', '[]', 120, 'thread', 2, ?, ?)`,
      )
      .run(at, at).lastInsertRowid,
  );
  const retroId = Number(
    db
      .prepare(
        "insert into retros (team_id, channel_id, state, opened_by, created_at) values ('T1', 'C1', 'open', 'U1', ?)",
      )
      .run(at).lastInsertRowid,
  );
  return { standupId, retroId };
}

const ids = (db: SQLite.Database, table: string) =>
  (db.prepare(`select id from ${table} order by id`).all() as { id: number }[]).map((r) => r.id);

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "scrumbot-backup-"));
  source = await openTestDatabaseAt(join(dir, "live", "scrumbot.db"));
});
afterEach(async () => {
  await source.dispose();
  rmSync(dir, { recursive: true, force: true });
});

// SQLite only: backup and restore copy the SQLite file (PostgreSQL uses pg_dump).
describe.skipIf(onPostgres)("backupDatabase", () => {
  it("copies a consistent database while stories, standup answers and retro cards are being written", async () => {
    const { standupId, retroId } = seedParents(source.sqlite);
    for (let i = 0; i < 2000; i++) writeOne(source.sqlite, i, standupId, retroId); // ~2 MB: many steps
    const other = new SQLite(source.path); // a second writer, like the CLI beside the bot
    other.pragma("busy_timeout = 5000");
    let done = false;
    let during = 0;
    const writer = (async () => {
      for (let i = 2000; !done; i++) {
        writeOne(i % 2 === 0 ? source.sqlite : other, i, standupId, retroId);
        during++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    const result = await backupDatabase(source.sqlite, join(dir, "backups"), NOW, { pagesPerStep: 20 });
    done = true;
    await writer;
    other.close();
    expect(during).toBeGreaterThan(2); // writes really happened while the backup ran

    expect(result.file).toBe(join(dir, "backups", "scrumbot-2026-12-02T033000Z.db"));
    expect(readdirSync(join(dir, "backups"))).toEqual(["scrumbot-2026-12-02T033000Z.db"]); // no partial left
    const restoredPath = join(dir, "fresh", "scrumbot.db");
    restoreDatabase(result.file, restoredPath, NOW);
    const restored = new SQLite(restoredPath, { readonly: true });
    // Every row is there: the copy is the source as of one instant, so each table is a prefix of the
    // source (nothing missing in between), holding every row written before the backup began.
    for (const table of ["stories", "standup_answers", "retro_cards"]) {
      const copied = ids(restored, table);
      const live = ids(source.sqlite, table);
      expect(copied.length).toBeGreaterThanOrEqual(2000);
      expect(copied).toEqual(live.slice(0, copied.length));
    }
    const title = restored.prepare("select title from stories where number = 100000").get() as {
      title: string;
    };
    expect(title.title).toMatch(/^Story 0 x+$/);
    expect(restored.pragma("integrity_check", { simple: true })).toBe("ok");
    restored.close();
  });

  it("leaves no backup file at all when the copy is interrupted (complete or absent)", async () => {
    const { standupId, retroId } = seedParents(source.sqlite);
    for (let i = 0; i < 1000; i++) writeOne(source.sqlite, i, standupId, retroId);
    const raw = new SQLite(source.path);
    const backup = backupDatabase(raw, join(dir, "backups"), NOW, { pagesPerStep: 5 });
    await new Promise((r) => setImmediate(r));
    raw.close(); // the process shutting down under it
    await expect(backup).rejects.toThrow();
    expect(readdirSync(join(dir, "backups"))).toEqual([]);
    expect(listBackups(join(dir, "backups"))).toEqual([]);
  });

  it("names backups by time, never overwrites one, and keeps the newest N", async () => {
    const backups = join(dir, "backups");
    const a = await backupDatabase(source.sqlite, backups, NOW);
    const b = await backupDatabase(source.sqlite, backups, NOW);
    const c = await backupDatabase(source.sqlite, backups, new Date("2026-12-03T03:30:00Z"));
    expect([a.file, b.file, c.file].map((f) => f.slice(backups.length + 1))).toEqual([
      "scrumbot-2026-12-02T033000Z.db",
      "scrumbot-2026-12-02T033000Z-2.db",
      "scrumbot-2026-12-03T033000Z.db",
    ]);
    writeFileSync(join(backups, "notes.txt"), "mine");
    const partial = join(backups, ".scrumbot-2026-12-01T033000Z.db.1.partial");
    writeFileSync(partial, "killed half-way");
    // Left by a backup killed on 1 Dec (the file's time, not the machine's clock, is what pruning reads).
    const killedAt = new Date("2026-12-01T03:30:05Z");
    utimesSync(partial, killedAt, killedAt);
    const removed = pruneBackups(backups, 2, new Date("2026-12-03T05:00:00Z"));
    expect(removed.map((f) => f.slice(backups.length + 1)).sort()).toEqual([
      ".scrumbot-2026-12-01T033000Z.db.1.partial",
      "scrumbot-2026-12-02T033000Z.db",
    ]);
    expect(readdirSync(backups).sort()).toEqual([
      "notes.txt",
      "scrumbot-2026-12-02T033000Z-2.db",
      "scrumbot-2026-12-03T033000Z.db",
    ]);
  });
});

// SQLite only: backup and restore copy the SQLite file (PostgreSQL uses pg_dump).
describe.skipIf(onPostgres)("restoreDatabase", () => {
  it("refuses to replace a database that is open, and replaces it (keeping the old one) once closed", async () => {
    const backup = await backupDatabase(source.sqlite, join(dir, "backups"), NOW);
    const target = join(dir, "target.db");
    const running = await openTestDatabaseAt(target); // the bot, migrated and running on it
    expect(isDatabaseInUse(target)).toBe(true);
    expect(() => restoreDatabase(backup.file, target, NOW)).toThrow(/in use.*Stop it first/);
    await running.close();
    expect(isDatabaseInUse(target)).toBe(false);
    const result = restoreDatabase(backup.file, target, NOW);
    expect(result.previous).toBe(`${target}.before-restore-2026-12-02T033000Z`);
    expect(existsSync(result.previous ?? "")).toBe(true);
    expect(result.schemaVersion).toBe(Object.keys(migrations).at(-1));
    const restored = openDatabase(target);
    expect(await appliedMigrations(restored.db)).toEqual(Object.keys(migrations));
    await restored.close();
  });

  it("checks the file first: damaged, not scrumbot, or from a newer release", async () => {
    const backup = await backupDatabase(source.sqlite, join(dir, "backups"), NOW);
    const target = join(dir, "target.db");

    const garbage = join(dir, "garbage.db");
    writeFileSync(garbage, "this is not a database at all, just some text ".repeat(200));
    expect(() => restoreDatabase(garbage, target, NOW)).toThrow(BackupError);

    const cut = join(dir, "cut.db");
    writeFileSync(cut, readFileSync(backup.file));
    truncateSync(cut, 8192);
    expect(() => inspectBackup(cut)).toThrow(/damaged|not a readable/);

    const empty = join(dir, "empty.db");
    new SQLite(empty).close();
    expect(() => inspectBackup(empty)).toThrow(/not a scrumbot database/);

    const newer = join(dir, "newer.db");
    writeFileSync(newer, readFileSync(backup.file));
    const n = new SQLite(newer);
    n.prepare("insert into kysely_migration (name, timestamp) values ('2099-01-01T0000_future', 'x')").run();
    n.close();
    expect(() => restoreDatabase(newer, target, NOW)).toThrow(/newer scrumbot.*2099-01-01T0000_future/);

    expect(existsSync(target)).toBe(false); // nothing was written by the refused restores
  });
});

// SQLite only: backup and restore copy the SQLite file (PostgreSQL uses pg_dump).
describe.skipIf(onPostgres)("npm run cli -- backup / restore", () => {
  it("backs up DATABASE_URL to --to, prunes with --keep, and restores with --from", async () => {
    const { standupId, retroId } = seedParents(source.sqlite);
    writeOne(source.sqlite, 1, standupId, retroId);
    const err: string[] = [];
    const io = (env: Record<string, string>) => ({
      stdout: () => undefined,
      stderr: (s: string) => err.push(s),
      env,
      clock: new FakeClock(NOW.toISOString()),
    });
    const backups = join(dir, "backups");
    expect(await runCli(["backup", "--to", backups, "--keep", "3"], io({ DATABASE_URL: source.path }))).toBe(
      0,
    );
    expect(err.join("")).toContain(`to ${join(backups, "scrumbot-2026-12-02T033000Z.db")}`);

    const fresh = join(dir, "fresh.db");
    const file = listBackups(backups)[0] ?? "";
    expect(await runCli(["restore", "--from", file, "--db", fresh], io({}))).toBe(0);
    expect(err.join("")).toContain("1 story");
    const restored = new SQLite(fresh, { readonly: true });
    expect(ids(restored, "stories")).toEqual(ids(source.sqlite, "stories"));
    restored.close();

    err.length = 0;
    // The live database is open (by this test, as by the bot): refused, with what to do.
    expect(await runCli(["restore", "--from", file], io({ DATABASE_URL: source.path }))).toBe(1);
    expect(err.join("")).toContain("is in use");
    expect(await runCli(["backup"], io({ DATABASE_URL: source.path }))).toBe(1);
    expect(err.join("")).toContain("backup needs --to DIR");
    expect(await runCli(["restore"], io({}))).toBe(2);
  });
});
