/**
 * WAL checkpoints on a worker thread: the app's own connection never checkpoints (its automatic
 * checkpoint is off here), yet the pages reach the database file, and closing stops the thread
 * before the last checkpoint removes the WAL.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../../src/db/connection.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempPath = () => {
  const dir = mkdtempSync(join(tmpdir(), "scrumbot-wal-"));
  dirs.push(dir);
  return join(dir, "app.db");
};

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("background WAL checkpoints (SQLite file)", () => {
  it("copies the WAL into the database file from its own thread", async () => {
    const path = tempPath();
    const handle = openDatabase(path, { backgroundCheckpoints: { everyMs: 20 } });
    try {
      // Only the worker may checkpoint: the app's connection would otherwise do it past 1,000 pages.
      handle.sqlite?.pragma("wal_autocheckpoint = 0");
      await sql`create table blobs (id integer primary key, body text not null)`.execute(handle.db);
      const sizeBefore = statSync(path).size;
      const body = "x".repeat(16_000);
      for (let i = 0; i < 300; i++) await sql`insert into blobs (body) values (${body})`.execute(handle.db);

      await until(() => (handle.checkpointer?.stats().pagesCopied ?? 0) >= 1_000);
      // ~4.8 MB of rows now in the database file itself, not only in the WAL.
      await until(() => statSync(path).size > sizeBefore + 4_000_000);
      expect(handle.checkpointer?.stats().checkpoints).toBeGreaterThan(0);
      const [row] = (await sql<{ n: number }>`select count(*) as n from blobs`.execute(handle.db)).rows;
      expect(row?.n).toBe(300);
    } finally {
      await handle.close();
    }
    // The app's connection closed last: it checkpointed what was left and removed the WAL.
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it("keeps the app's writes going while it checkpoints, and stops with the connection", async () => {
    const path = tempPath();
    const handle = openDatabase(path, { backgroundCheckpoints: { everyMs: 1 } });
    await sql`create table t (id integer primary key, v text)`.execute(handle.db);
    for (let i = 0; i < 2_000; i++)
      await sql`insert into t (v) values (${"row".repeat(100)})`.execute(handle.db);
    const [row] = (await sql<{ n: number }>`select count(*) as n from t`.execute(handle.db)).rows;
    expect(row?.n).toBe(2_000);
    await handle.close();
    await handle.checkpointer?.stop(); // already stopped: resolves at once
    const again = openDatabase(path);
    const [after] = (await sql<{ n: number }>`select count(*) as n from t`.execute(again.db)).rows;
    expect(after?.n).toBe(2_000);
    await again.close();
  });

  it("is off unless asked for, and never on :memory:", async () => {
    const plain = openDatabase(tempPath());
    const memory = openDatabase(":memory:", { backgroundCheckpoints: true });
    expect(plain.checkpointer).toBeUndefined();
    expect(memory.checkpointer).toBeUndefined();
    await plain.close();
    await memory.close();
  });
});
