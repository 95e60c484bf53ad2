/**
 * `npm run cli -- copy --from URL --to URL [--force]`: copies every table of the schema from one
 * database to another, in any direction between SQLite and PostgreSQL (moving up from SQLite is
 * the usual one), and proves it with a row count and a checksum per table on both sides.
 *
 * - The tables come from the migrated schema itself (`copy-schema.ts`), so new tables are included.
 * - Both sides must be at the same migration set: the target is migrated first; a source that is
 *   older must be migrated by its own release first, one that is newer is refused.
 * - A target holding any row is refused unless `--force`, which replaces everything in it.
 * - The source is read in one snapshot (a read transaction; REPEATABLE READ on PostgreSQL); the
 *   target is written in ONE transaction, in batches, parents before children, ids preserved.
 *   PostgreSQL identity sequences are then moved past the copied ids. The target's checksums are
 *   computed inside that transaction: any difference rolls the whole copy back.
 *
 * Checksum: sha256 over the rows in primary-key order (text keys in byte order on both dialects),
 * each row as its values in column-name order, normalised so SQLite and PostgreSQL agree (numbers
 * as decimal text, bytes as hex, booleans as 0/1, dates as ISO-8601).
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { type Kysely, sql } from "kysely";
import { migrations as knownMigrations } from "../../db/migrations/index.js";
import { openDatabase } from "../db/connection.js";
import { parseDatabaseUrl, redactDatabaseUrl } from "../db/database-url.js";
import { appliedMigrations, DatabaseNewerThanCodeError, migrateToLatest } from "../db/migrate.js";
import { AppError } from "../lib/errors.js";
import { type CopyTable, readSchema } from "./copy-schema.js";

// biome-ignore lint/suspicious/noExplicitAny: the copy works on whatever tables the schema has
type AnyDb = Kysely<any>;
type Row = Record<string, unknown>;

export interface CopyOptions {
  from: string;
  to: string;
  /** Replace whatever the target holds. */
  force?: boolean;
  /** Rows per read and per insert (capped by the bound-parameter limits). Default 500. */
  batchSize?: number;
  /** Told after each table is copied (progress on stderr). */
  onTable?: (table: string, rows: number) => void;
}

export interface TableCheck {
  table: string;
  source: { rows: number; sha256: string };
  target: { rows: number; sha256: string };
}

export interface CopyReport {
  from: string;
  to: string;
  /** The newest migration both sides are at. */
  migration: string;
  tables: TableCheck[];
}

/** Something the person can fix (a missing source, a non-empty target, migrations apart). */
export class CopyRefusedError extends AppError {
  constructor(message: string) {
    super("validation", message);
  }
}

/** The copy was rolled back because a table's rows or checksum differ between the sides. */
export class CopyMismatchError extends AppError {
  constructor(readonly report: CopyReport) {
    const bad = report.tables.filter((t) => !tableMatches(t)).map((t) => t.table);
    super(
      "internal",
      `The copy was rolled back: ${bad.join(", ")} differ between source and target. Nothing was written. ` +
        "Report this with the table list above; the source is untouched.",
    );
  }
}

export const tableMatches = (t: TableCheck) =>
  t.source.rows === t.target.rows && t.source.sha256 === t.target.sha256;

/** Copies `from` into `to`; resolves with both sides' counts and checksums (all equal). */
export async function copyDatabase(options: CopyOptions): Promise<CopyReport> {
  const fromTarget = parseDatabaseUrl(options.from);
  parseDatabaseUrl(options.to); // a malformed --to stops here, before anything is opened
  if (options.from === options.to)
    throw new CopyRefusedError("--from and --to name the same database: give the copy a different target.");
  if (fromTarget.dialect === "sqlite" && fromTarget.path !== ":memory:" && !existsSync(fromTarget.path))
    throw new CopyRefusedError(`There is no database at ${options.from} to copy from (check --from).`);
  if (fromTarget.dialect === "sqlite" && fromTarget.path === ":memory:")
    throw new CopyRefusedError(
      "--from :memory: is always empty: copy from a database file or a PostgreSQL URL.",
    );

  const source = openDatabase(options.from, { poolSize: 2 });
  const target = openDatabase(options.to, { poolSize: 2 });
  try {
    const migration = await sameMigrations(source.db, target.db, options);
    const tables = await readSchema(source.db, source.dialect);
    await sameTables(tables, await readSchema(target.db, target.dialect));

    const report: CopyReport = {
      from: redactDatabaseUrl(options.from),
      to: redactDatabaseUrl(options.to),
      migration,
      tables: [],
    };
    const snapshot = source.db
      .transaction()
      // A snapshot on PostgreSQL; SQLite's read transaction is one already (kysely ignores the level).
      .setIsolationLevel("repeatable read");
    await snapshot.execute((src) =>
      target.db.transaction().execute(async (dst) => {
        await emptyOrForced(dst, tables, options.force ?? false);
        for (const table of tables) {
          const copied = await copyTable(src, dst, table, source.dialect, options.batchSize ?? 500);
          options.onTable?.(table.name, copied.rows);
          report.tables.push({ table: table.name, source: copied, target: { rows: 0, sha256: "" } });
        }
        if (target.dialect === "postgres") await moveSequences(dst, tables);
        for (const check of report.tables) {
          const table = tables.find((t) => t.name === check.table) as CopyTable;
          check.target = await checksum(dst, table, target.dialect, options.batchSize ?? 500);
        }
        if (!report.tables.every(tableMatches)) throw new CopyMismatchError(report);
      }),
    );
    return report;
  } finally {
    await source.close();
    await target.close();
  }
}

/** Migrates the target, then requires the source to be at exactly the same migrations. */
async function sameMigrations(source: AnyDb, target: AnyDb, options: CopyOptions): Promise<string> {
  const fromApplied = await appliedMigrations(source);
  if (fromApplied.length === 0)
    throw new CopyRefusedError(
      `${options.from} holds no scrumbot database (no migrations recorded): check --from.`,
    );
  const unknown = fromApplied.filter((name) => !(name in knownMigrations));
  if (unknown.length > 0) throw new DatabaseNewerThanCodeError(unknown);
  await migrateToLatest(target);
  const toApplied = await appliedMigrations(target);
  if (toApplied.join("\n") !== fromApplied.join("\n")) {
    throw new CopyRefusedError(
      `The source is at migration ${fromApplied.at(-1)}, this release at ${toApplied.at(-1)}. ` +
        `Migrate the source first (DATABASE_URL=${redactDatabaseUrl(options.from)} npm run migrate), then copy again.`,
    );
  }
  return toApplied.at(-1) ?? "";
}

async function sameTables(source: CopyTable[], target: CopyTable[]): Promise<void> {
  const describe = (ts: CopyTable[]) =>
    ts
      .map((t) => `${t.name}(${t.columns.join(",")})`)
      .sort()
      .join("\n");
  if (describe(source) !== describe(target))
    throw new CopyRefusedError(
      "The source and target schemas differ although their migrations match (a table was changed by hand?). Copy into a new, empty database.",
    );
}

async function emptyOrForced(dst: AnyDb, tables: CopyTable[], force: boolean): Promise<void> {
  const filled: string[] = [];
  for (const t of tables) {
    const any = await dst.selectFrom(t.name).select(sql`1`.as("one")).limit(1).execute();
    if (any.length > 0) filled.push(t.name);
  }
  if (filled.length === 0) return;
  if (!force)
    throw new CopyRefusedError(
      `The target already holds data (${filled.slice(0, 5).join(", ")}${filled.length > 5 ? ", …" : ""}). ` +
        "Copy into an empty database, or add --force to replace everything in it.",
    );
  // Children first, so no reference is left dangling at any point.
  for (const t of [...tables].reverse()) await dst.deleteFrom(t.name).execute();
}

/** Rows per statement: SQLite binds at most 32,766 values, PostgreSQL 65,535. */
function rowsPerBatch(table: CopyTable, batchSize: number): number {
  return Math.max(1, Math.min(batchSize, Math.floor(30_000 / Math.max(1, table.columns.length))));
}

/** Rows of `table` in key order, a batch at a time. */
async function* batches(
  db: AnyDb,
  table: CopyTable,
  dialect: "sqlite" | "postgres",
  size: number,
): AsyncGenerator<Row[]> {
  for (let offset = 0; ; offset += size) {
    let query = db.selectFrom(table.name).selectAll();
    for (const column of table.key) {
      // Byte order for text on both sides (SQLite's BINARY collation is byte order already).
      query = query.orderBy(
        dialect === "postgres" && table.textKey.has(column)
          ? sql`${sql.ref(column)} collate "C"`
          : sql.ref(column),
      );
    }
    const rows = (await query.limit(size).offset(offset).execute()) as Row[];
    if (rows.length > 0) yield rows;
    if (rows.length < size) return;
  }
}

async function copyTable(
  src: AnyDb,
  dst: AnyDb,
  table: CopyTable,
  dialect: "sqlite" | "postgres",
  batchSize: number,
): Promise<{ rows: number; sha256: string }> {
  const hash = createHash("sha256");
  let rows = 0;
  for await (const batch of batches(src, table, dialect, rowsPerBatch(table, batchSize))) {
    for (const row of batch) hash.update(canonicalRow(row, table.columns));
    await dst.insertInto(table.name).values(batch).execute();
    rows += batch.length;
  }
  return { rows, sha256: hash.digest("hex") };
}

/** Count and checksum of one table, read as `copyTable` reads (same order, same normalisation). */
export async function checksum(
  db: AnyDb,
  table: CopyTable,
  dialect: "sqlite" | "postgres",
  batchSize = 500,
): Promise<{ rows: number; sha256: string }> {
  const hash = createHash("sha256");
  let rows = 0;
  for await (const batch of batches(db, table, dialect, rowsPerBatch(table, batchSize))) {
    for (const row of batch) hash.update(canonicalRow(row, table.columns));
    rows += batch.length;
  }
  return { rows, sha256: hash.digest("hex") };
}

/**
 * One row as a line of text both dialects produce alike: `[value, …]` in column-name order, every
 * value tagged with its kind (so the text "1" and the number 1 differ) and written the same way
 * whichever driver read it (an int8 PostgreSQL hands over as a string is still the number).
 */
export function canonicalRow(row: Row, columns: string[]): string {
  return `${JSON.stringify(columns.map((c) => canonicalValue(row[c])))}\n`;
}

function canonicalValue(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "bigint") return `n:${v.toString()}`;
  if (typeof v === "boolean") return `n:${v ? 1 : 0}`;
  if (typeof v === "string") return `s:${v}`;
  if (v instanceof Date) return `s:${v.toISOString()}`;
  if (v instanceof Uint8Array) return `b:${Buffer.from(v).toString("hex")}`;
  return `j:${JSON.stringify(v)}`;
}

/** PostgreSQL: each identity column's next value comes after the largest copied id. */
async function moveSequences(dst: AnyDb, tables: CopyTable[]): Promise<void> {
  for (const t of tables) {
    if (!t.autoIncrement) continue;
    const column = sql.ref(t.autoIncrement);
    await sql`select setval(
        pg_get_serial_sequence(quote_ident(current_schema()) || '.' || quote_ident(${t.name}), ${t.autoIncrement}),
        coalesce((select max(${column}) from ${sql.table(t.name)}), 0) + 1,
        false)`.execute(dst);
  }
}

/**
 * The report as printed: one line per table with both sides' rows and checksums (the first 16 hex
 * digits; equal prefixes of sha256 are as good as equal for a person comparing), then a summary.
 */
export function formatCopyReport(report: CopyReport): string {
  const width = Math.max(5, ...report.tables.map((t) => t.table.length));
  const rowsWidth = Math.max(4, ...report.tables.map((t) => String(t.source.rows).length));
  const line = (a: string, b: string, c: string, d: string, e: string, f: string) =>
    `${a.padEnd(width)}  ${b.padStart(rowsWidth)}  ${c.padEnd(16)}  ${d.padStart(rowsWidth)}  ${e.padEnd(16)}  ${f}`.trimEnd();
  const total = report.tables.reduce((n, t) => n + t.source.rows, 0);
  const matching = report.tables.filter(tableMatches).length;
  return [
    report.tables.every(tableMatches)
      ? `Copied ${report.from} → ${report.to} (migration ${report.migration}).`
      : `NOT copied ${report.from} → ${report.to} (migration ${report.migration}): rolled back.`,
    "",
    line("table", "rows", "source sha256", "rows", "target sha256", ""),
    ...report.tables.map((t) =>
      line(
        t.table,
        String(t.source.rows),
        t.source.sha256.slice(0, 16),
        String(t.target.rows),
        t.target.sha256.slice(0, 16),
        tableMatches(t) ? "ok" : "DIFFERENT",
      ),
    ),
    "",
    `${matching} of ${report.tables.length} tables match; ${total} ${total === 1 ? "row" : "rows"} copied.`,
    "",
  ].join("\n");
}
