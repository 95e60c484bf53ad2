/**
 * `npm run cli -- <command>`: offline administration against DATABASE_URL (or --db).
 *
 *   export --team T012 [--format csv|json] [--out FILE]        stories to a file or stdout
 *   import --team T012 --file FILE [--format csv|json] [--as U012] [--skip-invalid]
 *   backup --to DIR [--keep N]                                  consistent copy, safe while the bot runs
 *   restore --from FILE                                         the bot must be stopped
 *   purge --team T012 [--yes]                                   delete everything of a workspace now
 *   copy --from URL --to URL [--force]                          every table to another database (cli/copy.ts)
 *
 * Import validates every row first and writes in one transaction: with any rejected row
 * nothing is imported (exit 1) unless --skip-invalid, which imports the valid rows. The
 * report (stderr) lists each rejected row with its reasons.
 *
 * Everything printed to the terminal goes through `terminalSafe`: text from an imported file or the
 * database can't send escape sequences to it. Export to a file or a pipe stays byte-exact.
 */
import "dotenv/config";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { extname, resolve } from "node:path";
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import SQLite from "better-sqlite3";
import { z } from "zod";
import { BackupError, backupDatabase, pruneBackups, restoreDatabase } from "../db/backup.js";
import { openDatabase, parseDatabaseUrl } from "../db/connection.js";
import { migrateToLatest } from "../db/migrate.js";
import { createTransferUnitOfWork } from "../db/story-transfer.repository.js";
import { createTeamData } from "../db/team-data.repository.js";
import { createWorkspaceStore } from "../db/workspace.repository.js";
import { type Clock, systemClock } from "../lib/clock.js";
import { isAppError, ValidationError } from "../lib/errors.js";
import { createLogger } from "../lib/logger.js";
import { createTransferService, type ImportReport } from "../services/transfer.service.js";
import { createWorkspaceLifecycle } from "../services/workspace-lifecycle.service.js";
import { CopyMismatchError, copyDatabase, formatCopyReport } from "./copy.js";
import { decodeStories, encodeStories, type FileFormat } from "./story-files.js";
import { terminalSafe } from "./terminal-text.js";

/** One line typed on the terminal (the purge confirmation). */
async function askOnTerminal(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

const USAGE = `usage:
  npm run cli -- export --team T012 [--format csv|json] [--out FILE] [--db PATH]
  npm run cli -- import --team T012 --file FILE [--format csv|json] [--as U012] [--skip-invalid] [--db PATH]
  npm run cli -- backup --to DIR [--keep N] [--db PATH]
  npm run cli -- restore --from FILE [--db PATH]
  npm run cli -- purge --team T012 [--yes] [--db PATH]
  npm run cli -- copy --from DATABASE_URL --to DATABASE_URL [--force]`;

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: Record<string, string | undefined>;
  /** True when stdout is a terminal: exported text is then shown with control characters escaped. */
  stdoutIsTTY?: boolean;
  /** Default: the system clock. */
  clock?: Clock;
  /** Asks a question on the terminal and resolves with the line typed; absent when stdin isn't one. */
  prompt?: (question: string) => Promise<string>;
}

const COMMANDS = ["export", "import", "backup", "restore", "purge", "copy"] as const;
type Command = (typeof COMMANDS)[number];

/** Runs the CLI; returns the exit code (0 ok, 1 rejected/failed, 2 usage). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const stderr = (s: string) => io.stderr(terminalSafe(s));
  const clock = io.clock ?? systemClock;
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    stderr(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { command, values } = parsed;
  const dbPath = values.db ?? (io.env.DATABASE_URL || "./data/scrumbot.db");
  const run: Run = { dbPath, values, io, stderr, clock };
  try {
    if ((command === "backup" || command === "restore") && parseDatabaseUrl(dbPath).dialect === "postgres")
      throw new BackupError(
        `${command} is SQLite only (it copies the database file). On PostgreSQL use pg_dump and pg_restore (docs/postgresql.md).`,
      );
    if (command === "copy") return await copy(run);
    if (command === "backup") return await backup(run);
    if (command === "purge") return await purge(run);
    if (command === "restore") {
      const r = restoreDatabase(values.from ?? "", dbPath, clock.now());
      stderr(
        `Restored ${values.from} (schema ${r.schemaVersion}, ${r.stories} ${r.stories === 1 ? "story" : "stories"}) to ${resolve(dbPath)}.\n` +
          (r.previous ? `The database it replaced is kept as ${r.previous}.\n` : ""),
      );
      return 0;
    }
    return await transfer(command, run);
  } catch (error) {
    stderr(`${isAppError(error) ? error.userMessage : (error as Error).message}\n`);
    return 1;
  }
}

type Values = z.infer<typeof argsSchema>;

/** One CLI run: the parsed options, the database path, output (terminal-safe stderr) and time. */
interface Run {
  dbPath: string;
  values: Values;
  io: CliIo;
  stderr: (s: string) => void;
  clock: Clock;
}

/** Every table from --from to --to, with counts and checksums of both sides on stdout. */
async function copy({ values, io, stderr }: Run): Promise<number> {
  try {
    const report = await copyDatabase({
      from: values.from ?? "",
      to: values.to ?? "",
      force: values.force ?? false,
      onTable: (table, rows) => stderr(`copied ${table} (${rows} ${rows === 1 ? "row" : "rows"})\n`),
    });
    io.stdout(terminalSafe(formatCopyReport(report)));
    return 0;
  } catch (error) {
    // Rolled back: still show both sides per table, so the differing ones can be looked into.
    if (error instanceof CopyMismatchError) io.stdout(terminalSafe(formatCopyReport(error.report)));
    throw error;
  }
}

async function backup({ dbPath, values, io, stderr, clock }: Run): Promise<number> {
  const dir = values.to ?? io.env.BACKUP_DIR;
  if (!dir) throw new ValidationError({ to: "backup needs --to DIR (or BACKUP_DIR)" });
  if (dbPath === ":memory:" || !existsSync(dbPath))
    throw new BackupError(`There is no database at ${dbPath} to back up (set DATABASE_URL or --db).`);
  // Opened as it is: no migration (a backup taken before an upgrade must be of the old schema).
  const sqlite = new SQLite(resolve(dbPath), { fileMustExist: true });
  try {
    sqlite.pragma("busy_timeout = 5000");
    const result = await backupDatabase(sqlite, dir, clock.now());
    stderr(`Backed up ${resolve(dbPath)} to ${result.file} (${Math.ceil(result.bytes / 1024)} KB).\n`);
  } finally {
    sqlite.close();
  }
  if (values.keep !== undefined) {
    const removed = pruneBackups(dir, values.keep, clock.now());
    if (removed.length > 0)
      stderr(`Removed ${removed.length} older ${removed.length === 1 ? "backup" : "backups"}.\n`);
  }
  return 0;
}

/**
 * Deletes every row of one workspace now (what the daily job does after DATA_RETENTION_DAYS),
 * after showing what will go and asking for the team id to be typed (or `--yes`).
 */
async function purge({ dbPath, values, io, stderr, clock }: Run): Promise<number> {
  const team = values.team ?? "";
  const stdout = (s: string) => io.stdout(terminalSafe(s));
  const database = openDatabase(dbPath);
  try {
    await migrateToLatest(database.db);
    const lifecycle = createWorkspaceLifecycle({
      store: createWorkspaceStore(database.db),
      data: createTeamData(database.db),
      pending: { failPending: async () => 0 },
      clock,
      logger: createLogger("silent"),
      retentionDays: 0,
    });
    const [preview, state] = await Promise.all([lifecycle.preview(team), lifecycle.status(team)]);
    const total = preview.reduce((sum, t) => sum + t.rows, 0);
    if (total === 0) {
      stdout(`Nothing stored for ${team}: nothing to delete.\n`);
      return 0;
    }
    stderr(`This deletes everything scrumbot holds for ${team}: ${rowsIn(total, preview.length)}.\n`);
    if (!state || state.status === "active")
      stderr(`${team} has not uninstalled scrumbot: its people can go on using it, starting from nothing.\n`);
    if (!values.yes) {
      if (!io.prompt)
        throw new ValidationError({ yes: "purge asks for confirmation: run it in a terminal, or add --yes" });
      const answer = (await io.prompt(`Type ${team} to delete it, anything else to stop: `)).trim();
      if (answer !== team) {
        stderr(`Nothing deleted (you typed ${JSON.stringify(answer)}, not ${team}).\n`);
        return 1;
      }
    }
    const report = await lifecycle.purge(team);
    const width = Math.max(...report.tables.map((t) => t.table.length));
    stdout(
      `Deleted ${rowsIn(report.total, report.tables.length)} of ${team}:\n` +
        report.tables.map((t) => `  ${t.table.padEnd(width)}  ${t.rows}\n`).join(""),
    );
    return 0;
  } finally {
    await database.close();
  }
}

const rowsIn = (rows: number, tables: number) =>
  `${rows} ${rows === 1 ? "row" : "rows"} in ${tables} ${tables === 1 ? "table" : "tables"}`;

async function transfer(
  command: Exclude<Command, "backup" | "restore" | "purge" | "copy">,
  { dbPath, values, io, stderr, clock }: Run,
): Promise<number> {
  const team = values.team ?? "";
  const database = openDatabase(dbPath);
  try {
    await migrateToLatest(database.db);
    const service = createTransferService({ uow: createTransferUnitOfWork(database.db), clock });
    if (command === "export") {
      const format = values.format ?? formatOf(values.out) ?? "csv";
      const records = await service.exportRecords(team);
      const text = encodeStories(records, format, { teamId: team, at: clock.now() });
      if (values.out) {
        writeFileSync(values.out, text);
        stderr(`Exported ${records.length} stories of ${team} to ${values.out}.\n`);
      } else io.stdout(io.stdoutIsTTY ? terminalSafe(text) : text);
      return 0;
    }
    if (!values.file) throw new ValidationError({ file: "import needs --file FILE" });
    const format = values.format ?? formatOf(values.file) ?? "csv";
    const records = decodeStories(readFileSync(values.file, "utf8"), format);
    const report = await service.importRecords({
      teamId: team,
      records,
      actor: values.as ?? "UIMPORT",
      skipInvalid: values["skip-invalid"] ?? false,
    });
    stderr(formatReport(report, team));
    return report.committed ? 0 : 1;
  } finally {
    await database.close();
  }
}

const argsSchema = z.object({
  team: z
    .string()
    .regex(/^[TE][A-Z0-9]+$/, { error: "--team must be a Slack team id like T012ABC" })
    .optional(),
  format: z.enum(["csv", "json"], { error: "--format must be csv or json" }).optional(),
  out: z.string().optional(),
  file: z.string().optional(),
  as: z
    .string()
    .regex(/^[UW][A-Z0-9]+$/, { error: "--as must be a Slack user id like U012ABC" })
    .optional(),
  db: z.string().optional(),
  "skip-invalid": z.boolean().optional(),
  yes: z.boolean().optional(),
  force: z.boolean().optional(),
  to: z.string().min(1).optional(),
  from: z.string().min(1).optional(),
  keep: z.coerce
    .number({ error: "--keep must be a number of backups, e.g. 7" })
    .int({ error: "--keep must be a whole number" })
    .min(1, { error: "--keep must be at least 1" })
    .optional(),
});

function parse(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      team: { type: "string" },
      format: { type: "string" },
      out: { type: "string" },
      file: { type: "string" },
      as: { type: "string" },
      db: { type: "string" },
      "skip-invalid": { type: "boolean" },
      yes: { type: "boolean" },
      force: { type: "boolean" },
      to: { type: "string" },
      from: { type: "string" },
      keep: { type: "string" },
    },
  });
  const command = positionals[0] as Command | undefined;
  if (!command || !COMMANDS.includes(command)) throw new Error(`unknown command: ${command ?? "(none)"}`);
  const checked = argsSchema.safeParse(values);
  if (!checked.success) throw new Error(checked.error.issues.map((i) => i.message).join("\n"));
  if (command === "copy" && !(checked.data.from && checked.data.to))
    throw new Error("copy needs --from and --to (each a DATABASE_URL: a SQLite file or postgres://…)");
  const required = {
    export: "team",
    import: "team",
    backup: null,
    restore: "from",
    purge: "team",
    copy: null,
  } as const;
  const needed = required[command];
  if (needed && !checked.data[needed]) throw new Error(`${command} needs --${needed}`);
  return { command, values: checked.data };
}

function formatOf(path: string | undefined): FileFormat | null {
  const ext = path ? extname(path).toLowerCase() : "";
  return ext === ".json" ? "json" : ext === ".csv" ? "csv" : null;
}

export function formatReport(r: ImportReport, teamId: string): string {
  const lines = r.rejected.map((x) => `  row ${x.row}: ${x.reasons.join("; ")}`);
  const head = r.committed
    ? `Imported ${r.imported} of ${r.rows} rows into ${teamId}.`
    : `Nothing imported: ${r.rejected.length} of ${r.rows} rows rejected (fix them, or use --skip-invalid).`;
  return `${[head, ...(lines.length > 0 ? ["Rejected rows:", ...lines] : [])].join("\n")}\n`;
}

// Run only when executed directly (tests import runCli).
if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
    ...(process.stdin.isTTY ? { prompt: askOnTerminal } : {}),
  });
}
