/**
 * Socket Mode end to end: the real app started with SLACK_APP_TOKEN (no signing secret) connects to the
 * fake Slack's WebSocket (apps.connections.open with the xapp- token), gets requests as envelopes, acks
 * them over the socket, answers through the Web API and response URLs, reconnects when Slack asks it to,
 * and still serves /healthz on PORT.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StoryBlocks, ViewIds } from "../../src/slack/ids.js";
import { startTestApp, TEST_APP_TOKEN, TEST_TEAM_ID, type TestApp } from "../support/app-harness.js";
import { fillModal, type ModalStateValues } from "../support/modal.js";

const USER = "U0SOCK";
const CHANNEL = "C0TEAM";

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp({ socketMode: true });
  t.fake.addUser({ id: USER, name: "sam", tz: "Europe/Berlin" });
  t.fake.addChannel({ id: CHANNEL, name: "team", botIsMember: true });
});
afterEach(() => t.stop());

/** A slash command envelope as Slack sends it in Socket Mode: the command's form fields as JSON. */
function pushCommand(command: string, text: string) {
  const triggerId = t.fake.mintTriggerId();
  const responseUrl = t.fake.mintResponseUrl();
  const envelopeId = t.fake.socketMode.push({
    type: "slash_commands",
    payload: {
      token: "fake-verification-token",
      team_id: TEST_TEAM_ID,
      team_domain: "fake-team",
      channel_id: CHANNEL,
      channel_name: "team",
      user_id: USER,
      user_name: "sam",
      command,
      text,
      api_app_id: "A0001",
      is_enterprise_install: "false",
      response_url: responseUrl,
      trigger_id: triggerId,
    },
  });
  const pushedAt = Date.now();
  return { envelopeId, triggerId, responseUrl, pushedAt };
}

/** A view_submission envelope (`interactive`) for a view the app opened. */
function pushViewSubmission(view: Record<string, unknown>, values: ModalStateValues) {
  return t.fake.socketMode.push({
    type: "interactive",
    payload: {
      type: "view_submission",
      api_app_id: "A0001",
      token: "fake-verification-token",
      team: { id: TEST_TEAM_ID, domain: "fake-team" },
      user: { id: USER, username: "sam", name: "sam", team_id: TEST_TEAM_ID },
      is_enterprise_install: false,
      enterprise: null,
      trigger_id: t.fake.mintTriggerId({ viewId: view.id as string }),
      view: { ...view, team_id: TEST_TEAM_ID, app_id: "A0001", state: { values } },
      response_urls: [],
    },
  });
}

/** /story over the socket: acked with its envelope id, then the modal the app opened. */
async function openStoryModal(title: string) {
  const sent = pushCommand("/story", title);
  const ack = await t.fake.socketMode.waitForAck(sent.envelopeId, 3000);
  const open = await t.fake.waitFor("views.open", (c) => c.args.trigger_id === sent.triggerId);
  expect(open.response.ok).toBe(true);
  return { sent, ack, view: open.response.view as Record<string, unknown> };
}

const storyAnswers = {
  [StoryBlocks.persona]: "product owner",
  [StoryBlocks.want]: "export the backlog as CSV",
  [StoryBlocks.benefit]: "I can share it with finance",
};

describe("Socket Mode", () => {
  it("connects with the app-level token, no signing secret, and no /slack/events endpoint", async () => {
    const opens = t.fake.callsTo("apps.connections.open");
    expect(opens).toHaveLength(1);
    expect(opens[0]?.token).toBe(TEST_APP_TOKEN);
    expect(t.fake.socketMode.openConnections.map((c) => c.id)).toEqual([1]);
    const res = await fetch(`${t.baseUrl}/slack/events`, { method: "POST", body: "command=%2Fbacklog" });
    expect(res.status).toBe(404);
  });

  it("acks a /story envelope over the socket with its envelope_id within 3 s, then opens the modal", async () => {
    const { sent, ack, view } = await openStoryModal("Export the backlog");
    expect(ack.envelopeId).toBe(sent.envelopeId);
    expect(ack.connection).toBe(1);
    expect(ack.at - sent.pushedAt).toBeLessThan(3000);
    expect(t.fake.socketMode.acks).toHaveLength(1);
    expect(view.callback_id).toBe(ViewIds.storyCreate);
    const blocks = view.blocks as { block_id: string; element?: { initial_value?: string } }[];
    expect(blocks.find((b) => b.block_id === StoryBlocks.title)?.element?.initial_value).toBe(
      "Export the backlog",
    );
  });

  it("puts modal field errors in the ack of a view_submission, and saves a valid one", async () => {
    const { view } = await openStoryModal("Export the backlog");
    const bad = pushViewSubmission(view, fillModal(view, { [StoryBlocks.title]: null }));
    const badAck = await t.fake.socketMode.waitForAck(bad, 3000);
    expect(badAck.payload).toMatchObject({
      response_action: "errors",
      errors: { [StoryBlocks.title]: expect.any(String) },
    });

    const good = pushViewSubmission(view, fillModal(view, storyAnswers));
    const goodAck = await t.fake.socketMode.waitForAck(good, 3000);
    expect(goodAck.payload).not.toHaveProperty("response_action");
    const confirmation = await t.fake.waitFor("chat.postEphemeral", (c) => c.args.user === USER);
    expect(JSON.stringify(confirmation.args.blocks)).toContain("position 1 of 1");
  });

  it("answers /backlog with an ephemeral reply through the command's response_url", async () => {
    const { view } = await openStoryModal("Export the backlog");
    const saved = pushViewSubmission(view, fillModal(view, storyAnswers));
    expect((await t.fake.socketMode.waitForAck(saved, 3000)).payload).toEqual({});
    await t.fake.waitFor("chat.postEphemeral", (c) => c.args.user === USER);

    const sent = pushCommand("/backlog", "");
    const ack = await t.fake.socketMode.waitForAck(sent.envelopeId, 3000);
    expect(ack.at - sent.pushedAt).toBeLessThan(3000);
    const reply = await t.fake.waitForResponse((r) => r.url === sent.responseUrl);
    const body = reply.body as { response_type?: string };
    expect(body.response_type).toBe("ephemeral");
    expect(JSON.stringify(body)).toContain("Export the backlog");
    expect(t.fake.rejectedResponses).toEqual([]);
  });

  it("reconnects after Slack's disconnect (refresh_requested) and handles the next envelope on the new connection", async () => {
    t.fake.socketMode.disconnect("refresh_requested");
    const old = await t.fake.socketMode.waitForClose(1);
    expect(old.closeCode).toBe(1000);
    // The client waits its reconnect delay (5 s by default) before a second apps.connections.open.
    const opens = await t.fake.waitForCount("apps.connections.open", 2, 15_000);
    expect(opens[1]?.token).toBe(TEST_APP_TOKEN);
    const second = await t.fake.socketMode.waitForConnections(2, 5000);
    expect(t.fake.socketMode.openConnections.map((c) => c.id)).toEqual([second.id]);

    const { sent, ack } = await openStoryModal("After the refresh");
    expect(ack).toMatchObject({ envelopeId: sent.envelopeId, connection: second.id });
    // One reconnect, not a loop.
    expect(t.fake.callsTo("apps.connections.open")).toHaveLength(2);
  }, 30_000);

  it("serves /healthz on PORT in Socket Mode", async () => {
    const ok = await fetch(`${t.baseUrl}/healthz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({
      status: "ok",
      mode: "socket",
      dialect: expect.stringMatching(/^(sqlite|postgres)$/),
    });
    await t.db.close();
    const down = await fetch(`${t.baseUrl}/healthz`);
    expect(down.status).toBe(503);
  });
});
