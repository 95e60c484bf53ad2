/**
 * Stakeholder requests end to end: /request → triage inbox (/backlog triage) → accept (story
 * modal prefilled) / merge / decline → the requester's DM; refusals for non-POs.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RequestBlocks, StoryBlocks } from "../../src/slack/ids.js";
import { startTestApp, TEST_TEAM_ID, type TestApp } from "../support/app-harness.js";
import { validateMessageBlocks, validateView } from "../support/block-kit-limits.js";
import { fillModal } from "../support/modal.js";

const ADMIN = "U0ADMIN";
const PO = "U0PO";
const STAKE = "U0STAKE";
const DEV = "U0DEV";
const CHANNEL = "C0TEAM";

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
  t.fake.addUser({ id: ADMIN, is_admin: true });
  t.fake.addUser({ id: PO, name: "pat" });
  t.fake.addUser({ id: STAKE, name: "sam" });
  t.fake.addUser({ id: DEV, name: "dev" });
  t.fake.addChannel({ id: CHANNEL, name: "team" });
  await command(ADMIN, "/scrum", `roles po <@${PO}|pat>`);
});
afterEach(() => t.stop());

async function command(userId: string, name: string, text: string) {
  const before = t.fake.responses.length;
  const res = await t.slack.command(name, text, { userId, channelId: CHANNEL });
  expect(res.status).toBe(200);
  if (name === "/request" || name === "/story")
    return { res, body: {} as Record<string, unknown>, responseUrl: res.responseUrl };
  const response = await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before);
  return { res, body: response.body as Record<string, unknown>, responseUrl: res.responseUrl };
}

async function sendRequest(what: string, extra: Record<string, string> = {}) {
  const opened = t.fake.calls.filter((c) => c.method === "views.open").length;
  await command(STAKE, "/request", what);
  const calls = await t.fake.waitForCount("views.open", opened + 1);
  const view = calls[opened]?.args.view as Record<string, unknown>;
  expect(validateView(view)).toEqual([]);
  const res = await t.slack.viewSubmission({
    userId: STAKE,
    view,
    values: fillModal(view, {
      [RequestBlocks.why]: "the auditors need it",
      [RequestBlocks.whoAsks]: "Finance",
      [RequestBlocks.urgency]: "urgent",
      ...extra,
    }),
  });
  return res;
}

async function triage(userId = PO) {
  const r = await command(userId, "/backlog", "triage");
  return { blocks: r.body.blocks, text: JSON.stringify(r.body), body: r.body, responseUrl: r.responseUrl };
}

async function click(userId: string, actionId: string, requestId: number, responseUrl?: string) {
  return t.slack.blockAction({
    userId,
    channelId: CHANNEL,
    actions: [{ action_id: actionId, block_id: `triage_act_${requestId}`, value: String(requestId) }],
    ...(responseUrl ? { responseUrl } : {}),
  });
}

describe("stakeholder requests", () => {
  it("a request lands in the PO's triage inbox; accepting opens the story modal prefilled and DMs the requester", async () => {
    const submitted = await sendRequest("Export invoices as CSV, with VAT & totals");
    expect(submitted.body).toBe("");
    const confirmation = await t.fake.waitFor("chat.postEphemeral", (c) => c.args.user === STAKE);
    expect(JSON.stringify(confirmation.args.blocks)).toContain(
      "Request #1 is in the product owner's triage inbox",
    );

    const inbox = await triage();
    expect(inbox.body.response_type).toBe("ephemeral");
    expect(inbox.text).toContain("1 open request");
    expect(inbox.text).toContain("Export invoices as CSV, with VAT &amp; totals");
    expect(inbox.text).toContain(`from <@${STAKE}>`);
    expect(validateMessageBlocks(inbox.blocks as unknown[])).toEqual([]);

    await click(PO, "request_accept", 1);
    const open = await t.fake.waitFor(
      "views.open",
      (c) => (c.args.view as { callback_id: string }).callback_id === "story_create",
    );
    const view = open.args.view as Record<string, unknown>;
    const blocks = view.blocks as {
      block_id: string;
      element: { initial_value?: string; initial_option?: { value: string } };
    }[];
    const init = (id: string) => blocks.find((b) => b.block_id === id)?.element;
    expect(init(StoryBlocks.title)?.initial_value).toBe("Export invoices as CSV, with VAT & totals");
    // "the auditors need it" is a reason, not a result: shown as context, the benefit left to the PO.
    expect(init(StoryBlocks.benefit)?.initial_value).toBeUndefined();
    expect(JSON.stringify(view)).toContain("Asked by Finance · Why: the auditors need it");
    expect(init(StoryBlocks.persona)?.initial_value).toBe("member of Finance");
    expect(init(StoryBlocks.priority)?.initial_option?.value).toBe("critical");

    await t.slack.viewSubmission({ userId: PO, view, values: fillModal(view, {}) });
    const dm = await t.fake.waitFor("chat.postMessage", (c) => c.args.channel === STAKE);
    expect(JSON.stringify(dm.args.blocks)).toContain(`<@${PO}> accepted your request #1`);
    expect(JSON.stringify(dm.args.blocks)).toContain("It is now story *#1 Export invoices");

    const req = await t.db.db
      .selectFrom("requests")
      .where("team_id", "=", TEST_TEAM_ID)
      .selectAll()
      .executeTakeFirstOrThrow();
    const story = await t.db.db
      .selectFrom("stories")
      .where("team_id", "=", TEST_TEAM_ID)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(req).toMatchObject({ status: "accepted", story_id: story.id, decided_by: PO });
    expect(JSON.parse(story.labels)).toEqual(["request"]);
    expect((await triage()).text).toContain("No open requests");
  });

  it("places an accepted request where the PO chooses (by urgency by default) and tells the true position", async () => {
    for (const title of ["One", "Two", "Three", "Four", "Five"]) {
      await command(PO, "/story", title);
      const v = (await t.fake.waitFor("views.open", (c) => JSON.stringify(c.args.view).includes(title))).args
        .view as Record<string, unknown>;
      await t.slack.viewSubmission({
        userId: PO,
        view: v,
        values: fillModal(v, { [StoryBlocks.persona]: "buyer", [StoryBlocks.want]: "do it" }),
      });
    }
    const positions = async () =>
      (
        await t.db.db
          .selectFrom("stories")
          .where("team_id", "=", TEST_TEAM_ID)
          .select("title")
          .orderBy("rank")
          .execute()
      ).map((r) => r.title);
    await t.fake.waitForCount("chat.postEphemeral", 5);

    const accept = async (requestId: number, answers: Record<string, string> = {}) => {
      const opened = t.fake.callsTo("views.open").length;
      await click(PO, "request_accept", requestId);
      const view = (await t.fake.waitForCount("views.open", opened + 1))[opened]?.args.view as Record<
        string,
        unknown
      >;
      await t.slack.viewSubmission({ userId: PO, view, values: fillModal(view, answers) });
      return view;
    };
    // Urgent (Critical): the form preselects the top; the requester hears position 1, and it is.
    await sendRequest("Year-end audit export", { [RequestBlocks.why]: "Year-end audit starts 15 Dec" });
    const view = await accept(1);
    const placement = (
      view.blocks as { block_id?: string; element?: { initial_option?: { value: string } } }[]
    ).find((b) => b.block_id === StoryBlocks.placement);
    expect(placement?.element?.initial_option?.value).toBe("top");
    const dm = await t.fake.waitFor("chat.postMessage", (c) => c.args.channel === STAKE);
    expect(JSON.stringify(dm.args.blocks)).toContain("at position 1 of the backlog");
    expect((await positions())[0]).toBe("Year-end audit export");
    const story = await t.db.db
      .selectFrom("stories")
      .where("team_id", "=", TEST_TEAM_ID)
      .selectAll()
      .where("title", "=", "Year-end audit export")
      .executeTakeFirstOrThrow();
    expect(story).toMatchObject({ persona: "member of Finance", benefit: "", priority: "critical" });

    // The PO may choose otherwise: halfway down a backlog of 7 is position 4, and the DM says so.
    await sendRequest("Dark mode", { [RequestBlocks.urgency]: "low" });
    const before = t.fake.callsTo("chat.postMessage").length;
    await accept(2, { [StoryBlocks.placement]: "middle" });
    const dm2 = (await t.fake.waitForCount("chat.postMessage", before + 1))
      .slice(before)
      .find((c) => c.args.channel === STAKE);
    expect(JSON.stringify(dm2?.args.blocks)).toContain("at position 4 of the backlog");
    expect((await positions()).indexOf("Dark mode")).toBe(3);
  });

  it("declines with a reason the requester reads; an empty reason is refused on the field", async () => {
    await sendRequest("Dark mode");
    const inbox = await triage();
    await click(PO, "request_decline", 1, inbox.responseUrl);
    const open = await t.fake.waitFor(
      "views.open",
      (c) => (c.args.view as { callback_id: string }).callback_id === "request_decline",
    );
    const view = open.args.view as Record<string, unknown>;
    const empty = await t.slack.viewSubmission({
      userId: PO,
      view,
      values: fillModal(view, { [RequestBlocks.reason]: "   " }),
    });
    expect((empty.json as { errors: Record<string, string> }).errors[RequestBlocks.reason]).toMatch(/why/);

    const ok = await t.slack.viewSubmission({
      userId: PO,
      view,
      values: fillModal(view, { [RequestBlocks.reason]: "Not this quarter <!channel>" }),
    });
    expect(ok.body).toBe("");
    const dm = await t.fake.waitFor("chat.postMessage", (c) => c.args.channel === STAKE);
    const shown = JSON.stringify(dm.args.blocks);
    expect(shown).toContain("declined your request #1");
    expect(shown).toContain("Not this quarter &lt;!channel&gt;");
    // The /backlog triage message was refreshed in place.
    const refreshed = await t.fake.waitForResponse((r) =>
      JSON.stringify(r.body).includes("No open requests"),
    );
    expect(refreshed.body).toMatchObject({ replace_original: true });
    const row = await t.db.db
      .selectFrom("requests")
      .where("team_id", "=", TEST_TEAM_ID)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "declined", decision_reason: "Not this quarter <!channel>" });
  });

  it("merges into an existing story; an unknown number is refused on the field", async () => {
    await command(PO, "/story", "Existing invoices story");
    const storyView = (await t.fake.waitFor("views.open")).args.view as Record<string, unknown>;
    await t.slack.viewSubmission({
      userId: PO,
      view: storyView,
      values: fillModal(storyView, { [StoryBlocks.persona]: "clerk", [StoryBlocks.want]: "export" }),
    });
    await sendRequest("CSV export please");
    await click(PO, "request_merge", 1);
    const open = await t.fake.waitFor(
      "views.open",
      (c) => (c.args.view as { callback_id: string }).callback_id === "request_merge",
    );
    const view = open.args.view as Record<string, unknown>;
    const bad = await t.slack.viewSubmission({
      userId: PO,
      view,
      values: fillModal(view, { [RequestBlocks.story]: "#99" }),
    });
    expect((bad.json as { errors: Record<string, string> }).errors[RequestBlocks.story]).toContain(
      "no active story #99",
    );
    await t.slack.viewSubmission({
      userId: PO,
      view,
      values: fillModal(view, { [RequestBlocks.story]: "#1" }),
    });
    const dm = await t.fake.waitFor("chat.postMessage", (c) => c.args.channel === STAKE);
    expect(JSON.stringify(dm.args.blocks)).toContain("merged your request #1");
    expect(JSON.stringify(dm.args.blocks)).toContain("Existing invoices story");
  });

  it("refuses the inbox and its buttons to non-POs privately, naming who can", async () => {
    await sendRequest("Something");
    const refused = await triage(DEV);
    expect(refused.body.response_type).toBe("ephemeral");
    expect(refused.text).toContain(`Only product owners and admins can triage requests: ask <@${PO}>.`);

    const before = t.fake.responses.length;
    await click(DEV, "request_decline", 1);
    const r = await t.fake.waitForResponse((x) => t.fake.responses.indexOf(x) >= before);
    expect(JSON.stringify(r.body)).toContain("Only product owners and admins can triage requests");
    expect(
      t.fake.calls.filter(
        (c) =>
          c.method === "views.open" &&
          (c.args.view as { callback_id: string }).callback_id === "request_decline",
      ),
    ).toHaveLength(0);
    const row = await t.db.db
      .selectFrom("requests")
      .where("team_id", "=", TEST_TEAM_ID)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("open");
  });

  it("validates the request form on its fields", async () => {
    const res = await sendRequest("", { [RequestBlocks.what]: "  " });
    const json = res.json as { response_action: string; errors: Record<string, string> };
    expect(json.response_action).toBe("errors");
    expect(json.errors[RequestBlocks.what]).toMatch(/what you need/);
    expect(
      await t.db.db.selectFrom("requests").where("team_id", "=", TEST_TEAM_ID).selectAll().execute(),
    ).toHaveLength(0);
  });
});
