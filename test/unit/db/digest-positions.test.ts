/**
 * The digest's read side computes backlog positions by counting rank bands in one statement (not
 * one count per story): checked here against positions computed the obvious way, across done and
 * archived stories, another team, and more stories than one statement takes.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDigestHistory, createDigestQueueSource } from "../../../src/db/digest.repository.js";
import { createTestDatabase, type TestDatabase } from "../../support/db.js";

const T = "T1";
const iso = "2026-12-01T00:00:00.000Z";
let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase("memory");
});
afterEach(() => db.dispose());

/** Story i (1-based number) of `team`: rank scrambled so id order ≠ backlog order. */
async function seed(team: string, n: number, idOffset = 0) {
  const rows = Array.from({ length: n }, (_, k) => ({
    team_id: team,
    number: k + 1,
    title: `${team} story ${k + 1}`,
    persona: "",
    want: "",
    benefit: "",
    acceptance_criteria: "[]",
    estimate: 3,
    priority: "medium",
    status: k % 7 === 0 ? "done" : "new",
    rank: ((k * 37) % n) * 16 + idOffset,
    labels: "[]",
    created_by: "U1",
    source_permalink: null,
    archived_at: k % 11 === 5 ? iso : null,
    created_at: iso,
    updated_at: iso,
  }));
  for (let i = 0; i < rows.length; i += 200) {
    await db.db
      .insertInto("stories")
      .values(rows.slice(i, i + 200))
      .execute();
  }
}

/** Positions the obvious way: active stories of the team sorted by rank, 1-based. */
async function expectedPositions(team: string) {
  const rows = await db.db
    .selectFrom("stories")
    .select(["id", "status", "number"])
    .where("team_id", "=", team)
    .where("archived_at", "is", null)
    .orderBy("rank")
    .execute();
  return rows.map((r, i) => ({ ...r, position: i + 1 }));
}

describe("digest positions", () => {
  it("positionsOf matches the counted-from-the-top position for every active story, archived ones get none", async () => {
    await seed(T, 450);
    await seed("T2", 50, 1); // another team's ranks interleave with ours
    const expected = await expectedPositions(T);
    const all = await db.db.selectFrom("stories").select("id").where("team_id", "=", T).execute();
    const positions = await createDigestHistory(db.db).positionsOf(T, all.map((r) => r.id).reverse());
    expect(positions.size).toBe(expected.length);
    for (const e of expected) expect(positions.get(e.id)).toBe(e.position);
    expect(await createDigestHistory(db.db).positionsOf(T, [])).toEqual(new Map());
  });

  it("openTop lists the first open stories with positions that count done stories above them", async () => {
    await seed(T, 300);
    await seed("T2", 30, 1);
    const expected = (await expectedPositions(T)).filter((r) => r.status !== "done").slice(0, 250);
    const top = await createDigestQueueSource(db.db).openTop(T, 250);
    expect(top.map((e) => [e.number, e.position])).toEqual(expected.map((e) => [e.number, e.position]));
  });

  it("storiesTouched leaves titles out and titlesOf reads them for the team only", async () => {
    await seed(T, 5);
    await seed("T2", 5);
    const ids = await db.db.selectFrom("stories").select(["id", "team_id"]).orderBy("id").execute();
    const mine = ids.filter((r) => r.team_id === T).map((r) => r.id);
    const theirs = ids.filter((r) => r.team_id === "T2").map((r) => r.id);
    await db.db
      .insertInto("backlog_events")
      .values(
        [mine[1], mine[2], theirs[0]].map((id) => ({
          team_id: id === theirs[0] ? "T2" : T,
          story_id: id ?? 0,
          kind: "moved",
          data: "{}",
          actor: "U1",
          at: iso,
        })),
      )
      .execute();
    const history = createDigestHistory(db.db);
    const touched = await history.storiesTouched(T, 0, 1_000);
    expect(touched.map((s) => [s.number, s.title])).toEqual([
      [2, ""],
      [3, ""],
    ]);
    const titles = await history.titlesOf(T, [mine[1] ?? 0, theirs[0] ?? 0]);
    expect([...titles.values()]).toEqual(["T1 story 2"]);
  });
});
