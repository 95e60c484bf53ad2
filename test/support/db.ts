/** Real SQLite databases for tests: a fresh temp file (or :memory:) with every migration applied. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DatabaseHandle, openDatabase } from "../../src/db/connection.js";
import { migrateToLatest } from "../../src/db/migrate.js";

export interface TestDatabase extends DatabaseHandle {
  /** File path (or ":memory:"). */
  path: string;
  /** Closes the db and deletes the temp folder. */
  dispose(): Promise<void>;
}

/** A migrated database in a new temp folder (`file`, the default) or in memory. */
export async function createTestDatabase(kind: "file" | "memory" = "file"): Promise<TestDatabase> {
  const dir = kind === "file" ? mkdtempSync(join(tmpdir(), "scrumbot-test-")) : null;
  const path = dir ? join(dir, "scrumbot.db") : ":memory:";
  const handle = openDatabase(path);
  await migrateToLatest(handle.db);
  return {
    ...handle,
    path,
    async dispose() {
      await handle.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A migrated database at `path` (created if missing) whose `dispose` only closes it: for tests
 * that restart the app on the same file (the caller deletes the folder).
 */
export async function openTestDatabaseAt(path: string): Promise<TestDatabase> {
  const handle = openDatabase(path);
  await migrateToLatest(handle.db);
  return { ...handle, path, dispose: () => handle.close() };
}

/** A temp folder holding a database path that doesn't exist yet (for apps that migrate on start). */
export function tempDatabasePath(): { path: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), "scrumbot-test-"));
  return { path: join(dir, "scrumbot.db"), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
