/**
 * Every row a workspace owns, found from the schema itself so a table added later is covered
 * without anyone remembering to list it: each table with a `team_id` column, plus each table that
 * has no `team_id` but points (by foreign key, at any depth) at rows that are the team's.
 *
 * Deletion runs children before parents (foreign keys read from the database), so every row is
 * counted by the statement that deleted it rather than vanishing through ON DELETE CASCADE.
 * Reading tables, columns and foreign keys is dialect-specific (see dialect.ts).
 */
import { type Expression, type Kysely, type SqlBool, sql } from "kysely";
import type { TableRows, TeamData } from "../services/workspace-lifecycle.ports.js";
import type { Database } from "./database.js";
import { type ForeignKey, foreignKeysOf, tablesWithColumns } from "./dialect.js";

/** Not workspace data: the migrator's bookkeeping and the lifecycle's own tombstones. */
const NOT_TEAM_DATA = new Set(["workspaces", "kysely_migration", "kysely_migration_lock"]);

interface TeamTable {
  name: string;
  hasTeamId: boolean;
  /** Foreign keys to other team tables (what links a `team_id`-less table to its team). */
  parents: ForeignKey[];
}

// biome-ignore lint/suspicious/noExplicitAny: table names are discovered at run time
type AnyDb = Kysely<any>;

/** The team's tables, children before parents. */
async function teamTables(db: AnyDb): Promise<TeamTable[]> {
  const all = (await tablesWithColumns(db)).filter((t) => !NOT_TEAM_DATA.has(t.name));
  const fks = new Map<string, ForeignKey[]>();
  for (const t of all) fks.set(t.name, await foreignKeysOf(db, t.name));
  const owned = new Set(all.filter((t) => t.columns.includes("team_id")).map((t) => t.name));
  // A table without team_id is the team's when it points at a team table; repeat for chains.
  for (let grew = true; grew; ) {
    grew = false;
    for (const t of all) {
      if (owned.has(t.name)) continue;
      if ((fks.get(t.name) ?? []).some((fk) => owned.has(fk.refTable))) {
        owned.add(t.name);
        grew = true;
      }
    }
  }
  const tables = all
    .filter((t) => owned.has(t.name))
    .map((t) => ({
      name: t.name,
      hasTeamId: t.columns.includes("team_id"),
      parents: (fks.get(t.name) ?? []).filter((fk) => owned.has(fk.refTable) && fk.refTable !== t.name),
    }));
  // Depth-first: a table is listed after every table that references it (children first).
  const byName = new Map(tables.map((t) => [t.name, t]));
  const children = new Map<string, string[]>();
  for (const t of tables)
    for (const p of t.parents) children.set(p.refTable, [...(children.get(p.refTable) ?? []), t.name]);
  const ordered: TeamTable[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const place = (name: string) => {
    if (placed.has(name) || visiting.has(name)) return; // a cycle: keep the order we have
    visiting.add(name);
    for (const child of (children.get(name) ?? []).sort()) place(child);
    visiting.delete(name);
    placed.add(name);
    const table = byName.get(name);
    if (table) ordered.push(table);
  };
  for (const t of [...tables].sort((a, b) => a.name.localeCompare(b.name))) place(t.name);
  return ordered;
}

/** SQL condition selecting the team's rows of `table` (through its parents when it has no team_id). */
function ownedBy(
  db: AnyDb,
  table: TeamTable,
  byName: Map<string, TeamTable>,
  teamId: string,
  depth = 0,
): Expression<SqlBool> {
  if (table.hasTeamId || depth > 8) return sql<SqlBool>`${sql.ref(`${table.name}.team_id`)} = ${teamId}`;
  const links = table.parents.flatMap((fk) => {
    const parent = byName.get(fk.refTable);
    if (!parent) return [];
    const ids = db
      .selectFrom(parent.name)
      .select(sql.ref(`${parent.name}.${fk.refColumn}`).as("ref"))
      .where(ownedBy(db, parent, byName, teamId, depth + 1));
    return [sql<SqlBool>`${sql.ref(`${table.name}.${fk.column}`)} IN (${ids})`];
  });
  return links.length === 0 ? sql<SqlBool>`1 = 0` : sql<SqlBool>`(${sql.join(links, sql` OR `)})`;
}

export function createTeamData(db: Kysely<Database>): TeamData {
  const anyDb = db as unknown as AnyDb;
  return {
    async count(teamId) {
      const tables = await teamTables(anyDb);
      const byName = new Map(tables.map((t) => [t.name, t]));
      const out: TableRows[] = [];
      for (const t of tables) {
        const row = await anyDb
          .selectFrom(t.name)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where(ownedBy(anyDb, t, byName, teamId))
          .executeTakeFirst();
        const rows = Number(row?.n ?? 0);
        if (rows > 0) out.push({ table: t.name, rows });
      }
      return out;
    },

    async erase(teamId) {
      const tables = await teamTables(anyDb);
      return anyDb.transaction().execute(async (trx) => {
        const byName = new Map(tables.map((t) => [t.name, t]));
        const out: TableRows[] = [];
        for (const t of tables) {
          const result = await trx
            .deleteFrom(t.name)
            .where(ownedBy(trx, t, byName, teamId))
            .executeTakeFirst();
          const rows = Number(result.numDeletedRows);
          if (rows > 0) out.push({ table: t.name, rows });
        }
        return out;
      });
    },
  };
}
