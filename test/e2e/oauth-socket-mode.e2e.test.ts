/**
 * OAuth mode over Socket Mode (docs/oauth.md): the install flow is served over HTTP on PORT (Bolt's
 * SocketModeReceiver runs it beside /healthz) while requests arrive as envelopes on the one
 * WebSocket the app-level token opened. Two workspaces install through the real flow; commands
 * from each arrive on that same socket and are answered with the workspace's own bot token (the
 * fake refuses a token on another workspace's channel, user or view, so a mix-up fails the call).
 */
import { afterEach, expect, it } from "vitest";
import { StoryBlocks } from "../../src/slack/ids.js";
import { startTestApp, TEST_APP_TOKEN, type TestApp } from "../support/app-harness.js";
import { fillModal } from "../support/modal.js";
import { install } from "../support/oauth-flow.js";

let t: TestApp;
afterEach(() => t?.stop());

const WORKSPACES = [
  { teamId: "T1", name: "Alpha", user: "U1", channel: "C1", story: "Alpha over the socket" },
  { teamId: "T2", name: "Beta", user: "U2", channel: "C2", story: "Beta over the socket" },
] as const;
type Workspace = (typeof WORKSPACES)[number];

function command(ws: Workspace, name: string, text: string) {
  const triggerId = t.fake.mintTriggerId();
  const responseUrl = t.fake.mintResponseUrl();
  const envelopeId = t.fake.socketMode.push({
    type: "slash_commands",
    payload: {
      token: "fake-verification-token",
      team_id: ws.teamId,
      team_domain: ws.name.toLowerCase(),
      channel_id: ws.channel,
      channel_name: ws.name.toLowerCase(),
      user_id: ws.user,
      user_name: ws.user.toLowerCase(),
      command: name,
      text,
      api_app_id: "A0001",
      is_enterprise_install: "false",
      response_url: responseUrl,
      trigger_id: triggerId,
    },
  });
  return { envelopeId, triggerId, responseUrl };
}

async function tokenOf(teamId: string): Promise<string> {
  const row = await t.db.db
    .selectFrom("slack_installations")
    .select("bot_token")
    .where("install_key", "=", `T:${teamId}`)
    .executeTakeFirstOrThrow();
  return row.bot_token;
}

/** `/story` over the socket → the modal (opened with the workspace's token) → submitted over the socket. */
async function captureStory(ws: Workspace) {
  const sent = command(ws, "/story", ws.story);
  await t.fake.socketMode.waitForAck(sent.envelopeId, 3000);
  const opened = await t.fake.waitFor("views.open", (c) => c.args.trigger_id === sent.triggerId);
  expect(opened.response).toMatchObject({ ok: true });
  const view = opened.response.view as Record<string, unknown>;
  const values = fillModal(view, {
    [StoryBlocks.persona]: "product owner",
    [StoryBlocks.want]: "our own backlog",
    [StoryBlocks.benefit]: "we plan with it",
    [StoryBlocks.acceptanceCriteria]: "Given a backlog\nThen it is ours",
  });
  const submitted = t.fake.socketMode.push({
    type: "interactive",
    payload: {
      type: "view_submission",
      api_app_id: "A0001",
      token: "fake-verification-token",
      team: { id: ws.teamId, domain: ws.name.toLowerCase() },
      user: { id: ws.user, username: ws.user.toLowerCase(), name: ws.user.toLowerCase(), team_id: ws.teamId },
      is_enterprise_install: false,
      enterprise: null,
      trigger_id: t.fake.mintTriggerId({ viewId: view.id as string }),
      view: { ...view, team_id: ws.teamId, app_id: "A0001", state: { values } },
      response_urls: [],
    },
  });
  await t.fake.socketMode.waitForAck(submitted, 3000);
  await t.bot.settle();
  return opened;
}

/** `/backlog` over the socket: the text of the answer posted to its response URL. */
async function backlog(ws: Workspace): Promise<string> {
  const sent = command(ws, "/backlog", "");
  await t.fake.socketMode.waitForAck(sent.envelopeId, 3000);
  const reply = await t.fake.waitForResponse((r) => r.url === sent.responseUrl);
  return JSON.stringify(reply.body);
}

it("installs two workspaces over HTTP and serves both over one socket, each with its own token", async () => {
  t = await startTestApp({ oauth: {}, socketMode: true, logLevel: "debug" });
  for (const ws of WORKSPACES) {
    t.fake.addWorkspace({ teamId: ws.teamId, name: ws.name });
    t.fake.addUser({ id: ws.user, name: ws.user.toLowerCase(), teamId: ws.teamId });
    t.fake.addChannel({ id: ws.channel, name: ws.name.toLowerCase(), teamIds: [ws.teamId] });
  }
  // The install flow is HTTP even in Socket Mode: Slack's browser redirect can't use the socket.
  for (const ws of WORKSPACES) {
    const walk = await install(t, { teamId: ws.teamId });
    expect(walk.status).toBe(200);
    expect(walk.html).toContain(`<strong>${ws.name}</strong>`);
  }
  const [alpha, beta] = WORKSPACES;
  const alphaToken = await tokenOf(alpha.teamId);
  const betaToken = await tokenOf(beta.teamId);
  expect(alphaToken).not.toBe(betaToken);

  const alphaOpen = await captureStory(alpha);
  const betaOpen = await captureStory(beta);
  expect(alphaOpen.token).toBe(alphaToken);
  expect(betaOpen.token).toBe(betaToken);
  // Each workspace sees its own story only.
  const alphaBacklog = await backlog(alpha);
  expect(alphaBacklog).toContain(alpha.story);
  expect(alphaBacklog).not.toContain(beta.story);
  const betaBacklog = await backlog(beta);
  expect(betaBacklog).toContain(beta.story);
  expect(betaBacklog).not.toContain(alpha.story);

  // One socket served both: opened once, with the app-level token (never a workspace's bot token).
  const opens = t.fake.callsTo("apps.connections.open");
  expect(opens.map((c) => c.token)).toEqual([TEST_APP_TOKEN]);
  // Every Web API call a workspace's work made went out with that workspace's token, and the fake
  // accepted each for what it touched.
  const botCalls = t.fake.calls.filter((c) => c.method !== "apps.connections.open");
  expect(botCalls.length).toBeGreaterThan(0);
  expect(botCalls.filter((c) => !c.response.ok).map((c) => `${c.method}: ${c.response.error}`)).toEqual([]);
  for (const call of botCalls) {
    const touched = JSON.stringify(call.args);
    if (touched.includes(alpha.channel) || touched.includes(alpha.user)) expect(call.token).toBe(alphaToken);
    if (touched.includes(beta.channel) || touched.includes(beta.user)) expect(call.token).toBe(betaToken);
  }
  expect(t.logs.join("\n")).not.toContain(alphaToken);
});

it("a workspace that never installed gets told to install, over the socket, and nothing is sent with another's token", async () => {
  t = await startTestApp({ oauth: {}, socketMode: true });
  const [alpha, beta] = WORKSPACES;
  for (const ws of WORKSPACES) {
    t.fake.addWorkspace({ teamId: ws.teamId, name: ws.name });
    t.fake.addUser({ id: ws.user, name: ws.user.toLowerCase(), teamId: ws.teamId });
    t.fake.addChannel({ id: ws.channel, name: ws.name.toLowerCase(), teamIds: [ws.teamId] });
  }
  expect((await install(t, { teamId: alpha.teamId })).status).toBe(200);
  const before = t.fake.calls.length;
  const sent = command(beta, "/story", "Never installed");
  const ack = await t.fake.socketMode.waitForAck(sent.envelopeId, 3000);
  await t.bot.settle();
  const after = t.fake.calls.slice(before);
  expect(after.filter((c) => c.method === "views.open")).toEqual([]);
  // The person is told what to do next: in the ack or through the response URL.
  const said = JSON.stringify(ack) + JSON.stringify(t.fake.responses.map((r) => r.body));
  expect(said).toMatch(/install/i);
});
