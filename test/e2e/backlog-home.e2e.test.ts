/**
 * Open Home tabs follow the product owner's backlog changes, end to end over signed HTTP, the
 * fake Slack and real SQLite: PO A has their Home open, PO B moves / edits / archives / splits a
 * story from `/backlog` (or saves a goal) and A's Home is re-published with the change. A burst
 * of moves is coalesced; a failed publish is logged and B still gets their reply.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HOME_REFRESH_INTERVAL_MS } from "../../src/listeners/events/home-publish.js";
import { BacklogIds, StoryBlocks } from "../../src/slack/ids.js";
import { startTestApp, TEST_TEAM_ID, type TestApp } from "../support/app-harness.js";
import { validateView } from "../support/block-kit-limits.js";
import { fillModal } from "../support/modal.js";
import { commandReply } from "../support/replies.js";

const ADMIN = "U0ADMIN";
const PO_A = "U0POA";
const PO_B = "U0POB";
const CHANNEL = "C0TEAM";

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
  t.fake.addUser({ id: ADMIN, is_admin: true });
  t.fake.addUser({ id: PO_A, name: "ann" });
  t.fake.addUser({ id: PO_B, name: "bob" });
  t.fake.addChannel({ id: CHANNEL, name: "team", botIsMember: true });
  await command(ADMIN, "/scrum", `roles po <@${PO_A}|ann>`);
  await command(ADMIN, "/scrum", `roles po <@${PO_B}|bob>`);
});
afterEach(() => t.stop());

async function command(userId: string, name: string, text: string) {
  const { body, responseUrl } = await commandReply(t, userId, name, text, CHANNEL);
  return { body: body as { blocks: unknown[]; text: string }, responseUrl };
}

/** Seeds stories straight into SQLite in this order (numbers 1…n, created by B). */
async function seedStories(titles: string[]) {
  await t.db.db
    .insertInto("stories")
    .values(
      titles.map((title, i) => ({
        team_id: "T0001",
        number: i + 1,
        title,
        persona: "product owner",
        want: "see the backlog",
        benefit: "I can plan",
        acceptance_criteria: JSON.stringify(["Given a backlog then I see it"]),
        estimate: 3,
        priority: "medium",
        status: "new",
        rank: (i + 1) * 1024,
        labels: "[]",
        created_by: PO_B,
        source_permalink: null,
        created_at: "2026-11-28T09:00:00.000Z",
        updated_at: "2026-11-28T09:00:00.000Z",
      })),
    )
    .execute();
}

const publishesTo = (user: string) =>
  t.fake.calls.filter((c) => c.method === "views.publish" && c.args.user_id === user);

/** A opens their Home tab (app_home_opened), which makes them a recent viewer. */
async function openHome(user: string) {
  const before = publishesTo(user).length;
  const res = await t.slack.event({ type: "app_home_opened", user, channel: "D0HOME", tab: "home" });
  expect(res.status).toBe(200);
  await t.fake.waitFor("views.publish", () => publishesTo(user).length > before);
  await t.bot.settle();
}

/** The backlog lines of a published Home view ("✅ *1.* #3 Third"), in order. */
function backlogLines(view: unknown): string[] {
  const blocks = (view as { blocks: { type: string; text?: { text?: string } }[] }).blocks;
  return blocks
    .filter((b) => b.type === "section")
    .flatMap((b) => (b.text?.text ?? "").split("\n"))
    .filter((l) => /^(✅|◻️) \*\d+\.\* #\d+ /.test(l));
}

/** Titles in the "Top of the backlog" lines of a published view (own stories repeat them; first list only). */
function topTitles(view: unknown, n: number): string[] {
  return backlogLines(view)
    .slice(0, n)
    .map((l) => l.replace(/^(✅|◻️) \*\d+\.\* #\d+ /, ""));
}

/** The facts line ("_Medium · 3 pts · New_") under the first Home line with this title. */
function factsOf(view: unknown, title: string): string | undefined {
  const blocks = (view as { blocks: { type: string; text?: { text?: string } }[] }).blocks;
  const lines = blocks.flatMap((b) => (b.type === "section" ? (b.text?.text ?? "").split("\n") : []));
  const i = lines.findIndex((l) => l.endsWith(` ${title}`) && /^(✅|◻️) \*\d+\.\* #\d+ /.test(l));
  return i < 0 ? undefined : lines[i + 1];
}

/** Waits for the change's work (the reply, then the Home refresh) and returns A's new publishes. */
async function homesAfter(before: number) {
  await t.bot.settle();
  const calls = publishesTo(PO_A).slice(before);
  for (const c of calls) {
    expect(c.response.ok).toBe(true);
    expect(validateView(c.args.view as never)).toEqual([]);
  }
  return calls;
}

const opens = () => t.fake.calls.filter((c) => c.method === "views.open").length;

/** The view of the `index`-th views.open call (0-based), once it has arrived. */
async function openedView(index: number): Promise<Record<string, unknown>> {
  const calls = await t.fake.waitForCount("views.open", index + 1);
  return calls[index]?.args.view as Record<string, unknown>;
}

type Block = { type: string; block_id?: string; elements?: { action_id: string; value?: string }[] };

function controlsOf(body: { blocks: unknown[] }, storyNumber: number) {
  const block = (body.blocks as Block[]).find((b) =>
    b.block_id?.startsWith(`${BacklogIds.storyBlock}:${storyNumber}:`),
  );
  if (!block) throw new Error(`no controls for #${storyNumber}`);
  return block;
}

async function click(userId: string, block: Block, actionId: string, responseUrl: string, extra = {}) {
  const el = block.elements?.find((e) => e.action_id === actionId);
  const res = await t.slack.blockAction({
    userId,
    channelId: CHANNEL,
    responseUrl,
    actions: [
      {
        action_id: actionId,
        block_id: block.block_id ?? "",
        ...(el?.value ? { value: el.value } : {}),
        ...extra,
      },
    ],
  });
  expect(res.status).toBe(200);
}

async function overflow(userId: string, body: { blocks: unknown[] }, n: number, kind: string, url: string) {
  await click(userId, controlsOf(body, n), BacklogIds.more, url, {
    type: "overflow",
    selected_option: { text: { type: "plain_text", text: kind }, value: `${kind}:${n}` },
  });
}

describe("Home tabs follow /backlog changes", () => {
  it("re-publishes A's open Home with the new order when B moves a story to the top", async () => {
    await seedStories(["First", "Second", "Third"]);
    await openHome(PO_A);
    expect(topTitles(publishesTo(PO_A).at(-1)?.args.view, 3)).toEqual(["First", "Second", "Third"]);

    const before = publishesTo(PO_A).length;
    const list = await command(PO_B, "/backlog", "");
    await overflow(PO_B, list.body, 3, "top", list.responseUrl);
    const calls = await homesAfter(before);
    expect(calls).toHaveLength(1);
    expect(topTitles(calls[0]?.args.view, 3)).toEqual(["Third", "First", "Second"]);
    expect(backlogLines(calls[0]?.args.view)[0]).toMatch(/^✅ \*1\.\* #3 Third$/);
    // B's /backlog message was refreshed too, and B got no error.
    expect(JSON.stringify(t.fake.responses.at(-1)?.body)).toContain("Moved *#3* from position 3 to 1 of 3");
  });

  it("re-publishes with the new title when B edits a story, and not at all for a save without changes", async () => {
    await seedStories(["Export CSV", "Other"]);
    await openHome(PO_A);
    const list = await command(PO_B, "/backlog", "");

    const edit = async (title: string) => {
      const opened = opens();
      await overflow(PO_B, list.body, 1, "edit", list.responseUrl);
      const view = await openedView(opened);
      const res = await t.slack.viewSubmission({
        userId: PO_B,
        view,
        values: fillModal(view, { [StoryBlocks.title]: title }),
      });
      expect(res.body).toBe("");
    };

    let before = publishesTo(PO_A).length;
    await edit("Export CSV and JSON");
    const calls = await homesAfter(before);
    expect(calls).toHaveLength(1);
    expect(topTitles(calls[0]?.args.view, 2)).toEqual(["Export CSV and JSON", "Other"]);

    before = publishesTo(PO_A).length;
    await edit("Export CSV and JSON"); // same text: nothing changed, nobody's Home changes
    expect(await homesAfter(before)).toHaveLength(0);
  });

  it("re-publishes without the story when B archives it, and with it again after a restore", async () => {
    await seedStories(["Keep", "Old idea", "Later"]);
    await openHome(PO_A);
    const list = await command(PO_B, "/backlog", "");

    let before = publishesTo(PO_A).length;
    await overflow(PO_B, list.body, 2, "archive", list.responseUrl);
    let calls = await homesAfter(before);
    expect(calls).toHaveLength(1);
    const text = JSON.stringify(calls[0]?.args.view);
    expect(text).not.toContain("Old idea");
    expect(topTitles(calls[0]?.args.view, 2)).toEqual(["Keep", "Later"]);

    // Restoring waits for the team's refresh slot (a burst shares one refresh), then shows it again.
    before = publishesTo(PO_A).length;
    await t.slack.blockAction({
      userId: PO_B,
      channelId: CHANNEL,
      responseUrl: list.responseUrl,
      actions: [{ action_id: BacklogIds.restore, block_id: "x", value: "2" }],
    });
    calls = await homesAfter(before);
    expect(calls).toHaveLength(1);
    expect(topTitles(calls[0]?.args.view, 3)).toEqual(["Keep", "Old idea", "Later"]);
  });

  it("re-publishes after a split, a move to a position and mark ready", async () => {
    await seedStories(["Big one", "Next", "Last"]);
    await openHome(PO_A);
    const list = await command(PO_B, "/backlog", "");

    let before = publishesTo(PO_A).length;
    const opened = opens();
    await overflow(PO_B, list.body, 1, "split", list.responseUrl);
    let view = await openedView(opened);
    await t.slack.viewSubmission({
      userId: PO_B,
      view,
      values: fillModal(view, {
        [BacklogIds.splitFirstTitle]: "Big one: read",
        [BacklogIds.splitSecondTitle]: "Big one: write",
        [BacklogIds.splitSecondCriteria]: "Given x then y",
      }),
    });
    let calls = await homesAfter(before);
    expect(calls).toHaveLength(1);
    expect(topTitles(calls[0]?.args.view, 4)).toEqual(["Big one: read", "Big one: write", "Next", "Last"]);

    before = publishesTo(PO_A).length;
    const opened2 = opens();
    await overflow(PO_B, list.body, 3, "to", list.responseUrl); // "Last" is #3
    view = await openedView(opened2);
    await t.slack.viewSubmission({
      userId: PO_B,
      view,
      values: fillModal(view, { [BacklogIds.positionBlock]: "1" }),
    });
    calls = await homesAfter(before);
    expect(calls).toHaveLength(1);
    expect(topTitles(calls[0]?.args.view, 4)).toEqual(["Last", "Big one: read", "Big one: write", "Next"]);

    // Mark ready: the facts line under #2 goes from "New" to "Ready".
    expect(factsOf(calls[0]?.args.view, "Next")).toContain("New");
    before = publishesTo(PO_A).length;
    await overflow(PO_B, list.body, 2, "ready", list.responseUrl);
    calls = await homesAfter(before);
    expect(calls).toHaveLength(1);
    expect(factsOf(calls[0]?.args.view, "Next")).toBe("_Medium · 3 pts · Ready_");
  });

  it("coalesces a burst of moves: fewer publishes than clicks, the last one shows the final order", async () => {
    await seedStories(["S1", "S2", "S3", "S4", "S5", "S6"]);
    await openHome(PO_A);
    const list = await command(PO_B, "/backlog", "");
    const before = publishesTo(PO_A).length;
    const started = performance.now();
    // Six clicks in a row: each moves the then-last story to the top (6, 5, 4, 3, 2, 1). Each
    // click waits for its move, as a person sees the list change before clicking again (a move runs
    // after its ack; on PostgreSQL two moves in flight could otherwise commit in either order).
    const ours = t.db.db.selectFrom("stories").select("title").where("team_id", "=", TEST_TEAM_ID);
    for (const n of [6, 5, 4, 3, 2, 1]) {
      await overflow(PO_B, list.body, n, "top", list.responseUrl);
      await expect
        .poll(async () => (await ours.orderBy("rank").executeTakeFirst())?.title, { timeout: 5000 })
        .toBe(`S${n}`);
    }
    const clicking = performance.now() - started;
    const calls = await homesAfter(before);
    expect(await ours.orderBy("rank").execute()).toEqual(
      ["S1", "S2", "S3", "S4", "S5", "S6"].map((title) => ({ title })),
    );
    expect(topTitles(calls.at(-1)?.args.view, 6)).toEqual(["S1", "S2", "S3", "S4", "S5", "S6"]);
    // One refresh at once, then one per interval carrying every change made meanwhile.
    expect(calls.length).toBeLessThanOrEqual(2 + Math.floor(clicking / HOME_REFRESH_INTERVAL_MS));
    expect(calls.length).toBeLessThan(6);
  });

  it("logs a failed publish and never tells B: the move and B's reply stand", async () => {
    await seedStories(["First", "Second"]);
    await openHome(PO_A);
    const list = await command(PO_B, "/backlog", "");
    const before = publishesTo(PO_A).length;
    const responses = t.fake.responses.length;
    t.fake.failNext("views.publish", "internal_error");
    await overflow(PO_B, list.body, 2, "top", list.responseUrl);
    await t.bot.settle();
    // The global error handler (which would tell B) runs after the handler settles: give it time.
    await new Promise((r) => setTimeout(r, 200));
    const calls = publishesTo(PO_A).slice(before);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.response.ok).toBe(false);
    const replies = t.fake.responses.slice(responses).map((r) => JSON.stringify(r.body));
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain("Moved *#2* from position 2 to 1 of 2");
    expect(t.fake.calls.filter((c) => c.method === "chat.postEphemeral")).toHaveLength(0);
    expect(t.logs.some((l) => l.includes("some Home tabs were not refreshed"))).toBe(true);
    expect(t.logs.some((l) => l.includes("listener failed"))).toBe(false);
  });

  it("re-publishes with new readiness marks when B lowers the Definition of Ready size limit", async () => {
    await seedStories(["Three points"]);
    await openHome(PO_A);
    expect(backlogLines(publishesTo(PO_A).at(-1)?.args.view)[0]).toBe("✅ *1.* #1 Three points");
    const before = publishesTo(PO_A).length;
    await command(PO_B, "/backlog", "size 2");
    const calls = await homesAfter(before);
    expect(calls).toHaveLength(1);
    expect(backlogLines(calls[0]?.args.view)[0]).toBe("◻️ *1.* #1 Three points");
  });

  it("re-publishes with the goal when B saves a product goal from /goal", async () => {
    await openHome(PO_A);
    expect(JSON.stringify(publishesTo(PO_A).at(-1)?.args.view)).not.toContain("Product goals");
    const before = publishesTo(PO_A).length;
    const opened = opens();
    await t.slack.command("/goal", "Make onboarding self-serve", { userId: PO_B, channelId: CHANNEL });
    const view = await openedView(opened);
    await t.slack.viewSubmission({
      userId: PO_B,
      view,
      values: fillModal(view, { [BacklogIds.goalMetrics]: "Activation rate → 40%" }),
    });
    const calls = await homesAfter(before);
    expect(calls).toHaveLength(1);
    const text = JSON.stringify(calls[0]?.args.view);
    expect(text).toContain("Product goals");
    expect(text).toContain("Make onboarding self-serve");
  });
});
