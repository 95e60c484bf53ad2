/**
 * Killed half-way, nothing is half-done: a migration rolls back whole (SQLite transaction), and a
 * backup leaves no backup file (only a hidden .partial, which pruning removes later). Real processes.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { migrations } from "../../db/migrations/index.js";
import { listBackups, pruneBackups } from "../../src/db/backup.js";
import { onPostgres, openTestDatabaseAt } from "../support/db.js";
import { type RunningProcess, startProcess } from "../support/process.js";

let dir = "";
let child: RunningProcess | undefined;
afterEach(() => {
  if (child && child.child.exitCode === null) child.child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

async function untilWorking(p: RunningProcess): Promise<void> {
  const deadline = performance.now() + 30_000;
  while (!p.stdout().includes("working")) {
    if (performance.now() > deadline || p.child.exitCode !== null)
      throw new Error(`child never started working: ${p.stderr()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// SQLite only: an interrupted file backup and SQLite migration.
describe.skipIf(onPostgres)("interrupted operations", () => {
  it("SIGTERM during a migration leaves the schema as it was before that migration", async () => {
    dir = mkdtempSync(join(tmpdir(), "scrumbot-interrupted-"));
    const path = join(dir, "scrumbot.db");
    child = startProcess("test/support/interrupted-child.ts", { CHILD_COMMAND: "migrate", DB_PATH: path });
    await untilWorking(child);
    child.child.kill("SIGTERM");
    expect((await child.exited).signal).toBe("SIGTERM");

    const db = new SQLite(path);
    const tables = (
      db.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]
    ).map((r) => r.name);
    const applied = (
      db.prepare("select name from kysely_migration order by name").all() as { name: string }[]
    ).map((r) => r.name);
    db.close();
    expect(tables).not.toContain("half_done");
    expect(tables).toContain("stories"); // the earlier migrations committed, one by one
    expect(applied).toEqual(Object.keys(migrations));
  });

  it("SIGTERM during a backup leaves no backup file, and the next prune clears the partial", async () => {
    dir = mkdtempSync(join(tmpdir(), "scrumbot-interrupted-"));
    const path = join(dir, "scrumbot.db");
    const db = await openTestDatabaseAt(path);
    db.sqlite.exec("create table ballast (b blob)");
    const fill = db.sqlite.prepare("insert into ballast values (randomblob(65536))");
    for (let i = 0; i < 200; i++) fill.run(); // ~13 MB: thousands of one-page steps
    await db.dispose();
    const backups = join(dir, "backups");
    child = startProcess("test/support/interrupted-child.ts", {
      CHILD_COMMAND: "backup",
      DB_PATH: path,
      BACKUP_DIR: backups,
    });
    await untilWorking(child);
    await new Promise((r) => setTimeout(r, 100));
    child.child.kill("SIGTERM");
    expect((await child.exited).signal).toBe("SIGTERM");
    expect(listBackups(backups)).toEqual([]);
    const left = readdirSync(backups);
    expect(left.every((f) => f.startsWith(".") && /\.partial(-journal)?$/.test(f))).toBe(true);
    pruneBackups(backups, 7, new Date(Date.now() + 2 * 60 * 60 * 1000));
    expect(readdirSync(backups)).toEqual([]);
  });
});
