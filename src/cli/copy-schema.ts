/**
 * The migrated schema as `copy` needs it, read from the database itself (never a hand-kept list, so
 * a table added by a later migration is copied too): every table with its columns, primary key,
 * autoincrement column and the tables it references. kysely's own tables (`kysely_migration*`) are
 * left out. The only dialect-specific part of the copy lives here: SQLite's pragmas versus
 * PostgreSQL's catalog (tables of the connection's current schema only).
 */
import { type Kysely, sql } from "kysely";

export interface CopyTable {
  name: string;
  /** Column names, sorted (row values are hashed in this order on both sides). */
  columns: string[];
  /** Primary-key columns in key order (all columns when a table has none). */
  key: string[];
  /** Key columns holding text: PostgreSQL orders them `COLLATE "C"`, byte order as SQLite does. */
  textKey: Set<string>;
  /** The identity / AUTOINCREMENT column, whose sequence PostgreSQL must be told about. */
  autoIncrement: string | null;
  /** Tables this one references (copied before it). */
  references: string[];
}

type Dialect = "sqlite" | "postgres";
// biome-ignore lint/suspicious/noExplicitAny: the copy works on whatever tables the schema has
type AnyDb = Kysely<any>;

/** Every table of the schema, parents before the tables that reference them. */
export async function readSchema(db: AnyDb, dialect: Dialect): Promise<CopyTable[]> {
  let current: string | null = null;
  if (dialect === "postgres") {
    const r = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
    current = r.rows[0]?.schema ?? "public";
  }
  const metas = (await db.introspection.getTables()).filter(
    (t) => !t.isView && (current === null || t.schema === current),
  );
  const tables: CopyTable[] = [];
  for (const meta of metas) {
    const { key, references } =
      dialect === "postgres" ? await postgresKeys(db, meta.name) : await sqliteKeys(db, meta.name);
    const columns = meta.columns.map((c) => c.name).sort();
    const text = new Set(meta.columns.filter((c) => /char|text/i.test(c.dataType)).map((c) => c.name));
    const resolvedKey = key.length > 0 ? key : columns;
    tables.push({
      name: meta.name,
      columns,
      key: resolvedKey,
      textKey: new Set(resolvedKey.filter((k) => text.has(k))),
      autoIncrement: meta.columns.find((c) => c.isAutoIncrementing)?.name ?? null,
      references: references.filter((r) => r !== meta.name),
    });
  }
  return parentsFirst(tables);
}

async function sqliteKeys(db: AnyDb, table: string) {
  const pk = await sql<{
    name: string;
  }>`select name from pragma_table_info(${table}) where pk > 0 order by pk`.execute(db);
  const fk = await sql<{
    ref: string;
  }>`select distinct "table" as ref from pragma_foreign_key_list(${table})`.execute(db);
  return { key: pk.rows.map((r) => r.name), references: fk.rows.map((r) => r.ref) };
}

async function postgresKeys(db: AnyDb, table: string) {
  const relation = sql`(quote_ident(current_schema()) || '.' || quote_ident(${table}))::regclass`;
  const pk = await sql<{ name: string }>`
    select a.attname as name
    from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
    where i.indrelid = ${relation} and i.indisprimary
    order by array_position(i.indkey::int2[], a.attnum)`.execute(db);
  const fk = await sql<{ ref: string }>`
    select distinct r.relname as ref
    from pg_constraint c join pg_class r on r.oid = c.confrelid
    where c.conrelid = ${relation} and c.contype = 'f'`.execute(db);
  return { key: pk.rows.map((r) => r.name), references: fk.rows.map((r) => r.ref) };
}

/** Topological order (Kahn), ties by name so both sides list tables alike. */
function parentsFirst(tables: CopyTable[]): CopyTable[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const ordered: CopyTable[] = [];
  while (ordered.length < tables.length) {
    const ready = tables.filter(
      (t) => !done.has(t.name) && t.references.every((r) => done.has(r) || !byName.has(r)),
    );
    // A reference cycle (none in this schema) would stall: take the rest as they come.
    const next = ready.length > 0 ? ready : tables.filter((t) => !done.has(t.name));
    for (const t of next.sort((a, b) => a.name.localeCompare(b.name))) {
      done.add(t.name);
      ordered.push(t);
    }
  }
  return ordered;
}
