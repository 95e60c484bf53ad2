/**
 * `npm run cli -- <command>`: offline administration against DATABASE_URL (or --db).
 *
 *   export --team T012 [--format csv|json] [--out FILE]        stories to a file or stdout
 *   import --team T012 --file FILE [--format csv|json] [--as U012] [--skip-invalid]
 *
 * Import validates every row first and writes in one transaction: with any rejected row
 * nothing is imported (exit 1) unless --skip-invalid, which imports the valid rows. The
 * report (stderr) lists each rejected row with its reasons.
 */
import "dotenv/config";
import { readFileSync, writeFileSync } from "node:fs";
import { extname } from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { openDatabase } from "../db/connection.js";
import { migrateToLatest } from "../db/migrate.js";
import { createTransferUnitOfWork } from "../db/story-transfer.repository.js";
import { systemClock } from "../lib/clock.js";
import { isAppError, ValidationError } from "../lib/errors.js";
import { createTransferService, type ImportReport } from "../services/transfer.service.js";
import { decodeStories, encodeStories, type FileFormat } from "./story-files.js";

const USAGE = `usage:
  npm run cli -- export --team T012 [--format csv|json] [--out FILE] [--db PATH]
  npm run cli -- import --team T012 --file FILE [--format csv|json] [--as U012] [--skip-invalid] [--db PATH]`;

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: Record<string, string | undefined>;
}

/** Runs the CLI; returns the exit code (0 ok, 1 rejected/failed, 2 usage). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.stderr(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { command, values } = parsed;
  const dbPath = values.db ?? (io.env.DATABASE_URL || "./data/scrumbot.db");
  const database = openDatabase(dbPath);
  try {
    await migrateToLatest(database.db);
    const service = createTransferService({ uow: createTransferUnitOfWork(database.db), clock: systemClock });
    if (command === "export") {
      const format = values.format ?? formatOf(values.out) ?? "csv";
      const records = await service.exportRecords(values.team);
      const text = encodeStories(records, format, { teamId: values.team, at: systemClock.now() });
      if (values.out) {
        writeFileSync(values.out, text);
        io.stderr(`Exported ${records.length} stories of ${values.team} to ${values.out}.\n`);
      } else io.stdout(text);
      return 0;
    }
    if (!values.file) throw new ValidationError({ file: "import needs --file FILE" });
    const format = values.format ?? formatOf(values.file) ?? "csv";
    const records = decodeStories(readFileSync(values.file, "utf8"), format);
    const report = await service.importRecords({
      teamId: values.team,
      records,
      actor: values.as ?? "UIMPORT",
      skipInvalid: values["skip-invalid"] ?? false,
    });
    io.stderr(formatReport(report, values.team));
    return report.committed ? 0 : 1;
  } catch (error) {
    io.stderr(`${isAppError(error) ? error.userMessage : (error as Error).message}\n`);
    return 1;
  } finally {
    await database.close();
  }
}

const argsSchema = z.object({
  team: z.string().regex(/^[TE][A-Z0-9]+$/, { error: "--team must be a Slack team id like T012ABC" }),
  format: z.enum(["csv", "json"], { error: "--format must be csv or json" }).optional(),
  out: z.string().optional(),
  file: z.string().optional(),
  as: z
    .string()
    .regex(/^[UW][A-Z0-9]+$/, { error: "--as must be a Slack user id like U012ABC" })
    .optional(),
  db: z.string().optional(),
  "skip-invalid": z.boolean().optional(),
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
    },
  });
  const command = positionals[0];
  if (command !== "export" && command !== "import")
    throw new Error(`unknown command: ${command ?? "(none)"}`);
  const checked = argsSchema.safeParse(values);
  if (!checked.success) throw new Error(checked.error.issues.map((i) => i.message).join("\n"));
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
  });
}
