/**
 * App Home end to end: published on app_home_opened, per viewer (triage only for POs), within
 * Slack's limits with 1,000 stories, and refreshed when something the viewer sees changes.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RequestBlocks } from "../../src/slack/ids.js";
import { startTestApp, TEST_TEAM_ID, type TestApp } from "../support/app-harness.js";
import { validateView } from "../support/block-kit-limits.js";
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
  t.fake.addChannel({ id: CHANNEL, name: "team" });
  await t.slack.command("/scrum", `roles po <@${PO}>`, { userId: ADMIN, channelId: CHANNEL });
  await t.fake.waitForResponse(() => true);
});
afterEach(() => t.stop());

/** 1,000 stories straight into SQLite (the app reads them like any others); every third is DEV's. */
async function seedStories(n: number) {
  const rows = Array.from({ length: n }, (_, i) => ({
    team_id: "T0001",
    number: i + 1,
    title: `Story ${i + 1} 🚀 with <!channel> & a long tail ${"x".repeat(100)}`,
    persona: "user",
    want: "do things",
    benefit: "",
    acceptance_criteria: "[]",
    estimate: i % 2 ? 3 : null,
    priority: "medium",
    status: i % 4 === 0 ? "ready" : "new",
    rank: (i + 1) * 1024,
    labels: "[]",
    created_by: i % 3 === 0 ? DEV : PO,
    source_permalink: null,
    created_at: "2026-11-28T09:00:00.000Z",
    updated_at: "2026-11-28T09:00:00.000Z",
  }));
  for (let i = 0; i < rows.length; i += 200) {
    await t.db.db
      .insertInto("stories")
      .values(rows.slice(i, i + 200))
      .execute();
  }
}

async function openHome(user: string) {
  const before = t.fake.calls.filter((c) => c.method === "views.publish").length;
  const res = await t.slack.event({ type: "app_home_opened", user, channel: "D0HOME", tab: "home" });
  expect(res.status).toBe(200);
  const calls = await t.fake.waitForCount("views.publish", before + 1);
  const call = calls[before];
  if (!call) throw new Error("no publish");
  expect(call.response.ok).toBe(true);
  expect(call.args.user_id).toBe(user);
  return {
    view: call.args.view as { type: string; blocks: unknown[] },
    text: JSON.stringify(call.args.view),
  };
}

describe("App Home", () => {
  it("publishes a valid Home for 1,000 stories: top of the backlog with readiness, the viewer's own stories", async () => {
    await seedStories(1000);
    const { view, text } = await openHome(DEV);
    expect(view.type).toBe("home");
    expect(validateView(view)).toEqual([]);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(text).toContain("10 of 1000 open stories");
    expect(text).toContain("✅ *1.* #1 Story 1 🚀 with &lt;!channel&gt; &amp;");
    expect(text).toContain("◻️ *2.* #2 Story 2");
    expect(text).toContain("10 of your 334 stories");
    expect(text).toContain("*4.* #4 Story 4"); // DEV's second story, at its backlog position
    // A team member sees no triage inbox.
    expect(text).not.toContain("Triage inbox");
  });

  it("shows POs the triage inbox count and refreshes their open Home when a request arrives", async () => {
    let home = await openHome(PO);
    expect(home.text).toContain("Triage inbox (0)");
    expect(home.text).toContain("You are a *product owner*");

    const publishes = t.fake.calls.filter((c) => c.method === "views.publish").length;
    await t.slack.command("/request", "A dashboard", { userId: DEV, channelId: CHANNEL });
    const view = (await t.fake.waitFor("views.open")).args.view as Record<string, unknown>;
    await t.slack.viewSubmission({
      userId: DEV,
      view,
      values: fillModal(view, { [RequestBlocks.urgency]: "high" }),
    });
    const calls = await t.fake.waitForCount("views.publish", publishes + 1);
    home = { view: calls[publishes]?.args.view as never, text: JSON.stringify(calls[publishes]?.args.view) };
    expect(calls[publishes]?.args.user_id).toBe(PO);
    expect(home.text).toContain("Triage inbox (1)");
    expect(home.text).toContain("A dashboard");
    expect(home.text).toContain("request_accept");
  });

  it("numbers only open stories: a done story takes no position, in the top or in your stories", async () => {
    await seedStories(6);
    // #1 (DEV's) and #3 are done: the top starts with #2 at 1, and #4 (DEV's) is 2nd of what is open.
    await t.db.db
      .updateTable("stories")
      .set({ status: "done" })
      .where("team_id", "=", TEST_TEAM_ID)
      .where("number", "in", [1, 3])
      .execute();
    const { text, view } = await openHome(DEV);
    expect(validateView(view)).toEqual([]);
    expect(text).toContain("*1.* #2 Story 2");
    expect(text).toContain("*2.* #4 Story 4");
    expect(text).not.toMatch(/\*\d+\.\* #1 Story 1/);
    expect(text).not.toMatch(/\*\d+\.\* #3 Story 3/);
    expect(text).toContain("4 of 4 open stories");
    // Your stories: the done one is listed, marked done, without a number.
    expect(text).toContain("☑️ #1 Story 1");
  });

  it("ignores the Messages tab", async () => {
    await t.slack.event({ type: "app_home_opened", user: DEV, channel: "D0HOME", tab: "messages" });
    // The next Home open (someone else's) is the first publish: openHome checks its user_id.
    await openHome(PO);
    expect(t.fake.calls.filter((c) => c.method === "views.publish").map((c) => c.args.user_id)).toEqual([PO]);
  });
});

describe("Home tab sections from goals, readiness and retros", () => {
  it("shows active goals with metrics, Definition-of-Ready marks, and the viewer's open action items", async () => {
    const at = "2026-11-28T09:00:00.000Z";
    await t.db.db
      .insertInto("goals")
      .values([
        {
          team_id: "T0001",
          number: 1,
          statement: "Halve churn <!channel>",
          metrics: JSON.stringify([{ name: "Monthly churn", target: "below 2%" }]),
          status: "active",
          created_by: PO,
          created_at: at,
          updated_at: at,
        },
        {
          team_id: "T0001",
          number: 2,
          statement: "Old goal",
          metrics: "[]",
          status: "achieved",
          created_by: PO,
          created_at: at,
          updated_at: at,
        },
      ])
      .execute();
    const story = (n: number, title: string, complete: boolean) => ({
      team_id: "T0001",
      number: n,
      title,
      persona: "user",
      want: "export",
      benefit: complete ? "share it" : "",
      acceptance_criteria: complete ? JSON.stringify(["Given x when y then z"]) : "[]",
      estimate: complete ? 3 : null,
      priority: "medium",
      status: "new",
      rank: n * 1024,
      labels: "[]",
      created_by: DEV,
      source_permalink: null,
      created_at: at,
      updated_at: at,
    });
    await t.db.db
      .insertInto("stories")
      .values([story(1, "Complete story", true), story(2, "Half-baked story", false)])
      .execute();
    const retro = await t.db.db
      .insertInto("retros")
      .values({
        team_id: "T0001",
        channel_id: CHANNEL,
        state: "revealed",
        opened_by: PO,
        created_at: at,
        revealed_at: at,
        closed_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db.db
      .insertInto("retro_actions")
      .values([
        {
          team_id: "T0001",
          retro_id: retro.id,
          text: "Automate the release notes",
          owner_id: DEV,
          due_on: "2026-12-05",
          state: "open",
          created_by: PO,
          created_at: at,
          done_at: null,
        },
        {
          team_id: "T0001",
          retro_id: retro.id,
          text: "Someone else's item",
          owner_id: PO,
          due_on: "2026-12-05",
          state: "open",
          created_by: PO,
          created_at: at,
          done_at: null,
        },
      ])
      .execute();

    const { view, text } = await openHome(DEV);
    expect(validateView(view)).toEqual([]);
    expect(text).toContain("Halve churn &lt;!channel&gt;");
    expect(text).toContain("Monthly churn: target below 2%");
    expect(text).not.toContain("Old goal");
    expect(text).toMatch(/✅ \*1\.\* #1 Complete story/);
    expect(text).toMatch(/◻️ \*2\.\* #2 Half-baked story/);
    expect(text).toContain("Automate the release notes — due Sat 5 Dec");
    expect(text).not.toContain("Someone else's item");
  });
});

/** Picks "Mark in progress" for story #1 in the sprint menu of `user`'s Home `view`. */
function markInProgress(user: string, view: unknown) {
  return t.slack.blockAction({
    userId: user,
    container: { type: "view", view_id: "V0HOME" },
    view: view as Record<string, unknown>,
    actions: [
      {
        action_id: "home_sprint_status",
        block_id: "b1",
        type: "overflow",
        selected_option: { value: "1:in_progress", text: { type: "plain_text", text: "Mark in progress" } },
      },
    ],
  });
}

/** A running sprint with story #1 in it (to do). @returns the story's id. */
async function seedSprintWithItem(): Promise<number> {
  const at = "2026-11-28T09:00:00.000Z";
  await seedStories(3);
  const sprint = await t.db.db
    .insertInto("sprints")
    .values({
      team_id: "T0001",
      name: "Sprint 7",
      goal: "Ship export <!here>",
      starts_on: "2026-11-23",
      ends_on: "2026-12-06",
      state: "active",
      channel_id: CHANNEL,
      completed_points: null,
      goal_met: null,
      goal_confirmed_by: null,
      created_by: PO,
      created_at: at,
      closed_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const story1 = await t.db.db
    .selectFrom("stories")
    .select("id")
    .where("team_id", "=", TEST_TEAM_ID)
    .where("number", "=", 1)
    .executeTakeFirstOrThrow();
  await t.db.db
    .insertInto("sprint_items")
    .values({
      team_id: "T0001",
      sprint_id: sprint.id,
      story_id: story1.id,
      status: "todo",
      added_at: at,
      done_at: null,
      outcome: null,
      not_done_reason: null,
      demo_link: null,
    })
    .execute();

  return story1.id;
}

describe("Home tab sprint items", () => {
  it("lists the running sprint's items and changes an item's status from the overflow menu", async () => {
    const story1 = { id: await seedSprintWithItem() };
    const { view, text } = await openHome(DEV);
    expect(validateView(view)).toEqual([]);
    expect(text).toContain("Sprint 7");
    expect(text).toContain("Ship export &lt;!here&gt;");
    expect(text).toContain("1:in_progress");

    const before = t.fake.callsTo("views.publish").length;
    const res = await markInProgress(DEV, view);
    expect(res.status).toBe(200);
    const calls = await t.fake.waitForCount("views.publish", before + 1);
    expect(JSON.stringify(calls[before]?.args.view)).toContain("In progress");
    const item = await t.db.db
      .selectFrom("sprint_items")
      .select("status")
      .where("story_id", "=", story1.id)
      .executeTakeFirstOrThrow();
    expect(item.status).toBe("in_progress");
  });
});

describe("Home tabs follow sprint changes made elsewhere", () => {
  const publishedTo = (user: string) =>
    t.fake.callsTo("views.publish").filter((c) => c.args.user_id === user);

  it("a status changed on a teammate's Home or with /sprint buttons re-publishes the others' open Home", async () => {
    await seedSprintWithItem();
    const { text: poBefore } = await openHome(PO);
    expect(poBefore).toContain("Sprint 7");
    const { view } = await openHome(DEV);
    const before = publishedTo(PO).length;
    await markInProgress(DEV, view);
    await t.fake.waitFor(
      "views.publish",
      (c) => c.args.user_id === PO && publishedTo(PO).indexOf(c) >= before,
    );
    expect(JSON.stringify(publishedTo(PO).at(-1)?.args.view)).toContain("In progress");

    // The same from the /sprint status message's "done" button, after the 2 s coalescing window.
    await new Promise((r) => setTimeout(r, 2100));
    const beforeDone = publishedTo(PO).length;
    await t.slack.blockAction({
      userId: PO,
      channelId: CHANNEL,
      actions: [{ action_id: "sprint_status_done", block_id: "s1", type: "button", value: "1:done" }],
    });
    await t.fake.waitFor(
      "views.publish",
      (c) => c.args.user_id === PO && publishedTo(PO).indexOf(c) >= beforeDone,
    );
    expect(JSON.stringify(publishedTo(PO).at(-1)?.args.view)).toContain("· _Done_");
    const item = await t.db.db.selectFrom("sprint_items").select("status").executeTakeFirstOrThrow();
    expect(item.status).toBe("done");
  });
});
