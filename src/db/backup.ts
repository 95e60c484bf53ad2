/**
 * Backups of the SQLite database, and their restore.
 *
 * A backup uses SQLite's online backup API (better-sqlite3's `db.backup()`): it reads a consistent
 * snapshot while the bot keeps writing (WAL readers don't block the writer; a write through another
 * connection restarts the copy, one through the same connection is copied along). The copy goes to a
 * hidden `.partial` file, is checked, fsynced and then renamed, so a backup file is either complete or
 * absent, even when the process is killed half-way.
 *
 * A restore checks the file first (SQLite integrity check; a scrumbot schema this code knows) and
 * refuses to replace a database that another process has open.
 */
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import SQLite from "better-sqlite3";
import { migrations as knownMigrations } from "../../db/migrations/index.js";

const PREFIX = "scrumbot-";
const SUFFIX = ".db";
/** Completed backups: `scrumbot-2026-12-02T033000Z.db` (a second backup in the same second gets `-2`). */
const BACKUP_NAME = /^scrumbot-\d{4}-\d{2}-\d{2}T\d{6}Z(?:-\d+)?\.db$/;
const PARTIAL = ".partial";
/** A `.partial` file older than this was left by a killed backup: pruning deletes it. */
const STALE_PARTIAL_MS = 60 * 60 * 1000;

/** A backup or restore that can't be done; `message` says why and what to do. */
export class BackupError extends Error {
  override name = "BackupError";
}

export interface BackupResult {
  /** Absolute path of the completed backup. */
  file: string;
  bytes: number;
}

/** `2026-12-02T03:30:00.123Z` → `2026-12-02T033000Z`. */
function stamp(now: Date): string {
  const iso = now.toISOString();
  return `${iso.slice(0, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

function fsyncPath(path: string): void {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Copies the open database `source` into `dir` as `scrumbot-<UTC time>.db` and returns its path.
 * @param options.pagesPerStep pages copied per step while nothing restarts the copy (default 1000,
 *   4 MB at SQLite's default page size); the event loop runs between steps.
 */
export async function backupDatabase(
  source: SQLite.Database,
  dir: string,
  now: Date,
  options: { pagesPerStep?: number } = {},
): Promise<BackupResult> {
  if (source.memory)
    throw new BackupError("An in-memory database (DATABASE_URL=:memory:) can't be backed up.");
  const folder = resolve(dir);
  mkdirSync(folder, { recursive: true });
  let name = `${PREFIX}${stamp(now)}${SUFFIX}`;
  for (let n = 2; existsSync(join(folder, name)); n++) name = `${PREFIX}${stamp(now)}-${n}${SUFFIX}`;
  const final = join(folder, name);
  const partial = join(folder, `.${name}.${process.pid}${PARTIAL}`);
  try {
    // A write through another connection restarts the copy. Copying in steps lets the bot's event
    // loop run in between; after a restart the rest goes in one step, so a busy bot can't starve it.
    let restarted = false;
    let lastRemaining = Number.POSITIVE_INFINITY;
    await source.backup(partial, {
      progress: ({ remainingPages }) => {
        if (remainingPages > lastRemaining) restarted = true;
        lastRemaining = remainingPages;
        return restarted ? Math.max(remainingPages, 1) * 2 : (options.pagesPerStep ?? 1000);
      },
    });
    // A self-contained single file (no -wal beside it), checked before it gets its real name.
    const copy = new SQLite(partial);
    try {
      copy.pragma("journal_mode = DELETE");
      const check = copy.pragma("quick_check", { simple: true });
      if (check !== "ok") throw new BackupError(`The backup copy failed SQLite's check: ${String(check)}.`);
    } finally {
      copy.close();
    }
    fsyncPath(partial);
    renameSync(partial, final);
    fsyncPath(folder); // the rename itself survives a power cut
  } catch (error) {
    for (const f of [partial, `${partial}-journal`, `${partial}-wal`, `${partial}-shm`])
      rmSync(f, { force: true });
    throw error;
  }
  return { file: final, bytes: statSync(final).size };
}

/** Completed backups in `dir`, oldest first. */
export function listBackups(dir: string): string[] {
  if (!existsSync(dir)) return [];
  // By time, then by the same-second counter (a plain sort puts "…Z-2.db" before "…Z.db").
  const key = (f: string) =>
    f.replace(/Z(?:-(\d+))?\.db$/, (_, n: string | undefined) => `Z-${(n ?? "1").padStart(6, "0")}`);
  return readdirSync(dir)
    .filter((f) => BACKUP_NAME.test(f))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
    .map((f) => join(resolve(dir), f));
}

/**
 * Keeps the newest `keep` backups in `dir` and deletes the older ones, plus `.partial` files a
 * killed backup left behind. Returns the deleted paths. Other files in `dir` are never touched.
 */
export function pruneBackups(dir: string, keep: number, now: Date): string[] {
  const all = listBackups(dir);
  const old = all.slice(0, Math.max(0, all.length - Math.max(1, keep)));
  const stale = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.startsWith(`.${PREFIX}`) && /\.partial(?:-journal|-wal|-shm)?$/.test(f))
        .map((f) => join(resolve(dir), f))
        .filter((f) => now.getTime() - statSync(f).mtimeMs > STALE_PARTIAL_MS)
    : [];
  for (const f of [...old, ...stale]) rmSync(f, { force: true });
  return [...old, ...stale];
}

export interface BackupInfo {
  /** Newest migration recorded in the file: the schema version. */
  schemaVersion: string;
  stories: number;
}

/**
 * Checks that `file` is a healthy scrumbot database this code can run: SQLite's integrity check,
 * a `kysely_migration` table, and no migration newer than the code. Throws BackupError otherwise.
 */
export function inspectBackup(
  file: string,
  migrations: Record<string, unknown> = knownMigrations,
): BackupInfo {
  if (!existsSync(file)) throw new BackupError(`There is no file at ${file}.`);
  let db: SQLite.Database | undefined;
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true });
    const integrity = db.pragma("integrity_check", { simple: true });
    if (integrity !== "ok")
      throw new BackupError(`${file} is damaged (SQLite integrity check: ${String(integrity)}).`);
    const hasTable = db
      .prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'")
      .get();
    if (!hasTable) throw new BackupError(`${file} is not a scrumbot database (it has no migration table).`);
    const names = (
      db.prepare("select name from kysely_migration order by name").all() as { name: string }[]
    ).map((r) => r.name);
    const unknown = names.filter((n) => !(n in migrations));
    if (unknown.length > 0)
      throw new BackupError(
        `${file} was written by a newer scrumbot (migration ${unknown.join(", ")} is unknown to this version). Restore it with that release.`,
      );
    const schemaVersion = names.at(-1);
    if (!schemaVersion)
      throw new BackupError(`${file} is not a scrumbot database (no migration was applied).`);
    const stories = (db.prepare("select count(*) as n from stories").get() as { n: number }).n;
    return { schemaVersion, stories };
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`${file} is not a readable SQLite database (${(error as Error).message}).`);
  } finally {
    db?.close();
  }
}

/**
 * True when another connection (this process or another, e.g. the running bot) has `file` open:
 * leaving WAL mode needs every other connection gone, and fails at once (busy timeout 0) otherwise.
 */
export function isDatabaseInUse(file: string): boolean {
  if (!existsSync(file)) return false;
  const db = new SQLite(file, { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 0");
    db.pragma("journal_mode = DELETE");
    return false;
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith("SQLITE_BUSY")) return true;
    throw error;
  } finally {
    db.close();
  }
}

export interface RestoreResult extends BackupInfo {
  /** Where the database that was replaced now is (null when there was none). */
  previous: string | null;
}

/**
 * Replaces the database at `target` with the backup `from`, after checking the backup. Refuses while
 * the database is in use (stop the bot first). The replaced database is kept beside it as
 * `<target>.before-restore-<time>`; the new one is written under a temporary name and renamed.
 */
export function restoreDatabase(from: string, target: string, now: Date): RestoreResult {
  const info = inspectBackup(from);
  const path = resolve(target);
  if (resolve(from) === path) throw new BackupError("The backup and the database are the same file.");
  if (isDatabaseInUse(path))
    throw new BackupError(
      `The database at ${path} is in use (is scrumbot running?). Stop it first (e.g. systemctl stop scrumbot), then restore.`,
    );
  mkdirSync(dirname(path), { recursive: true });
  const incoming = join(dirname(path), `.${basename(path)}.restoring`);
  copyFileSync(from, incoming);
  fsyncPath(incoming);
  let previous: string | null = null;
  if (existsSync(path)) {
    previous = `${path}.before-restore-${stamp(now)}`;
    renameSync(path, previous);
  }
  // isDatabaseInUse left WAL mode, which checkpointed and removed these; a crash could have left them.
  for (const f of [`${path}-wal`, `${path}-shm`, `${path}-journal`]) rmSync(f, { force: true });
  renameSync(incoming, path);
  fsyncPath(dirname(path));
  return { ...info, previous };
}
