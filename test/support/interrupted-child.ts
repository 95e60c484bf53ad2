/**
 * Child process for test/e2e/interrupted-ops.e2e.test.ts, killed half-way through its work:
 *   CHILD_COMMAND=migrate DB_PATH=…              the real migrations, then an upgrade whose migration creates a table and hangs
 *   CHILD_COMMAND=backup DB_PATH=… BACKUP_DIR=…  backs the database up one page per step
 * It prints "working" once the interruptible part has begun.
 */

import SQLite from "better-sqlite3";
import type { Kysely } from "kysely";
import { migrations } from "../../db/migrations/index.js";
import { backupDatabase } from "../../src/db/backup.js";
import { openDatabase } from "../../src/db/connection.js";
import { migrateToLatest } from "../../src/db/migrate.js";

const command = process.env.CHILD_COMMAND;
const dbPath = process.env.DB_PATH ?? "";
const dir = process.env.BACKUP_DIR ?? "";
if (command === "migrate") {
  const handle = openDatabase(dbPath);
  await migrateToLatest(handle.db); // an installation of today's release, then an upgrade:
  await migrateToLatest(handle.db, {
    ...migrations,
    "2099-01-01T0000_hangs": {
      async up(db: Kysely<unknown>) {
        await db.schema.createTable("half_done").addColumn("id", "integer").execute();
        process.stdout.write("working\n");
        await new Promise(() => setInterval(() => undefined, 1000)); // until killed
      },
    },
  });
} else if (command === "backup") {
  // A slow disk: each turn of the event loop (where better-sqlite3 runs one backup step) takes
  // ~2 ms more, so the ~3,300 one-page steps take seconds and the test's SIGTERM always lands
  // mid-backup, however fast or loaded the machine is.
  const slowDisk = () => {
    const until = performance.now() + 2;
    while (performance.now() < until);
    setImmediate(slowDisk);
  };
  slowDisk();
  const sqlite = new SQLite(dbPath);
  const backup = backupDatabase(sqlite, dir, new Date("2026-12-02T03:30:00Z"), { pagesPerStep: 1 });
  process.stdout.write("working\n");
  await backup;
}
