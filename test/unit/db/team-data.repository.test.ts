/**
 * The purge finds a workspace's rows from the schema: tables with team_id, and tables without one
 * linked to them by foreign keys (at any depth), deleted children first and counted per table.
 */
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTeamData } from "../../../src/db/team-data.repository.js";
import { createTestDatabase, type TestDatabase } from "../../support/db.js";

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase("memory");
  // A future feature's tables with no team_id of their own: notes on stories, tags on notes.
  await sql`CREATE TABLE story_notes (id integer primary key, story_id integer not null references stories(id), body text)`.execute(
    db.db,
  );
  await sql`CREATE TABLE note_tags (note_id integer not null references story_notes(id), tag text)`.execute(
    db.db,
  );
  // Plain SQL both dialects run (RETURNING too); note ids are given, `integer primary key` only
  // numbers rows itself on SQLite.
  const story = async (team: string, n: number) =>
    (
      await sql<{
        id: number;
      }>`INSERT INTO stories (team_id, number, title, persona, want, benefit, acceptance_criteria, priority, status, rank, labels, created_by, created_at, updated_at)
         VALUES (${team}, ${n}, 'x', '', '', '', '[]', 'medium', 'new', ${n}, '[]', 'U1', '2026-12-01', '2026-12-01')
         RETURNING id`.execute(db.db)
    ).rows[0]?.id;
  let note = 0;
  for (const team of ["T0001", "T0002"]) {
    for (const n of [1, 2]) {
      const id = await story(team, n);
      note++;
      await sql`INSERT INTO story_notes (id, story_id, body) VALUES (${note}, ${id}, 'n')`.execute(db.db);
      await sql`INSERT INTO note_tags (note_id, tag) VALUES (${note}, 't')`.execute(db.db);
    }
  }
});
afterEach(() => db.dispose());

const count = async (table: string) =>
  Number((await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db.db)).rows[0]?.n);

describe("team data", () => {
  it("counts and deletes a team's rows in tables linked only by foreign keys, children first", async () => {
    const data = createTeamData(db.db);
    expect(await data.count("T0001")).toEqual([
      { table: "note_tags", rows: 2 },
      { table: "story_notes", rows: 2 },
      { table: "stories", rows: 2 },
    ]);
    expect(await data.erase("T0001")).toEqual([
      { table: "note_tags", rows: 2 },
      { table: "story_notes", rows: 2 },
      { table: "stories", rows: 2 },
    ]);
    // The other team's rows are all there.
    expect([await count("stories"), await count("story_notes"), await count("note_tags")]).toEqual([2, 2, 2]);
    expect(await data.count("T0001")).toEqual([]);
  });
});
