import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUnitOfWork } from "../../../src/db/unit-of-work.js";
import type { StoryDraft } from "../../../src/domain/story.js";
import { FakeClock } from "../../../src/lib/clock.js";
import { createStoryService, type StoryService } from "../../../src/services/story.service.js";
import { createTestDatabase, onPostgres, type TestDatabase } from "../../support/db.js";
import { countStatements } from "../../support/statement-counter.js";

const draft = (title: string, extra: Partial<StoryDraft> = {}): StoryDraft => ({
  title,
  persona: "product owner",
  want: "do things",
  benefit: "",
  acceptanceCriteria: [],
  estimate: null,
  priority: "medium",
  labels: [],
  ...extra,
});

describe("story service over real SQLite", () => {
  let db: TestDatabase;
  let service: StoryService;
  const clock = new FakeClock("2026-11-28T10:00:00Z");

  beforeEach(async () => {
    db = await createTestDatabase("memory");
    service = createStoryService({ uow: createUnitOfWork(db.db), clock });
  });
  afterEach(() => db.dispose());

  it("appends stories at the bottom with increasing numbers and positions", async () => {
    const a = await service.createStory({ teamId: "T1", userId: "U1", draft: draft("First") });
    const b = await service.createStory({ teamId: "T1", userId: "U1", draft: draft("Second") });
    expect([a.story.number, a.position, b.story.number, b.position]).toEqual([1, 1, 2, 2]);
    expect(b.story.createdAt.toISOString()).toBe("2026-11-28T10:00:00.000Z");
  });

  it("reads a new story's position with its insert: archived stories don't count, no count after", async () => {
    for (const title of ["One", "Two", "Three"]) {
      await service.createStory({ teamId: "T1", userId: "U1", draft: draft(title) });
    }
    await db.db
      .updateTable("stories")
      .set({ archived_at: "2026-11-28T10:00:00.000Z" })
      .where("team_id", "=", "T1")
      .where("number", "=", 2)
      .execute();
    await service.createStory({ teamId: "T2", userId: "U9", draft: draft("Elsewhere") });
    const fourth = await service.createStory({ teamId: "T1", userId: "U1", draft: draft("Four") });
    expect([fourth.story.number, fourth.position]).toEqual([4, 3]);
    const page = await service.backlog({ teamId: "T1" });
    expect(page.entries.at(-1)?.position).toBe(fourth.position);
  });

  // SQLite only: statements are counted on the SQLite connection (the same ones run on PostgreSQL).
  it.skipIf(onPostgres)("creates a story in four statements: begin, insert, its event, commit", async () => {
    await service.createStory({ teamId: "T1", userId: "U1", draft: draft("Warm") });
    const counter = countStatements(db);
    try {
      await service.createStory({ teamId: "T1", userId: "U1", draft: draft("Counted") });
    } finally {
      counter.restore();
    }
    expect(counter.n).toBe(4); // it was 5: the position was counted after the insert
  });

  it("scopes everything by workspace", async () => {
    await service.createStory({ teamId: "T1", userId: "U1", draft: draft("Mine") });
    const other = await service.createStory({ teamId: "T2", userId: "U9", draft: draft("Theirs") });
    expect(other.story.number).toBe(1);
    const page = await service.backlog({ teamId: "T2" });
    expect(page.entries.map((e) => e.story.title)).toEqual(["Theirs"]);
    expect(page.total).toBe(1);
  });

  it("records a created event in the same transaction", async () => {
    await service.createStory({ teamId: "T1", userId: "U1", draft: draft("Evented") });
    const events = await db.db.selectFrom("backlog_events").selectAll().execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ team_id: "T1", kind: "created", actor: "U1" });
  });

  it("keeps numbers unique under concurrent creation", async () => {
    const created = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        service.createStory({ teamId: "T1", userId: "U1", draft: draft(`S${i}`) }),
      ),
    );
    const numbers = created.map((c) => c.story.number).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it("searches every word across title, story text and labels, and keeps whole-backlog positions", async () => {
    await service.createStory({ teamId: "T1", userId: "U1", draft: draft("Login page") });
    await service.createStory({
      teamId: "T1",
      userId: "U1",
      draft: draft("Export CSV", { labels: ["billing"] }),
    });
    await service.createStory({ teamId: "T1", userId: "U1", draft: draft("100% coverage of snake_case") });
    const page = await service.backlog({ teamId: "T1", words: ["csv", "BILLING"] });
    expect(page.entries.map((e) => [e.position, e.story.title])).toEqual([[2, "Export CSV"]]);
    expect(page.matched).toBe(1);
    // LIKE wildcards are literal: "%" matches only a real percent sign.
    expect((await service.backlog({ teamId: "T1", words: ["%"] })).matched).toBe(1);
    expect((await service.backlog({ teamId: "T1", words: ["e_c"] })).matched).toBe(1);
    expect((await service.backlog({ teamId: "T1", words: ["'; drop table stories; --"] })).matched).toBe(0);
  });

  it("counts every match of a search on any page, also past the last one", async () => {
    for (let i = 0; i < 30; i++)
      await service.createStory({
        teamId: "T1",
        userId: "U1",
        draft: draft(i % 3 === 0 ? `Report ${i}` : `S${i}`),
      });
    const second = await service.backlog({ teamId: "T1", words: ["report"], offset: 5, limit: 5 });
    expect(second.entries.map((e) => e.position)).toEqual([16, 19, 22, 25, 28]);
    expect(second.matched).toBe(10);
    expect(second.total).toBe(30);
    const past = await service.backlog({ teamId: "T1", words: ["report"], offset: 20, limit: 5 });
    expect(past.entries).toEqual([]);
    expect(past.matched).toBe(10);
    expect((await service.backlog({ teamId: "T1", words: ["nothing"] })).matched).toBe(0);
  });

  it("pages through the backlog and clamps limits", async () => {
    for (let i = 0; i < 30; i++)
      await service.createStory({ teamId: "T1", userId: "U1", draft: draft(`S${i}`) });
    const page = await service.backlog({ teamId: "T1", offset: 20, limit: 20 });
    expect(page.entries.map((e) => e.position)).toEqual([21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
    expect(page.total).toBe(30);
    // Past the last story (an old "Next" button): no row carries the count, it is still right.
    const past = await service.backlog({ teamId: "T1", offset: 40, limit: 20 });
    expect(past.entries).toEqual([]);
    expect(past.total).toBe(30);
    expect((await service.backlog({ teamId: "T1", limit: 10_000 })).limit).toBe(100);
    expect((await service.backlog({ teamId: "T1", limit: 0 })).limit).toBe(1);
  });
});
