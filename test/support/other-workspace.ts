/**
 * The second workspace every app-harness test runs beside (issue 15): T0OTHER, with its own
 * people, channel, stories, an admin, a retro card and a standup with a past day's answers and a
 * resolved blocker, stored in the same database and registered in the same fake Slack.
 *
 * Nothing a test does in its own workspace may reach it. After the test (`TestApp.stop`):
 * - every row with `team_id = T0OTHER` is what it was after seeding (a dump before and after);
 * - no Slack call, response_url post or Socket Mode ack carries its ids or its words;
 * - the fake refuses any call whose token isn't the other workspace's on its channel or people
 *   (per-call check in src/simulator), so a call that did reach it fails in the test too.
 *
 * The seed has nothing scheduled (no standup schedule, no sprint review, no digest): in
 * single-token mode the app's one token serves one workspace, so a scheduled job of the other
 * workspace would be a set-up the app can't have, not a leak.
 */
import type { Kysely } from "kysely";
import { sql } from "kysely";
import type { Database } from "../../src/db/database.js";
import { tablesWithColumns } from "../../src/db/dialect.js";
import type { FakeSlack } from "./fake-slack.js";

export const OTHER_TEAM_ID = "T0OTHER";
export const OTHER_CHANNEL = "C0OTHERTEAM";
export const OTHER_PO = "U0OTHERPO";
export const OTHER_DEV = "U0OTHERDEV";
/** Words only the other workspace wrote: seen anywhere in what Slack received, they leaked. */
export const OTHER_WORDS = [
  "Zanzibar ledger reconciliation",
  "Quokka payroll export",
  "Marzipan retro card",
  "Walrus standup answer",
] as const;
const OTHER_IDS = [OTHER_TEAM_ID, OTHER_CHANNEL, OTHER_PO, OTHER_DEV] as const;

/** Registers the other workspace, its people and channel in the fake (its resources are its own). */
export function addOtherWorkspaceToFake(fake: FakeSlack): void {
  fake.addWorkspace({ teamId: OTHER_TEAM_ID, name: "Other Co", domain: "other-co" });
  fake.addUser({ id: OTHER_PO, name: "olga", tz: "Asia/Tokyo", teamId: OTHER_TEAM_ID });
  fake.addUser({ id: OTHER_DEV, name: "otto", tz: "Asia/Tokyo", teamId: OTHER_TEAM_ID });
  fake.addChannel({ id: OTHER_CHANNEL, name: "other-team", botIsMember: true, teamIds: [OTHER_TEAM_ID] });
}

/**
 * Writes the other workspace's data in one transaction, rows shaped as the app's services write
 * them (a story as `/story` saves it, a card as the retro form does, a standup day as the standup
 * flow stores it). Direct inserts rather than service calls: this runs before every e2e test on
 * both dialects, and one transaction costs a fraction of a dozen.
 */
export async function seedOtherWorkspace(
  db: Kysely<Database>,
  schema: TeamTables,
  at: Date,
): Promise<string[]> {
  const teamId = OTHER_TEAM_ID;
  const iso = at.toISOString();
  const day = new Date(at.getTime() - 86_400_000).toISOString().slice(0, 10);
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto("team_roles")
      .values({ team_id: teamId, user_id: OTHER_PO, role: "admin", assigned_by: OTHER_PO, assigned_at: iso })
      .execute();
    const story = (title: string, number: number, estimate: number | null) => ({
      team_id: teamId,
      number,
      title,
      persona: "accountant",
      want: "to close the month",
      benefit: "books balance",
      acceptance_criteria: JSON.stringify(["totals match"]),
      estimate,
      priority: "high",
      status: "new",
      rank: number * 1024,
      labels: JSON.stringify(["finance"]),
      created_by: OTHER_PO,
      source_permalink: null,
      created_at: iso,
      updated_at: iso,
      archived_at: null,
      goal_id: null,
      feature_id: null,
    });
    await trx
      .insertInto("stories")
      .values([story(OTHER_WORDS[0], 1, 3), story(OTHER_WORDS[1], 2, null)])
      .execute();
    const retro = await trx
      .insertInto("retros")
      .values({
        team_id: teamId,
        channel_id: "",
        state: "collecting",
        opened_by: "",
        created_at: "1970-01-01T00:00:00.000Z",
        revealed_at: null,
        closed_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("retro_cards")
      .values({
        team_id: teamId,
        retro_id: retro.id,
        category: "well",
        text: OTHER_WORDS[2],
        public_id: "0therw0rkspace01",
      })
      .execute();
    // No schedule row for this standup (see the file comment).
    const standup = await trx
      .insertInto("standups")
      .values({
        team_id: teamId,
        name: "Other daily",
        channel_id: OTHER_CHANNEL,
        owner_id: OTHER_PO,
        participants: JSON.stringify([OTHER_PO, OTHER_DEV]),
        days: JSON.stringify([1, 2, 3, 4, 5]),
        prompt_time: "09:00",
        time_zone_mode: "fixed",
        fixed_time_zone: "Asia/Tokyo",
        questions: JSON.stringify(["What did you do?", "What will you do?", "Anything blocking you?"]),
        blocker_question: 2,
        close_after_minutes: 240,
        reminder_after_minutes: null,
        report_style: "thread",
        stale_blocker_days: 3,
        created_at: iso,
        updated_at: iso,
        deleted_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("standup_answers")
      .values({
        team_id: teamId,
        standup_id: standup.id,
        day,
        user_id: OTHER_DEV,
        items: JSON.stringify([OTHER_WORDS[3], "more of it", "a blocker, since solved"]),
        late: 0,
        revision: 1,
        submitted_at: iso,
        updated_at: iso,
      })
      .execute();
    await trx
      .insertInto("standup_blockers")
      .values({
        team_id: teamId,
        standup_id: standup.id,
        user_id: OTHER_DEV,
        day,
        text: "a blocker, since solved",
        created_at: iso,
        resolved_at: iso,
        resolved_by: OTHER_PO,
        stale_notified_at: null,
      })
      .execute();
    // The snapshot, on the connection that just wrote these tables: on a fresh database the other
    // tables hold none of its rows, and reading all of them here would cost PostgreSQL a cold
    // catalog lookup each (the check after the test reads all of them).
    return otherRows(trx, schema, SEEDED_TABLES);
  });
}

/** The tables the seed writes. */
const SEEDED_TABLES = [
  "team_roles",
  "stories",
  "retros",
  "retro_cards",
  "standups",
  "standup_answers",
  "standup_blockers",
];

/** How to read the other workspace's rows from one database: its team tables and their columns. */
export interface TeamTables {
  dialect: "sqlite" | "postgres";
  tables: { name: string; columns: string[] }[];
}

/** Team tables of a freshly migrated database, per dialect: the same schema for every test. */
const freshSchema = new Map<string, TeamTables>();

/**
 * The tables with a `team_id` column. `fresh`: the database was just migrated to the latest
 * schema, so an earlier test's reading of the schema holds (saves the introspection).
 */
export async function teamTables(
  db: Kysely<Database>,
  dialect: "sqlite" | "postgres",
  fresh: boolean,
): Promise<TeamTables> {
  const known = fresh ? freshSchema.get(dialect) : undefined;
  if (known) return known;
  // biome-ignore lint/suspicious/noExplicitAny: table names are discovered at run time
  const all = await tablesWithColumns(db as unknown as Kysely<any>);
  const found = { dialect, tables: all.filter((t) => t.columns.includes("team_id")) };
  if (fresh) freshSchema.set(dialect, found);
  return found;
}

/**
 * Every row of the other workspace in `only` (default: every team table), as sorted lines
 * "table json", in one UNION ALL statement: this runs twice per test, on both dialects.
 */
export async function otherRows(
  db: Kysely<Database>,
  schema: TeamTables,
  only?: string[],
): Promise<string[]> {
  const tables = only ? schema.tables.filter((t) => only.includes(t.name)) : schema.tables;
  if (tables.length === 0) return [];
  const parts = tables.map((t) => {
    // PostgreSQL has row_to_json; SQLite needs the columns named.
    const json =
      schema.dialect === "postgres"
        ? sql`row_to_json(x)::text`
        : sql`json_array(${sql.join(t.columns.map((c) => sql.ref(`x.${c}`)))})`;
    return sql`SELECT ${t.name} AS t, ${json} AS j FROM ${sql.table(t.name)} x WHERE x.team_id = ${OTHER_TEAM_ID}`;
  });
  const { rows } = await sql<{ t: string; j: string }>`${sql.join(parts, sql` UNION ALL `)}`.execute(db);
  return rows.map((r) => `${r.t} ${r.j}`).sort();
}

/**
 * Watches what Slack receives for the other workspace's ids and words; `found()` lists each hit.
 * Web API calls are seen as they happen (a test may clear `fake.calls`); response_url posts and
 * Socket Mode acks are read at the end.
 */
export function watchForLeaks(fake: FakeSlack): { found(): string[] } {
  const needles = [...OTHER_IDS, ...OTHER_WORDS];
  const hits: string[] = [];
  const scan = (where: string, value: unknown, into: string[]) => {
    const text = JSON.stringify(value) ?? "";
    const hit = needles.find((n) => text.includes(n));
    if (hit) into.push(`${where} carries "${hit}": ${text.slice(0, 300)}`);
  };
  fake.onCall((call) => scan(`${call.method} call`, call.args, hits));
  return {
    found() {
      const late: string[] = [];
      for (const r of fake.responses) scan("response_url post", r.body, late);
      for (const a of fake.socketMode.acks) scan("Socket Mode ack", a, late);
      return [...hits, ...late];
    },
  };
}
