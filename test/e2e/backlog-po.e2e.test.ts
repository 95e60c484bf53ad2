/**
 * The product owner's backlog end to end over signed HTTP, the fake Slack and real SQLite:
 * move to top via the /backlog button, edit via the prefilled modal, mark ready refused with
 * the missing points, split, archive/restore, /goal create, feature stage button, refusals.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BacklogIds, StoryBlocks } from "../../src/slack/ids.js";
import { startTestApp, TEST_TEAM_ID, type TestApp } from "../support/app-harness.js";
import { validateMessageBlocks, validateView } from "../support/block-kit-limits.js";
import { fillModal } from "../support/modal.js";

const ADMIN = "U0ADMIN";
const PO = "U0PO";
const DEV = "U0DEV";
const CHANNEL = "C0TEAM";

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
  t.fake.addUser({ id: ADMIN, is_admin: true });
  t.fake.addUser({ id: PO, name: "pat" });
  t.fake.addUser({ id: DEV, name: "dev" });
  t.fake.addChannel({ id: CHANNEL, name: "team", botIsMember: true });
  await command(ADMIN, "/scrum", `roles po <@${PO}|pat>`);
});
afterEach(() => t.stop());

async function command(userId: string, name: string, text: string) {
  const before = t.fake.responses.length;
  const res = await t.slack.command(name, text, { userId, channelId: CHANNEL });
  expect(res.status).toBe(200);
  const response = await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before);
  return {
    body: response.body as { blocks: unknown[]; text: string },
    text: JSON.stringify(response.body),
    responseUrl: res.responseUrl,
  };
}

async function addStory(title: string, answers: Record<string, string> = {}, userId = PO) {
  const opened = t.fake.calls.filter((c) => c.method === "views.open").length;
  await t.slack.command("/story", title, { userId, channelId: CHANNEL });
  const calls = await t.fake.waitForCount("views.open", opened + 1);
  const view = calls[opened]?.args.view as Record<string, unknown>;
  const res = await t.slack.viewSubmission({
    userId,
    view,
    values: fillModal(view, {
      [StoryBlocks.persona]: "product owner",
      [StoryBlocks.want]: "see the backlog",
      [StoryBlocks.benefit]: "I can plan",
      [StoryBlocks.acceptanceCriteria]: "Given a backlog then I see it",
      [StoryBlocks.estimate]: "3",
      ...answers,
    }),
  });
  expect(res.body).toBe("");
  await t.bot.settle(); // a new story is saved just after its ack
}

async function order(): Promise<string[]> {
  const rows = await t.db.db
    .selectFrom("stories")
    .where("team_id", "=", TEST_TEAM_ID)
    .select("title")
    .where("archived_at", "is", null)
    .orderBy("rank")
    .execute();
  return rows.map((r) => r.title);
}

type Block = {
  type: string;
  block_id?: string;
  elements?: {
    action_id: string;
    value?: string;
    options?: { value: string }[];
    accessibility_label?: string;
    confirm?: unknown;
  }[];
};

function controlsOf(body: { blocks: unknown[] }, storyNumber: number) {
  const block = (body.blocks as Block[]).find((b) =>
    b.block_id?.startsWith(`${BacklogIds.storyBlock}:${storyNumber}:`),
  );
  if (!block) throw new Error(`no controls for #${storyNumber}`);
  return block;
}

/** The option values of a story row's menu (its overflow accessory). */
function menuOf(body: { blocks: unknown[] }, storyNumber: number): string[] {
  const row = controlsOf(body, storyNumber) as Block & { accessory?: { options?: { value: string }[] } };
  return (row.accessory?.options ?? []).map((o) => o.value);
}

async function click(
  userId: string,
  block: Block,
  actionId: string,
  responseUrl: string,
  extra: Record<string, unknown> = {},
) {
  const el = block.elements?.find((e) => e.action_id === actionId);
  return t.slack.blockAction({
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
}

async function overflow(
  userId: string,
  body: { blocks: unknown[] },
  n: number,
  kind: string,
  responseUrl: string,
) {
  const block = controlsOf(body, n);
  return click(userId, block, BacklogIds.more, responseUrl, {
    type: "overflow",
    selected_option: { text: { type: "plain_text", text: kind }, value: `${kind}:${n}` },
  });
}

describe("ordering from /backlog", () => {
  it("moves a story to the top with the button, refreshes the list in place and records the move", async () => {
    for (const title of ["First", "Second", "Third"]) await addStory(title);
    const list = await command(PO, "/backlog", "");
    expect(validateMessageBlocks(list.body.blocks)).toEqual([]);
    const before = t.fake.responses.length;
    await overflow(PO, list.body, 3, "top", list.responseUrl ?? "");
    const refreshed = await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before);
    const body = refreshed.body as { replace_original: boolean; blocks: unknown[] };
    expect(body.replace_original).toBe(true);
    expect(JSON.stringify(body)).toContain("Moved *#3* from position 3 to 1 of 3");
    expect(validateMessageBlocks(body.blocks)).toEqual([]);
    expect(await order()).toEqual(["Third", "First", "Second"]);
    const event = await t.db.db
      .selectFrom("backlog_events")
      .where("team_id", "=", TEST_TEAM_ID)
      .selectAll()
      .where("kind", "=", "moved")
      .executeTakeFirstOrThrow();
    expect(JSON.parse(event.data)).toEqual({ fromPosition: 3, toPosition: 1 });
    expect(event.actor).toBe(PO);
  });

  it("shows team members no move buttons and refuses a forged move, naming who can", async () => {
    await addStory("First");
    await addStory("Second");
    const list = await command(DEV, "/backlog", "");
    const controls = controlsOf(list.body, 2);
    expect(JSON.stringify(list.body)).not.toContain(BacklogIds.moveTop);
    expect(menuOf(list.body, 2)).toEqual(["edit:2", "check:2", "ready:2", "split:2"]);
    expect(list.text).not.toContain("Reorder or archive");
    const before = t.fake.responses.length;
    await t.slack.blockAction({
      userId: DEV,
      channelId: CHANNEL,
      responseUrl: list.responseUrl ?? "",
      actions: [
        {
          action_id: BacklogIds.moveTop,
          block_id: controls.block_id ?? "",
          value: JSON.stringify({ n: 2, o: 0, l: 20, q: "" }),
        },
      ],
    });
    const refusal = await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before);
    expect(JSON.stringify(refusal.body)).toMatch(/Only product owners and admins can reorder the backlog/);
    expect((refusal.body as { replace_original: boolean }).replace_original).toBe(false);
    expect(await order()).toEqual(["First", "Second"]);
  });

  it("stays within Block Kit limits with 20 long stories and controls, and 100 without", async () => {
    for (let i = 0; i < 3; i++) await addStory(`${"Long title 🚀 ".repeat(10)}${i}`);
    await t.db.db
      .insertInto("stories")
      .values(
        Array.from({ length: 120 }, (_, i) => ({
          team_id: "T0001",
          number: 100 + i,
          title: `${"<!channel> & more ".repeat(8)}${i}`,
          persona: "",
          want: "",
          benefit: "",
          acceptance_criteria: "[]",
          estimate: null,
          priority: "medium",
          status: "new",
          labels: "[]",
          created_by: PO,
          created_at: "2026-11-28T10:00:00.000Z",
          updated_at: "2026-11-28T10:00:00.000Z",
          rank: 100_000 + i * 1024,
        })),
      )
      .execute();
    const list = await command(PO, "/backlog", "");
    expect(validateMessageBlocks(list.body.blocks)).toEqual([]);
    expect(list.text).not.toContain("<!channel>");
    const big = await command(PO, "/backlog", "100");
    expect(validateMessageBlocks(big.body.blocks)).toEqual([]);
  });
});

describe("edit, mark ready, split, archive", () => {
  it("edits a story in the prefilled modal and saves the changes", async () => {
    await addStory("Export CSV", { [StoryBlocks.labels]: "billing" });
    const list = await command(PO, "/backlog", "");
    await overflow(PO, list.body, 1, "edit", list.responseUrl ?? "");
    const open = await t.fake.waitFor(
      "views.open",
      (c) => (c.args.view as { callback_id: string }).callback_id === BacklogIds.storyEditModal,
    );
    const view = open.args.view as Record<string, unknown>;
    expect(validateView(view)).toEqual([]);
    const blocks = view.blocks as {
      block_id: string;
      element: { initial_value?: string; initial_option?: { value: string } };
    }[];
    const init = (id: string) => blocks.find((b) => b.block_id === id)?.element;
    expect(init(StoryBlocks.title)?.initial_value).toBe("Export CSV");
    expect(init(StoryBlocks.want)?.initial_value).toBe("see the backlog");
    expect(init(StoryBlocks.estimate)?.initial_option?.value).toBe("3");
    expect(init(StoryBlocks.labels)?.initial_value).toBe("billing");

    const before = t.fake.responses.length;
    const res = await t.slack.viewSubmission({
      userId: PO,
      view,
      values: fillModal(view, { [StoryBlocks.title]: "Export CSV and JSON", [StoryBlocks.estimate]: "5" }),
    });
    expect(res.body).toBe("");
    const row = await t.db.db
      .selectFrom("stories")
      .where("team_id", "=", TEST_TEAM_ID)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ title: "Export CSV and JSON", estimate: 5, want: "see the backlog" });
    const kinds = await t.db.db
      .selectFrom("backlog_events")
      .where("team_id", "=", TEST_TEAM_ID)
      .select("kind")
      .orderBy("id")
      .execute();
    expect(kinds.map((k) => k.kind)).toEqual(["created", "edited", "estimated"]);
    const refreshed = await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before);
    expect(JSON.stringify(refreshed.body)).toContain("Saved *#1* (2 changes)");
  });

  it("captures a story from its title alone; it reads well everywhere and the Definition of Ready flags the rest", async () => {
    const before = t.fake.callsTo("chat.postEphemeral").length;
    await addStory("Dark mode", {
      [StoryBlocks.persona]: "",
      [StoryBlocks.want]: "",
      [StoryBlocks.benefit]: "",
      [StoryBlocks.acceptanceCriteria]: "",
      [StoryBlocks.estimate]: "none",
    });
    const confirmation = (await t.fake.waitForCount("chat.postEphemeral", before + 1))[before];
    const confirmationText = JSON.stringify(confirmation?.args.blocks);
    expect(confirmationText).toContain("Dark mode");
    expect(confirmationText).not.toMatch(/As an? |I want to|so that|undefined|null/);
    const story = await t.db.db
      .selectFrom("stories")
      .where("team_id", "=", TEST_TEAM_ID)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(story).toMatchObject({ title: "Dark mode", persona: "", want: "", benefit: "" });
    const list = await command(PO, "/backlog", "");
    expect(list.text).toContain(
      "6 of 7 checks missing: persona, want, benefit, acceptance criteria, estimate, size",
    );
    expect(list.text).not.toMatch(/As an? |undefined/);
    const before2 = t.fake.responses.length;
    await overflow(PO, list.body, 1, "check", list.responseUrl ?? "");
    const check = JSON.stringify(
      (await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before2)).body,
    );
    expect(check).toContain("the persona (“As a …”) is empty");
    expect(check).not.toMatch(/>As an? |undefined/);
  });

  it("refuses mark ready listing the missing points", async () => {
    await addStory("Half-baked", {
      [StoryBlocks.benefit]: "",
      [StoryBlocks.acceptanceCriteria]: "",
      [StoryBlocks.estimate]: "none",
    });
    const list = await command(PO, "/backlog", "");
    expect(list.text).toContain("4 of 7 checks missing: benefit, acceptance criteria, estimate, size");
    const before = t.fake.responses.length;
    await overflow(PO, list.body, 1, "ready", list.responseUrl ?? "");
    const refusal = await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before);
    const text = JSON.stringify(refusal.body);
    expect(text).toContain("I can't mark #1 ready yet");
    expect(text).toContain("the benefit");
    expect(text).toContain("no acceptance criteria yet");
    expect(text).toContain("not estimated");
    expect(validateMessageBlocks((refusal.body as { blocks: unknown[] }).blocks)).toEqual([]);
    const row = await t.db.db
      .selectFrom("stories")
      .where("team_id", "=", TEST_TEAM_ID)
      .select("status")
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("new");
  });

  it("marks a story that meets the Definition of Ready as ready", async () => {
    await addStory("Complete");
    const list = await command(PO, "/backlog", "");
    const before = t.fake.responses.length;
    await overflow(PO, list.body, 1, "ready", list.responseUrl ?? "");
    const done = await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before);
    expect(JSON.stringify(done.body)).toContain("is ready to plan");
    const row = await t.db.db
      .selectFrom("stories")
      .where("team_id", "=", TEST_TEAM_ID)
      .select("status")
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("ready");
  });

  it("splits a story into two from the overflow menu", async () => {
    await addStory("Big one");
    await addStory("Next");
    const list = await command(PO, "/backlog", "");
    await overflow(PO, list.body, 1, "split", list.responseUrl ?? "");
    const open = await t.fake.waitFor(
      "views.open",
      (c) => (c.args.view as { callback_id: string }).callback_id === BacklogIds.splitModal,
    );
    const view = open.args.view as Record<string, unknown>;
    expect(validateView(view)).toEqual([]);
    const res = await t.slack.viewSubmission({
      userId: PO,
      view,
      values: fillModal(view, {
        [BacklogIds.splitFirstTitle]: "Big one: read",
        [BacklogIds.splitSecondTitle]: "Big one: write",
        [BacklogIds.splitSecondCriteria]: "Given x then y",
      }),
    });
    expect(res.body).toBe("");
    expect(await order()).toEqual(["Big one: read", "Big one: write", "Next"]);
    const created = await t.db.db
      .selectFrom("stories")
      .where("team_id", "=", TEST_TEAM_ID)
      .selectAll()
      .where("number", "=", 3)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(created.acceptance_criteria)).toEqual(["Given x then y"]);
    const split = await t.db.db
      .selectFrom("backlog_events")
      .where("team_id", "=", TEST_TEAM_ID)
      .select("data")
      .where("kind", "=", "split")
      .executeTakeFirstOrThrow();
    expect(JSON.parse(split.data)).toEqual({ into: [1, 3] });
  });

  it("reorders and archives in the PO's reorder mode (labelled arrows, a confirmed archive), then restores from /backlog archived", async () => {
    await addStory("Keep");
    await addStory("Old idea");
    await addStory("Third");
    const list = await command(PO, "/backlog", "");
    // One menu per story: one block per row, a fraction of the old six-button rows.
    expect(JSON.stringify(list.body)).not.toContain(BacklogIds.moveUp);
    expect(menuOf(list.body, 2)).toEqual(["top:2", "to:2", "edit:2", "ready:2", "split:2"]);
    expect(list.text).toContain("in backlog order");
    const url = list.responseUrl ?? "";
    const modeBlock = (list.body.blocks as Block[]).find((b) =>
      b.elements?.some((e) => e.action_id === "backlog_page_mode"),
    );
    let before = t.fake.responses.length;
    await click(PO, modeBlock as Block, "backlog_page_mode", url);
    const reorder = (await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before)).body as {
      blocks: unknown[];
    };
    expect(validateMessageBlocks(reorder.blocks)).toEqual([]);
    const row = controlsOf(reorder, 3);
    expect((row.elements ?? []).map((e) => e.accessibility_label)).toEqual([
      "Move #3 up",
      "Move #3 down",
      "Move #3 to the top",
      "Move #3 to the bottom",
      "Archive #3",
    ]);
    expect(row.elements?.find((e) => e.action_id === BacklogIds.archive)?.confirm).toBeDefined();

    // ↑ keeps the reorder mode on the refreshed page.
    before = t.fake.responses.length;
    await click(PO, row, BacklogIds.moveUp, url);
    const moved = (await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before)).body as {
      blocks: unknown[];
    };
    expect(await order()).toEqual(["Keep", "Third", "Old idea"]);
    expect(JSON.stringify(moved)).toContain("Done reordering");

    before = t.fake.responses.length;
    await click(PO, controlsOf(moved, 2), BacklogIds.archive, url);
    await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before);
    expect(await order()).toEqual(["Keep", "Third"]);
    const archived = await command(PO, "/backlog", "archived");
    expect(archived.text).toContain("Old idea");
    expect(validateMessageBlocks(archived.body.blocks)).toEqual([]);
    const after = t.fake.responses.length;
    await t.slack.blockAction({
      userId: PO,
      channelId: CHANNEL,
      responseUrl: archived.responseUrl ?? "",
      actions: [{ action_id: BacklogIds.restore, block_id: "x", value: "2" }],
    });
    const restored = await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= after);
    expect(JSON.stringify(restored.body)).toContain("Restored *#2* at position 3");
    expect(await order()).toEqual(["Keep", "Third", "Old idea"]);
  });
});

describe("/goal and features", () => {
  it("creates a goal with metrics and targets from the modal", async () => {
    await t.slack.command("/goal", "Make onboarding self-serve", { userId: PO, channelId: CHANNEL });
    const open = await t.fake.waitFor("views.open");
    const view = open.args.view as Record<string, unknown>;
    expect(validateView(view)).toEqual([]);
    const res = await t.slack.viewSubmission({
      userId: PO,
      view,
      values: fillModal(view, { [BacklogIds.goalMetrics]: "Activation rate → 40%\nNPS" }),
    });
    expect(res.body).toBe("");
    const goal = await t.db.db
      .selectFrom("goals")
      .where("team_id", "=", TEST_TEAM_ID)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(goal).toMatchObject({
      number: 1,
      statement: "Make onboarding self-serve",
      status: "active",
      created_by: PO,
    });
    expect(JSON.parse(goal.metrics)).toEqual([
      { name: "Activation rate", target: "40%" },
      { name: "NPS", target: null },
    ]);
    const confirmation = await t.fake.waitFor("chat.postEphemeral");
    expect(JSON.stringify(confirmation.args.blocks)).toContain("Activation rate: target 40%");
    const list = await command(DEV, "/goal", "");
    expect(list.text).toContain("G1");
    expect(list.text).not.toContain(BacklogIds.goalEdit);
  });

  it("shows a metric's baseline, current value and target labelled, in /goal, Home and the digest", async () => {
    await t.slack.command("/goal", "Sell more online", { userId: PO, channelId: CHANNEL });
    const view = (await t.fake.waitFor("views.open")).args.view as Record<string, unknown>;
    await t.slack.viewSubmission({
      userId: PO,
      view,
      values: fillModal(view, {
        [BacklogIds.goalMetrics]:
          "Checkout conversion: 2.1% → 4%\nBasket size: baseline €40, now €42, target €50",
      }),
    });
    const goal = await t.db.db
      .selectFrom("goals")
      .where("team_id", "=", TEST_TEAM_ID)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(JSON.parse(goal.metrics)).toEqual([
      { name: "Checkout conversion", baseline: "2.1%", target: "4%" },
      { name: "Basket size", baseline: "€40", current: "€42", target: "€50" },
    ]);
    const list = (await command(DEV, "/goal", "")).text;
    expect(list).toContain("Checkout conversion: baseline 2.1% · target 4%");
    expect(list).toContain("Basket size: baseline €40 · now €42 · target €50");
    expect(list).not.toContain("→ 4%");
    const digest = (await command(PO, "/digest", "preview")).text;
    expect(digest).toContain("Checkout conversion: baseline 2.1% · target 4%");
    expect(digest).not.toContain("Checkout conversion: 4%");
    await t.slack.event({ type: "app_home_opened", user: DEV, channel: "D0HOME", tab: "home" });
    const home = await t.fake.waitFor("views.publish", (c) => c.args.user_id === DEV);
    expect(JSON.stringify(home.args.view)).toContain("Basket size: baseline €40 · now €42 · target €50");
  });

  it("refuses /goal for a team member, saying who can", async () => {
    const r = await command(DEV, "/goal", "Take over the world");
    expect(r.text).toMatch(/Only product owners and admins can set product goals/);
  });

  it("moves a feature to the next stage with a button, recording who and when", async () => {
    const created = await command(PO, "/goal", "feature CSV export");
    expect(created.text).toContain("F1");
    const list = await command(PO, "/goal", "features");
    expect(validateMessageBlocks(list.body.blocks)).toEqual([]);
    const block = (list.body.blocks as Block[]).find((b) => b.block_id === "feature_1") as Block;
    const before = t.fake.responses.length;
    await click(PO, block, BacklogIds.featureNext, list.responseUrl ?? "");
    const refreshed = await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before);
    expect(JSON.stringify(refreshed.body)).toContain("moved from Idea to *Definition*");
    const history = await t.db.db
      .selectFrom("feature_stage_history")
      .where("team_id", "=", TEST_TEAM_ID)
      .selectAll()
      .orderBy("id")
      .execute();
    expect(history.map((h) => [h.from_stage, h.to_stage, h.moved_by])).toEqual([
      [null, "idea", PO],
      ["idea", "definition", PO],
    ]);
    expect(history[1]?.moved_at).toBe("2026-11-28T10:00:00.000Z");
  });
});
