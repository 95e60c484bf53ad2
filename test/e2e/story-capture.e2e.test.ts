/**
 * The first vertical slice, end to end over HTTP: /story → modal → submit →
 * confirmation → /backlog, against the fake Slack Web API and a real SQLite file.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StoryBlocks } from "../../src/slack/ids.js";
import { startTestApp, TEST_TEAM_ID, type TestApp } from "../support/app-harness.js";
import { validateMessageBlocks, validateView } from "../support/block-kit-limits.js";
import { fillModal } from "../support/modal.js";
import { seedStory } from "../support/stories.js";

const USER = "U0PO";
const CHANNEL = "C0TEAM";

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
  t.fake.addUser({ id: USER, name: "pat", tz: "Europe/Berlin" });
  t.fake.addChannel({ id: CHANNEL, name: "team", botIsMember: true });
});
afterEach(() => t.stop());

async function openStoryModal(text = "") {
  const res = await t.slack.command("/story", text, { userId: USER, channelId: CHANNEL });
  expect(res.status).toBe(200);
  const call = await t.fake.waitFor("views.open");
  expect(call.response.ok).toBe(true);
  return call.args.view as Record<string, unknown>;
}

const goodAnswers = {
  [StoryBlocks.persona]: "product owner",
  [StoryBlocks.want]: "export the backlog as CSV",
  [StoryBlocks.benefit]: "I can share it with finance",
  [StoryBlocks.acceptanceCriteria]: "Given a backlog\nWhen I export\nThen I get a CSV file",
  [StoryBlocks.priority]: "high",
  [StoryBlocks.estimate]: "5",
  [StoryBlocks.labels]: "billing, reports",
};

async function submit(view: Record<string, unknown>, answers: Record<string, string | null>) {
  return t.slack.viewSubmission({ userId: USER, view, values: fillModal(view, answers) });
}

async function backlogText(text = ""): Promise<{ body: Record<string, unknown>; text: string }> {
  const before = t.fake.responses.length;
  const res = await t.slack.command("/backlog", text, { userId: USER, channelId: CHANNEL });
  expect(res.status).toBe(200);
  const response = await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before);
  return { body: response.body as Record<string, unknown>, text: JSON.stringify(response.body) };
}

describe("story capture", () => {
  it("opens the modal prefilled with the title, inside Slack's limits", async () => {
    const view = await openStoryModal("Export the backlog");
    expect(validateView(view)).toEqual([]);
    const blocks = view.blocks as { block_id: string; element: { initial_value?: string } }[];
    expect(blocks.find((b) => b.block_id === StoryBlocks.title)?.element.initial_value).toBe(
      "Export the backlog",
    );
  });

  it("saves a valid story, confirms it privately as a user story, and lists it in /backlog", async () => {
    const view = await openStoryModal("Export the backlog");
    const res = await submit(view, goodAnswers);
    expect(res.status).toBe(200);
    expect(res.body).toBe(""); // plain ack closes the modal

    const confirmation = await t.fake.waitFor("chat.postEphemeral");
    expect(confirmation.args).toMatchObject({ channel: CHANNEL, user: USER });
    const shown = JSON.stringify(confirmation.args.blocks);
    expect(shown).toContain(
      "As a product owner, I want to export the backlog as CSV, so that I can share it with finance.",
    );
    expect(shown).toContain("position 1 of 1");
    expect(shown).toContain("Then I get a CSV file");
    expect(validateMessageBlocks(confirmation.args.blocks as unknown[])).toEqual([]);

    const { body, text } = await backlogText();
    expect(body.response_type).toBe("ephemeral");
    expect(text).toContain("Export the backlog");
    expect(text).toContain("High");
    expect(text).toContain("5 pts");
  });

  it("returns field errors for invalid input and saves nothing", async () => {
    const view = await openStoryModal();
    // A real client enforces max_length; a forged or buggy client may not, so the server checks too.
    // A blank persona is fine now (only the title is required); one over its limit is not.
    const values = fillModal(view, { ...goodAnswers, [StoryBlocks.persona]: "p".repeat(151) });
    (values[StoryBlocks.title] as Record<string, { value: string }>).value!.value = "x".repeat(151);
    const res = await t.slack.viewSubmission({ userId: USER, view, values });
    expect(res.status).toBe(200);
    const json = res.json as { response_action: string; errors: Record<string, string> };
    expect(json.response_action).toBe("errors");
    expect(Object.keys(json.errors).sort()).toEqual([StoryBlocks.persona, StoryBlocks.title].sort());
    expect(json.errors[StoryBlocks.title]).toMatch(/150/);
    const rows = await t.db.db
      .selectFrom("stories")
      .where("team_id", "=", TEST_TEAM_ID)
      .selectAll()
      .execute();
    expect(rows).toHaveLength(0);
  });

  it("rejects an estimate that is not one of the offered points (a forged payload)", async () => {
    const view = await openStoryModal("Forged");
    const values = fillModal(view, goodAnswers);
    const estimate = values[StoryBlocks.estimate] as Record<string, { selected_option: { value: string } }>;
    for (const el of Object.values(estimate)) el.selected_option = { ...el.selected_option, value: "4" };
    const res = await t.slack.viewSubmission({ userId: USER, view, values });
    const json = res.json as { errors: Record<string, string> };
    expect(json.errors[StoryBlocks.estimate]).toMatch(/1, 2, 3, 5, 8, 13, 21/);
  });

  it("falls back to a DM when the bot is not in the channel", async () => {
    t.fake.addChannel({ id: "C0ELSEWHERE", name: "elsewhere", botIsMember: false });
    await t.slack.command("/story", "From elsewhere", { userId: USER, channelId: "C0ELSEWHERE" });
    const view = (await t.fake.waitFor("views.open")).args.view as Record<string, unknown>;
    await submit(view, goodAnswers);
    const dm = await t.fake.waitFor("chat.postMessage");
    expect(dm.args.channel).toBe(USER);
    expect(JSON.stringify(dm.args.blocks)).toContain("From elsewhere");
  });

  it("numbers stories and shows their backlog position", async () => {
    for (const title of ["First", "Second", "Third"]) {
      const view = await openStoryModal(title);
      t.fake.clearCalls();
      await submit(view, goodAnswers);
      await t.fake.waitFor("chat.postEphemeral");
    }
    const rows = await t.db.db
      .selectFrom("stories")
      .where("team_id", "=", TEST_TEAM_ID)
      .select(["number", "title"])
      .orderBy("rank")
      .execute();
    expect(rows).toEqual([
      { number: 1, title: "First" },
      { number: 2, title: "Second" },
      { number: 3, title: "Third" },
    ]);
    const { text } = await backlogText("third");
    expect(text).toContain("Third");
    expect(text).not.toContain("Second");
  });
});

describe("/backlog", () => {
  it("explains how to add the first story when the backlog is empty", async () => {
    const { text } = await backlogText();
    expect(text).toContain("/story");
    expect(text).toMatch(/empty/i);
  });
});

describe("/backlog typos", () => {
  it("offers the closest subcommand when a slip matches no story", async () => {
    await seedStory(t, USER, "Export invoices");
    await t.slack.command("/backlog", "archvied", { userId: USER, channelId: CHANNEL });
    const r = await t.fake.waitForResponse((x) => JSON.stringify(x.body).includes("archvied"));
    expect(JSON.stringify(r.body)).toContain("Did you mean `/backlog archived`?");
  });
});

describe("/scrum help", () => {
  const help = async (userId: string, text = "help") => {
    const before = t.fake.responses.length;
    const res = await t.slack.command("/scrum", text, { userId, channelId: CHANNEL });
    const r = await t.fake.waitForResponse((x) => t.fake.responses.indexOf(x) >= before);
    return { body: r.body as { blocks: { type: string; elements?: { action_id?: string }[] }[] }, res };
  };

  it("starts with the five things the person's role does most, then More… for every command", async () => {
    t.fake.addUser({ id: "U0ADMIN", name: "admin", is_admin: true });
    // The default role: a team member — today's standup comes first.
    const member = await help(USER);
    const memberText = JSON.stringify(member.body);
    expect(memberText).toContain("What you'll use most");
    expect(memberText).toContain("As a team member");
    expect(memberText.indexOf("/standup")).toBeLessThan(memberText.indexOf("/story"));
    expect(memberText).not.toContain("/backlog score"); // the long list waits behind More…
    expect(memberText.length).toBeLessThan(2000);
    // A product owner sees the backlog and triage; a viewer how to ask.
    await t.slack.command("/scrum", `roles po <@${USER}>`, { userId: "U0ADMIN", channelId: CHANNEL });
    await t.fake.waitForResponse((r) => JSON.stringify(r.body).includes("product owner"));
    expect(JSON.stringify((await help(USER)).body)).toContain("/backlog triage");
    await t.slack.command("/scrum", "roles default viewer", { userId: "U0ADMIN", channelId: CHANNEL });
    await t.fake.waitForResponse((r) => JSON.stringify(r.body).includes("viewer"));
    const viewer = JSON.stringify((await help("U0STAKE")).body);
    expect(viewer).toContain("As a viewer");
    expect(viewer).toContain("/request");
    expect(viewer).not.toContain("/standup setup");

    // More… replaces the message with every command and its subcommands.
    const more = member.body.blocks
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === "scrum_help_more");
    expect(more).toBeDefined();
    const before = t.fake.responses.length;
    await t.slack.blockAction({
      userId: USER,
      channelId: CHANNEL,
      responseUrl: member.res.responseUrl,
      actions: [{ action_id: "scrum_help_more", block_id: "b", value: "all" }],
    });
    const all = await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before);
    expect((all.body as { replace_original?: boolean }).replace_original).toBe(true);
    for (const command of ["/story", "/backlog score", "/scrum", "/digest"])
      expect(JSON.stringify(all.body)).toContain(command);
    expect(JSON.stringify((await help(USER, "help all")).body)).toContain("/backlog score");
  });

  it("suggests the closest subcommand for a slip instead of the whole list", async () => {
    const slip = JSON.stringify((await help(USER, "rlose")).body);
    expect(slip).toContain("Did you mean `/scrum roles`?");
    expect(slip).not.toContain("/backlog");
  });

  it("answers an unknown subcommand with the short help rather than silence", async () => {
    const other = JSON.stringify((await help(USER, "frobnicate")).body);
    expect(other).toContain("I don't know");
    expect(other).toContain("What you'll use most");
  });
});

describe("who may create stories", () => {
  it("refuses viewers privately before the form opens, and refuses a forged submission without saving", async () => {
    t.fake.addUser({ id: "U0ADMIN", name: "admin", is_admin: true });
    t.fake.addUser({ id: "U0VIEW", name: "viewer" });
    // Capture the form first (as a member), so we can forge a viewer's submission of it.
    const view = await openStoryModal("Forged by a viewer");
    await t.slack.command("/scrum", "roles default viewer", { userId: "U0ADMIN", channelId: CHANNEL });
    await t.fake.waitForResponse((r) => JSON.stringify(r.body).includes("viewer"));

    t.fake.clearCalls();
    const before = t.fake.responses.length;
    await t.slack.command("/story", "Not allowed", { userId: "U0VIEW", channelId: CHANNEL });
    const refusal = await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before);
    expect((refusal.body as { response_type: string }).response_type).toBe("ephemeral");
    expect(JSON.stringify(refusal.body)).toMatch(/create stories/);
    expect(t.fake.callsTo("views.open")).toHaveLength(0);

    const res = await t.slack.viewSubmission({
      userId: "U0VIEW",
      view,
      values: fillModal(view, goodAnswers),
    });
    expect((res.json as { response_action: string }).response_action).toBe("errors");
    expect(
      await t.db.db.selectFrom("stories").where("team_id", "=", TEST_TEAM_ID).selectAll().execute(),
    ).toHaveLength(0);
  });
});
