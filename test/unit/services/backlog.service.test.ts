/**
 * The backlog service over real SQLite (and the real access service over the fake users.info):
 * moves, rebalancing, concurrent moves from one and from two connections, edit, archive/restore,
 * split, readiness and events.
 */

import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WebClient } from "@slack/web-api";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createBacklogUnitOfWork } from "../../../src/db/backlog.repository.js";
import { createTeamRoleRepository } from "../../../src/db/team-role.repository.js";
import { createUnitOfWork } from "../../../src/db/unit-of-work.js";
import type { MoveRequest } from "../../../src/domain/ordering.js";
import type { StoryDraft } from "../../../src/domain/story.js";
import { FakeClock } from "../../../src/lib/clock.js";
import { ForbiddenError } from "../../../src/lib/errors.js";
import { type AccessService, createAccessService } from "../../../src/services/access.service.js";
import {
  type BacklogService,
  createBacklogService,
  NotReadyError,
} from "../../../src/services/backlog.service.js";
import { createStoryService } from "../../../src/services/story.service.js";
import { createSlackUserDirectory } from "../../../src/slack/user-directory.js";
import { backlogOrder, replayMoves as replayRecordedMoves } from "../../support/backlog-order.js";
import { createTestDatabase, type TestDatabase } from "../../support/db.js";
import { FakeSlack } from "../../support/fake-slack.js";
import { startProcess } from "../../support/process.js";

const T = "T0001";
const ADMIN = "UWSADMIN";
const PO = "UPO";
const PO2 = "UPO2";
const DEV = "UDEV";

const draft = (title: string, extra: Partial<StoryDraft> = {}): StoryDraft => ({
  title,
  persona: "product owner",
  want: "do the thing",
  benefit: "it is done",
  acceptanceCriteria: ["Given x when y then z"],
  estimate: 3,
  priority: "medium",
  labels: [],
  ...extra,
});

let fake: FakeSlack;
let db: TestDatabase;
let access: AccessService;
let backlog: BacklogService;
const clock = new FakeClock("2026-11-28T12:00:00Z");

function makeAccess(handle: { db: TestDatabase["db"] }) {
  const client = new WebClient("xoxb-test", { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
  return createAccessService({
    roles: createTeamRoleRepository(handle.db),
    users: createSlackUserDirectory({ client, clock }),
    clock,
  });
}

async function seed(n: number, by = PO) {
  const stories = createStoryService({ uow: createUnitOfWork(db.db), clock });
  for (let i = 1; i <= n; i++)
    await stories.createStory({ teamId: T, userId: by, draft: draft(`Story ${i}`) });
}

const order = () => backlogOrder(db.db, T);

/** Replays the "moved" events on `initial`: each must find its story at `fromPosition`. */
async function replayMoves(initial: number[]): Promise<number[]> {
  const replayed = await replayRecordedMoves(db.db, initial);
  expect(replayed.misplaced).toBe(0);
  return replayed.list;
}

beforeAll(async () => {
  fake = await FakeSlack.start();
  fake.addUser({ id: ADMIN, is_admin: true });
  for (const id of [PO, PO2, DEV]) fake.addUser({ id });
});
afterAll(() => fake.stop());

beforeEach(async () => {
  db = await createTestDatabase("file");
  access = makeAccess(db);
  await access.assignRole({ teamId: T, actorId: ADMIN, userId: PO, role: "product_owner" });
  await access.assignRole({ teamId: T, actorId: ADMIN, userId: PO2, role: "product_owner" });
  backlog = createBacklogService({ uow: createBacklogUnitOfWork(db.db), access, clock });
});
afterEach(() => db.dispose());

describe("moves", () => {
  it("moves to top, up, down, to a position and to bottom, recording each move", async () => {
    await seed(5);
    const mv = (n: number, move: MoveRequest) =>
      backlog.move({ teamId: T, userId: PO, storyNumber: n, move });
    expect((await mv(4, { kind: "top" })).toPosition).toBe(1);
    expect(await order()).toEqual([4, 1, 2, 3, 5]);
    await mv(3, { kind: "up" });
    expect(await order()).toEqual([4, 1, 3, 2, 5]);
    await mv(4, { kind: "down" });
    expect(await order()).toEqual([1, 4, 3, 2, 5]);
    await mv(5, { kind: "to", position: 2 });
    expect(await order()).toEqual([1, 5, 4, 3, 2]);
    await mv(1, { kind: "bottom" });
    expect(await order()).toEqual([5, 4, 3, 2, 1]);
    const same = await mv(5, { kind: "up" });
    expect(same.moved).toBe(false);
    expect(await replayMoves([1, 2, 3, 4, 5])).toEqual(await order());
    const events = await db.db
      .selectFrom("backlog_events")
      .select(["kind", "actor"])
      .where("kind", "=", "moved")
      .execute();
    expect(events).toHaveLength(5);
    expect(events.every((e) => e.actor === PO)).toBe(true);
  });

  it("rebalances inside the move when no gap is left, keeping archived stories' ranks unique", async () => {
    await seed(6);
    // Squeeze every rank together (1..6): any move between two stories has no free integer.
    const ids = await db.db.selectFrom("stories").select("id").orderBy("rank").execute();
    for (const [i, r] of ids.entries()) {
      await db.db
        .updateTable("stories")
        .set({ rank: -100 - i })
        .where("id", "=", r.id)
        .execute();
    }
    for (const [i, r] of ids.entries()) {
      await db.db
        .updateTable("stories")
        .set({ rank: i + 1 })
        .where("id", "=", r.id)
        .execute();
    }
    await backlog.archive({ teamId: T, userId: PO, storyNumber: 3 });
    const result = await backlog.move({
      teamId: T,
      userId: PO,
      storyNumber: 6,
      move: { kind: "to", position: 2 },
    });
    expect(result.rebalanced).toBe(true);
    expect(await order()).toEqual([1, 6, 2, 4, 5]);
    const ranks = await db.db.selectFrom("stories").select(["number", "rank"]).orderBy("rank").execute();
    expect(new Set(ranks.map((r) => r.rank)).size).toBe(6);
    // The archived story kept its relative place: restoring brings it back between 2 and 4.
    await backlog.restore({ teamId: T, userId: PO, storyNumber: 3 });
    expect(await order()).toEqual([1, 6, 2, 3, 4, 5]);
  });

  it("makes room locally: when a spot runs out of ranks, a few dozen stories are renumbered, not the team", async () => {
    await seed(6);
    const more = Array.from({ length: 2000 }, (_, i) => ({
      team_id: T,
      number: 100 + i,
      title: `More ${i}`,
      persona: "",
      want: "",
      benefit: "",
      acceptance_criteria: "[]",
      estimate: null,
      priority: "medium",
      status: "new",
      rank: 1_000_000 + i * 1024,
      labels: "[]",
      created_by: PO,
      source_permalink: null,
      created_at: "2026-11-28T09:00:00.000Z",
      updated_at: "2026-11-28T09:00:00.000Z",
    }));
    for (let i = 0; i < more.length; i += 500)
      await db.db
        .insertInto("stories")
        .values(more.slice(i, i + 500))
        .execute();
    // Keep dropping stories into position 1,000 until the gap there is used up.
    for (let k = 0; k < 40; k++) {
      const before = new Map(
        (await db.db.selectFrom("stories").select(["id", "rank"]).execute()).map((r) => [r.id, r.rank]),
      );
      const orderBefore = await order();
      const storyNumber = 200 + k;
      const result = await backlog.move({
        teamId: T,
        userId: PO,
        storyNumber,
        move: { kind: "to", position: 1000 },
      });
      const expected = orderBefore.filter((n) => n !== storyNumber);
      expected.splice(999, 0, storyNumber);
      expect(await order()).toEqual(expected);
      if (!result.rebalanced) continue;
      const after = await db.db.selectFrom("stories").select(["id", "rank"]).execute();
      expect(after.filter((r) => before.get(r.id) !== r.rank).length).toBeLessThan(100);
      expect(new Set(after.map((r) => r.rank)).size).toBe(after.length);
      return;
    }
    throw new Error("the spot never ran out of ranks");
  });

  it("keeps a consistent order under 60 concurrent moves by two POs (serialised, replayable)", async () => {
    await seed(12);
    const moves: MoveRequest[] = [
      { kind: "top" },
      { kind: "up" },
      { kind: "down" },
      { kind: "bottom" },
      { kind: "to", position: 4 },
    ];
    const jobs = Array.from({ length: 60 }, (_, i) =>
      backlog.move({
        teamId: T,
        userId: i % 2 ? PO : PO2,
        storyNumber: ((i * 7) % 12) + 1,
        move: moves[i % moves.length] as MoveRequest,
      }),
    );
    const results = await Promise.all(jobs);
    const final = await order();
    expect([...final].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(await replayMoves(Array.from({ length: 12 }, (_, i) => i + 1))).toEqual(final);
    const moved = results.filter((r) => r.moved).length;
    const events = await db.db
      .selectFrom("backlog_events")
      .select("id")
      .where("kind", "=", "moved")
      .execute();
    expect(events).toHaveLength(moved);
  });

  it("keeps a consistent order when another process moves at the same time, with rebalances", async () => {
    await seed(10);
    // Dense ranks (1..10) so most moves rebalance the whole team while the other process writes.
    const ids = await db.db.selectFrom("stories").select("id").orderBy("rank").execute();
    for (const [i, r] of ids.entries())
      await db.db
        .updateTable("stories")
        .set({ rank: -1 - i })
        .where("id", "=", r.id)
        .execute();
    for (const [i, r] of ids.entries())
      await db.db
        .updateTable("stories")
        .set({ rank: i + 1 })
        .where("id", "=", r.id)
        .execute();
    const childMoves = Array.from({ length: 40 }, (_, i) => ({
      n: ((i * 3) % 10) + 1,
      position: (i % 9) + 1,
    }));
    // A file beside the test (db.path is a URL on PostgreSQL) that tells the child to start.
    const goFile = join(tmpdir(), `scrumbot-go-${process.pid}-${Date.now()}`);
    const child = startProcess("test/unit/services/backlog-mover.child.ts", {
      DB_PATH: db.path,
      SLACK_API_URL: fake.apiUrl,
      TEAM: T,
      USER_ID: PO2,
      MOVES: JSON.stringify(childMoves),
      GO_FILE: goFile,
    });
    while (!child.stdout().includes("ready")) await new Promise((r) => setTimeout(r, 10));
    writeFileSync(goFile, "");
    let mine = 0;
    let childDone = false;
    void child.exited.then(() => {
      childDone = true;
    });
    // Keep moving for as long as the child does, so the two really overlap.
    for (let i = 0; i < 1000 && !childDone; i++) {
      const r = await backlog.move({
        teamId: T,
        userId: PO,
        storyNumber: ((i * 7) % 10) + 1,
        move: { kind: "to", position: 10 - (i % 9) },
      });
      await new Promise((resolve) => setImmediate(resolve));
      if (r.moved) mine++;
    }
    const exit = await child.exited;
    expect(child.stderr()).toBe("");
    expect(exit.code).toBe(0);
    const theirs = (JSON.parse(child.stdout().trim().split("\n").pop() ?? "") as { moved: number }).moved;
    const final = await order();
    expect([...final].sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    // Every move by either process is in the history, and replaying it yields exactly today's order.
    const events = await db.db
      .selectFrom("backlog_events")
      .select("actor")
      .where("kind", "=", "moved")
      .orderBy("id")
      .execute();
    // The two processes really interleaved: A…B…A needs at least two switches (one after the
    // other would be exactly one).
    const switches = events.filter((e, i) => i > 0 && e.actor !== events[i - 1]?.actor).length;
    expect(switches).toBeGreaterThanOrEqual(2);
    expect(events.filter((e) => e.actor === PO)).toHaveLength(mine);
    expect(events.filter((e) => e.actor === PO2)).toHaveLength(theirs);
    expect(await replayMoves(Array.from({ length: 10 }, (_, i) => i + 1))).toEqual(final);
  }, 60_000);

  it("refuses a team member, saying who can reorder", async () => {
    await seed(2);
    const refused = backlog.move({ teamId: T, userId: DEV, storyNumber: 2, move: { kind: "top" } });
    await expect(refused).rejects.toBeInstanceOf(ForbiddenError);
    await expect(refused).rejects.toMatchObject({ userMessage: expect.stringMatching(/product owners/i) });
    expect(await order()).toEqual([1, 2]);
  });
});

describe("edit, archive, restore", () => {
  it("edits a story and records edited/estimated/priority events", async () => {
    await seed(1);
    const { story, changed } = await backlog.edit({
      teamId: T,
      userId: PO,
      storyNumber: 1,
      draft: draft("Renamed", { estimate: 8, priority: "high" }),
    });
    expect(story.title).toBe("Renamed");
    expect(changed).toEqual(["title", "priority", "estimate"]);
    const kinds = await db.db
      .selectFrom("backlog_events")
      .select(["kind", "data"])
      .where("kind", "!=", "created")
      .orderBy("id")
      .execute();
    expect(kinds.map((k) => k.kind)).toEqual(["edited", "estimated", "priority"]);
    expect(JSON.parse(kinds[1]?.data ?? "{}")).toEqual({ from: 3, to: 8 });
  });

  it("lets a member edit their own story but not someone else's", async () => {
    await seed(1, PO);
    const stories = createStoryService({ uow: createUnitOfWork(db.db), clock });
    await stories.createStory({ teamId: T, userId: DEV, draft: draft("Mine") });
    await expect(
      backlog.edit({ teamId: T, userId: DEV, storyNumber: 2, draft: draft("Mine, edited") }),
    ).resolves.toBeTruthy();
    await expect(
      backlog.edit({ teamId: T, userId: DEV, storyNumber: 1, draft: draft("Hijack") }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("archives (leaves the backlog), lists archived, restores with events", async () => {
    await seed(3);
    await backlog.archive({ teamId: T, userId: PO, storyNumber: 2 });
    expect(await order()).toEqual([1, 3]);
    expect((await backlog.archived({ teamId: T })).items.map((s) => s.number)).toEqual([2]);
    await expect(
      backlog.move({ teamId: T, userId: PO, storyNumber: 2, move: { kind: "top" } }),
    ).rejects.toMatchObject({
      code: "conflict",
    });
    const { position } = await backlog.restore({ teamId: T, userId: PO, storyNumber: 2 });
    expect(position).toBe(2);
    const kinds = await db.db
      .selectFrom("backlog_events")
      .select("kind")
      .where("kind", "in", ["archived", "restored"])
      .orderBy("id")
      .execute();
    expect(kinds.map((k) => k.kind)).toEqual(["archived", "restored"]);
    await expect(backlog.archive({ teamId: T, userId: DEV, storyNumber: 1 })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });
});

describe("readiness and split", () => {
  it("refuses mark ready listing the missing points, then accepts once fixed", async () => {
    const stories = createStoryService({ uow: createUnitOfWork(db.db), clock });
    await stories.createStory({
      teamId: T,
      userId: PO,
      draft: draft("Half-baked", { benefit: "", acceptanceCriteria: [], estimate: 13 }),
    });
    const refused = backlog.markReady({ teamId: T, userId: PO, storyNumber: 1 });
    await expect(refused).rejects.toBeInstanceOf(NotReadyError);
    const error = (await refused.catch((e: unknown) => e)) as NotReadyError;
    expect(error.readiness.missing.map((p) => p.id)).toEqual([
      "benefit",
      "acceptance_criteria",
      "size_limit",
    ]);
    expect(error.userMessage).toContain("over the team's limit of 8");

    await backlog.updateSettings({ teamId: T, userId: PO, change: { sizeLimit: 13 } });
    await backlog.edit({
      teamId: T,
      userId: PO,
      storyNumber: 1,
      draft: draft("Half-baked", { estimate: 13 }),
    });
    const ready = await backlog.markReady({ teamId: T, userId: PO, storyNumber: 1 });
    expect(ready.status).toBe("ready");
    const status = await db.db
      .selectFrom("backlog_events")
      .select("data")
      .where("kind", "=", "status")
      .executeTakeFirstOrThrow();
    expect(JSON.parse(status.data)).toEqual({ from: "new", to: "ready" });
  });

  it("splits a story into two, the second right below the first, estimates cleared", async () => {
    await seed(3);
    const { original, created, position } = await backlog.split({
      teamId: T,
      userId: PO,
      storyNumber: 1,
      first: { title: "Part A", acceptanceCriteria: ["a"] },
      second: { title: "Part B", acceptanceCriteria: ["b"] },
    });
    expect(original).toMatchObject({ number: 1, title: "Part A", estimate: null, acceptanceCriteria: ["a"] });
    expect(created).toMatchObject({ number: 4, title: "Part B", estimate: null, persona: "product owner" });
    expect(position).toBe(2);
    expect(await order()).toEqual([1, 4, 2, 3]);
    const events = await db.db
      .selectFrom("backlog_events")
      .select(["kind", "data"])
      .orderBy("id", "desc")
      .limit(2)
      .execute();
    expect(events.map((e) => [e.kind, JSON.parse(e.data)])).toEqual([
      ["created", { number: 4, title: "Part B", estimate: null, splitFrom: 1 }],
      ["split", { into: [1, 4] }],
    ]);
  });
});

describe("priority", () => {
  it("suggests an order by the team's method without changing the manual order", async () => {
    await seed(3);
    expect((await backlog.suggest(T)).method).toBeNull();
    await backlog.updateSettings({ teamId: T, userId: PO, change: { priorityMethod: "wsjf" } });
    await backlog.setPriorityInput({
      teamId: T,
      userId: PO,
      storyNumber: 3,
      method: "wsjf",
      value: { businessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 2 },
    });
    await backlog.setPriorityInput({
      teamId: T,
      userId: PO,
      storyNumber: 2,
      method: "wsjf",
      value: { businessValue: 1, timeCriticality: 1, riskReduction: 0, jobSize: 8 },
    });
    const s = await backlog.suggest(T);
    expect(s.rows.map((r) => r.story.number)).toEqual([3, 2, 1]);
    expect(s.rows[0]?.score).toBe(8);
    expect(s.scored).toBe(2);
    expect(await order()).toEqual([1, 2, 3]);
    // A zero job size is refused by the domain's validation.
    await expect(
      backlog.setPriorityInput({
        teamId: T,
        userId: PO,
        storyNumber: 1,
        method: "wsjf",
        value: { businessValue: 1, timeCriticality: 1, riskReduction: 1, jobSize: 0 },
      }),
    ).rejects.toThrow();
  });
});
