/**
 * Scheduled database backups (BACKUP_SCHEDULE): one instance-wide schedule in the durable scheduler,
 * so a backup missed while the bot was down runs at start-up (within its grace) and never twice.
 * Each run copies the live database with SQLite's online backup API (safe beside the bot's own
 * writes) and keeps the newest BACKUP_KEEP files.
 */
import type SQLite from "better-sqlite3";
import type { BackupConfig } from "../config.js";
import { backupDatabase, pruneBackups } from "../db/backup.js";
import type { Recurrence } from "../domain/schedule/index.js";
import { ConfigError } from "../lib/errors.js";
import type { Logger } from "../lib/logger.js";
import type { Scheduler } from "../services/scheduling.ports.js";

export const BACKUP_JOB = "ops.backup";
/** Backups belong to the installation, not to a Slack team. */
export const INSTANCE_TEAM = "_instance";
const REF = "database";
const ALL_DAYS = [0, 1, 2, 3, 4, 5, 6] as const;

function recurrenceOf(schedule: string): Recurrence {
  return /^\d{2}:\d{2}$/.test(schedule)
    ? { kind: "weekly", days: ALL_DAYS, time: schedule }
    : { kind: "cron", expression: schedule };
}

/**
 * Registers the backup job and creates, updates or (with `backup` null) removes its schedule.
 * Call once while composing the app, before the scheduler starts.
 */
export async function registerBackupJob(deps: {
  scheduler: Scheduler;
  /** Absent on PostgreSQL, where BACKUP_SCHEDULE is refused (operators use pg_dump). */
  sqlite: SQLite.Database | undefined;
  backup: BackupConfig | null;
  logger: Logger;
}): Promise<void> {
  const { scheduler, sqlite, backup, logger } = deps;
  if (backup && !sqlite)
    throw new ConfigError([
      "BACKUP_SCHEDULE is SQLite only (it copies the database file); on PostgreSQL unset it and back up with pg_dump (docs/postgresql.md)",
    ]);
  scheduler.registerJob(BACKUP_JOB, async (ctx) => {
    if (!backup) return; // the schedule was removed after this occurrence was claimed
    if (!sqlite) return; // unreachable: refused above
    const result = await backupDatabase(sqlite, backup.dir, ctx.now);
    const removed = pruneBackups(backup.dir, backup.keep, ctx.now);
    logger.info("database backed up", { file: result.file, bytes: result.bytes, removed: removed.length });
  });
  if (!backup) {
    await scheduler.remove(INSTANCE_TEAM, BACKUP_JOB, REF);
    return;
  }
  await scheduler.upsert({
    teamId: INSTANCE_TEAM,
    jobKind: BACKUP_JOB,
    refId: REF,
    recurrence: recurrenceOf(backup.schedule),
    timeZone: backup.timeZone,
    // A backup a few hours late is still worth taking.
    graceMs: 12 * 60 * 60 * 1000,
    label: `Database backup to ${backup.dir}`,
  });
}
