/**
 * Message shortcut "Turn into story" end to end: the modal opens prefilled from the message in
 * the payload, the story stores the message's permalink, and the save replies in the thread.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StoryBlocks } from "../../src/slack/ids.js";
import { startTestApp, TEST_TEAM_ID, type TestApp } from "../support/app-harness.js";
import { validateMessageBlocks, validateView } from "../support/block-kit-limits.js";
import { fillModal } from "../support/modal.js";

const DEV = "U0DEV";
const AUTHOR = "U0ANA";
const CHANNEL = "C0TEAM";

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
  t.fake.addUser({ id: DEV, name: "dev" });
  t.fake.addUser({ id: AUTHOR, name: "ana" });
  t.fake.addChannel({ id: CHANNEL, name: "team" });
});
afterEach(() => t.stop());

type Block = { block_id: string; element: { initial_value?: string; initial_option?: { value: string } } };
const initial = (view: Record<string, unknown>, blockId: string) =>
  (view.blocks as Block[]).find((b) => b.block_id === blockId)?.element.initial_value;

async function shortcut(userId: string, message: { ts: string; text: string; thread_ts?: string }) {
  const res = await t.slack.messageShortcut({
    callbackId: "turn_into_story",
    userId,
    channelId: CHANNEL,
    message: { user: AUTHOR, ...message },
  });
  expect(res.status).toBe(200);
  return res;
}

describe("Turn into story (message shortcut)", () => {
  it("prefills the modal from the message, saves the permalink, and replies in the thread", async () => {
    const text =
      "Customers can't export invoices <@U0ANA|ana> &amp; finance need it, see <https://wiki.example/x|the wiki>\nIt blocks the May audit 🧾";
    await shortcut(DEV, { ts: "1764324000.000100", text });
    const open = await t.fake.waitFor("views.open");
    const view = open.args.view as Record<string, unknown>;
    expect(validateView(view)).toEqual([]);
    expect(initial(view, StoryBlocks.title)).toBe(
      "Customers can't export invoices @ana & finance need it, see the wiki (https://wiki.example/x)",
    );
    expect(initial(view, StoryBlocks.want)).toContain("It blocks the May audit 🧾");

    const res = await t.slack.viewSubmission({
      userId: DEV,
      view,
      values: fillModal(view, { [StoryBlocks.persona]: "finance clerk" }),
    });
    expect(res.status).toBe(200);
    expect(res.body).toBe("");

    const reply = await t.fake.waitFor("chat.postMessage", (c) => c.args.thread_ts !== undefined);
    expect(reply.response.ok).toBe(true);
    expect(reply.args).toMatchObject({ channel: CHANNEL, thread_ts: "1764324000.000100" });
    const shown = JSON.stringify(reply.args.blocks);
    expect(shown).toContain(`<@${DEV}> turned this into story`);
    expect(shown).toContain("#1 Customers can");
    expect(shown).toContain("app_redirect?app=A0001");
    expect(validateMessageBlocks(reply.args.blocks as unknown[])).toEqual([]);

    const row = await t.db.db
      .selectFrom("stories")
      .where("team_id", "=", TEST_TEAM_ID)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(row.source_permalink).toMatch(/^https?:\/\/.+p1764324000000100/);
    expect(row.persona).toBe("finance clerk");
    // The person still gets the private confirmation.
    await t.fake.waitFor("chat.postEphemeral");
  });

  it("replies in the existing thread when the message is a reply", async () => {
    await shortcut(DEV, { ts: "1764324100.000200", thread_ts: "1764324000.000100", text: "Short one" });
    const view = (await t.fake.waitFor("views.open")).args.view as Record<string, unknown>;
    expect(initial(view, StoryBlocks.title)).toBe("Short one");
    expect(initial(view, StoryBlocks.want)).toBeUndefined();
    await t.slack.viewSubmission({
      userId: DEV,
      view,
      values: fillModal(view, { [StoryBlocks.persona]: "user", [StoryBlocks.want]: "do it" }),
    });
    const reply = await t.fake.waitFor("chat.postMessage", (c) => c.args.thread_ts !== undefined);
    expect(reply.args.thread_ts).toBe("1764324000.000100");
  });

  it("refuses a viewer privately, says who can, and opens no modal", async () => {
    t.fake.addUser({ id: "U0ADMIN", is_admin: true });
    await t.slack.command("/scrum", "roles default viewer", { userId: "U0ADMIN", channelId: CHANNEL });
    await t.fake.waitForResponse(() => true);
    const before = t.fake.responses.length;
    await shortcut(DEV, { ts: "1764324000.000100", text: "Please add dark mode" });
    const refusal = await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before);
    expect(refusal.body).toMatchObject({ response_type: "ephemeral" });
    expect(JSON.stringify(refusal.body)).toContain(
      "Only product owners, admins and team members can create stories",
    );
    expect(t.fake.calls.filter((c) => c.method === "views.open")).toHaveLength(0);
  });
});
