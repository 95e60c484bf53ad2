/**
 * The first vertical slice, end to end over HTTP: /story → modal → submit →
 * confirmation → /backlog, against the fake Slack Web API and a real SQLite file.
 */

import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ActionIds, StoryBlocks } from "../../src/slack/ids.js";
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

  it("saves a valid form the check before the ack can't vouch for (CRLF lines, empty labels) the same way", async () => {
    // More raw pieces than the limits allow, fewer once cleaned: parsed before the ack, not after.
    const view = await openStoryModal("Export the backlog");
    const criteria = Array.from({ length: 12 }, (_, i) => `Criterion ${i + 1}`).join("\r\n");
    const res = await submit(view, {
      ...goodAnswers,
      [StoryBlocks.acceptanceCriteria]: criteria,
      [StoryBlocks.labels]: "billing,,,,,,,,,,, reports",
    });
    expect(res.status).toBe(200);
    expect(res.body).toBe("");
    const confirmation = await t.fake.waitFor("chat.postEphemeral");
    const shown = JSON.stringify(confirmation.args.blocks);
    expect(shown).toContain("Criterion 12");
    expect(shown).toContain("position 1 of 1");
    const row = await t.db.db
      .selectFrom("stories")
      .select(["acceptance_criteria", "labels"])
      .where("team_id", "=", TEST_TEAM_ID)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.acceptance_criteria)).toHaveLength(12);
    expect(JSON.parse(row.labels)).toEqual(["billing", "reports"]);
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
  it("refuses viewers privately before the form opens, and a forged submission without saving, giving the text back", async () => {
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
    // A new story is acked before it is saved: the refusal comes as a DM with the person's text.
    expect(res.status).toBe(200);
    expect(res.json).toBeUndefined();
    const dm = await t.fake.waitFor("chat.postMessage", (c) => c.args.channel === "U0VIEW");
    const shown = JSON.stringify(dm.args.blocks);
    expect(shown).toMatch(/couldn't add your story \*Forged by a viewer\*/);
    expect(shown).toMatch(/create stories/);
    expect(shown).toContain("export the backlog as CSV");
    expect(shown).not.toContain(ActionIds.storyRetry); // trying again would be refused again
    expect(validateMessageBlocks(dm.args.blocks as unknown[])).toEqual([]);
    await t.bot.settle();
    expect(
      await t.db.db.selectFrom("stories").where("team_id", "=", TEST_TEAM_ID).selectAll().execute(),
    ).toHaveLength(0);
  });
});

describe("a story that can't be saved after its modal closed", () => {
  /** Makes every story insert of this test's database fail, as a broken disk would. */
  async function breakStoryInserts(): Promise<() => Promise<void>> {
    if (t.db.dialect === "postgres") {
      await sql`CREATE FUNCTION refuse_story() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk on fire'; END $$ LANGUAGE plpgsql`.execute(
        t.db.db,
      );
      await sql`CREATE TRIGGER refuse_story BEFORE INSERT ON stories FOR EACH ROW EXECUTE FUNCTION refuse_story()`.execute(
        t.db.db,
      );
      return async () => {
        await sql`DROP TRIGGER refuse_story ON stories`.execute(t.db.db);
        await sql`DROP FUNCTION refuse_story()`.execute(t.db.db);
      };
    }
    await sql`CREATE TRIGGER refuse_story BEFORE INSERT ON stories BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`.execute(
      t.db.db,
    );
    return async () => void (await sql`DROP TRIGGER refuse_story`.execute(t.db.db));
  }

  it("DMs the person their text, escaped, with Try again reopening the form with it", async () => {
    const view = await openStoryModal("Ship <!channel> export @here");
    const repair = await breakStoryInserts();
    const res = await submit(view, goodAnswers);
    expect(res.status).toBe(200);
    expect(res.json).toBeUndefined(); // the modal closed: the answer can't go on the form

    const dm = await t.fake.waitFor("chat.postMessage", (c) => c.args.channel === USER);
    // What people read (the button's value carries the raw text back to the form, unrendered).
    const shown = JSON.stringify((dm.args.blocks as { type: string }[]).filter((b) => b.type !== "actions"));
    expect(shown).toContain("couldn't add your story *Ship &lt;!channel&gt; export @here*");
    expect(shown).not.toContain("<!channel>");
    expect(shown).not.toContain("disk on fire"); // no internals in Slack
    expect(shown).toContain("nothing is lost");
    expect(shown).toContain("Given a backlog");
    expect(shown).toContain("#billing #reports");
    expect(validateMessageBlocks(dm.args.blocks as unknown[])).toEqual([]);
    expect(String(dm.args.text)).not.toContain("<!channel>");
    await t.bot.settle();
    expect(t.fake.callsTo("chat.postEphemeral")).toHaveLength(0); // no "Added" confirmation

    await repair();
    const button = (dm.args.blocks as { elements?: { action_id: string; value: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === ActionIds.storyRetry);
    expect(button).toBeDefined();
    const opened = t.fake.callsTo("views.open").length;
    await t.slack.blockAction({
      userId: USER,
      channelId: USER,
      message: { ts: String(dm.response.ts), blocks: dm.args.blocks },
      actions: [{ action_id: ActionIds.storyRetry, block_id: "x", value: button?.value ?? "" }],
    });
    await t.bot.settle();
    const again = t.fake.callsTo("views.open")[opened];
    expect(again?.response.ok).toBe(true);
    const form = again?.args.view as Record<string, unknown>;
    expect(validateView(form)).toEqual([]);
    // Submitted unchanged, the form saves exactly what was typed the first time.
    await submit(form, {});
    await t.bot.settle();
    const rows = await t.db.db
      .selectFrom("stories")
      .where("team_id", "=", TEST_TEAM_ID)
      .select(["title", "persona", "want", "estimate", "priority"])
      .execute();
    expect(rows).toEqual([
      {
        title: "Ship <!channel> export @here",
        persona: "product owner",
        want: "export the backlog as CSV",
        estimate: 5,
        priority: "high",
      },
    ]);
    const confirmation = await t.fake.waitFor("chat.postEphemeral");
    expect(JSON.stringify(confirmation.args)).toContain("Added #1");
  });

  it("offers no button when the form is too long to carry back, and still shows all the text", async () => {
    const view = await openStoryModal("A long one");
    const repair = await breakStoryInserts();
    const long = {
      ...goodAnswers,
      [StoryBlocks.want]: "w".repeat(1000),
      [StoryBlocks.benefit]: "b".repeat(1000),
    };
    await submit(view, long);
    const dm = await t.fake.waitFor("chat.postMessage", (c) => c.args.channel === USER);
    const shown = JSON.stringify(dm.args.blocks);
    expect(shown).not.toContain(ActionIds.storyRetry);
    expect(shown).toContain("w".repeat(1000));
    expect(shown).toContain("b".repeat(1000));
    expect(shown).toContain("/story");
    await repair();
  });
});
