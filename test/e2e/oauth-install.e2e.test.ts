/**
 * OAuth mode end to end over HTTP (docs/oauth.md): the install page → the state cookie → Slack's
 * authorize page (the fake) → the redirect with a code → the token exchange at the fake → the
 * installation stored → that workspace's commands work, with ITS token. The fake refuses a token
 * used on another workspace's channel, user or view, so every call below also proves it went out
 * with the right workspace's token.
 */
import { afterEach, describe, expect, it } from "vitest";
import { StoryBlocks } from "../../src/slack/ids.js";
import { startTestApp, type TestApp } from "../support/app-harness.js";
import { fillModal } from "../support/modal.js";
import { install } from "../support/oauth-flow.js";

let t: TestApp;
afterEach(() => t?.stop());

/** Two ordinary workspaces, each with one person and one channel. */
function twoWorkspaces(app: TestApp) {
  app.fake.addWorkspace({ teamId: "T1", name: "Alpha" });
  app.fake.addWorkspace({ teamId: "T2", name: "Beta" });
  app.fake.addUser({ id: "U1", name: "ana", teamId: "T1" });
  app.fake.addUser({ id: "U2", name: "ben", teamId: "T2" });
  app.fake.addChannel({ id: "C1", name: "alpha-team", teamIds: ["T1"] });
  app.fake.addChannel({ id: "C2", name: "beta-team", teamIds: ["T2"] });
}

async function installations(app: TestApp) {
  return app.db.db.selectFrom("slack_installations").selectAll().orderBy("install_key").execute();
}

async function tokenOf(app: TestApp, key: string): Promise<string> {
  const row = await app.db.db
    .selectFrom("slack_installations")
    .select("bot_token")
    .where("install_key", "=", key)
    .executeTakeFirstOrThrow();
  return row.bot_token;
}

const story = {
  [StoryBlocks.persona]: "product owner",
  [StoryBlocks.want]: "see our own backlog",
  [StoryBlocks.benefit]: "we plan with it",
  [StoryBlocks.acceptanceCriteria]: "Given a backlog\nThen it is ours",
};

/** `/story <title>` → the modal → submit, from `userId` in `channelId` of the requester's workspace. */
async function captureStory(
  app: TestApp,
  slack: ReturnType<TestApp["requesterFor"]>,
  userId: string,
  channelId: string,
  title: string,
) {
  const before = app.fake.callsTo("views.open").length;
  const res = await slack.command("/story", title, { userId, channelId });
  expect(res.status).toBe(200);
  const opened = (await app.fake.waitForCount("views.open", before + 1))[before];
  expect(opened?.response).toMatchObject({ ok: true });
  const view = opened?.args.view as Record<string, unknown>;
  const submitted = await slack.viewSubmission({ userId, view, values: fillModal(view, story) });
  expect(submitted.status).toBe(200);
  await app.bot.settle();
  return opened;
}

/** `/backlog` as `userId` in `channelId`: the text of the ephemeral answer. */
async function backlog(
  app: TestApp,
  slack: ReturnType<TestApp["requesterFor"]>,
  userId: string,
  channelId: string,
) {
  const before = app.fake.responses.length;
  const res = await slack.command("/backlog", "", { userId, channelId });
  expect(res.status).toBe(200);
  const response = await app.fake.waitForResponse((r) => app.fake.responses.indexOf(r) >= before);
  return JSON.stringify(response.body);
}

describe("OAuth install", () => {
  it("installs two workspaces through the real flow; each one's commands use its own token and see only its data", async () => {
    t = await startTestApp({ oauth: {}, logLevel: "debug" });
    twoWorkspaces(t);

    const alpha = await install(t, { teamId: "T1" });
    // The install page is self-contained: no scripts, images, stylesheets or fonts from elsewhere.
    expect(alpha.installPage).not.toMatch(/<script|<img|<link|@import|url\(/i);
    expect(alpha.status).toBe(200);
    expect(alpha.html).toContain("scrumbot is installed in <strong>Alpha</strong>");
    const beta = await install(t, { teamId: "T2" });
    expect(beta.html).toContain("<strong>Beta</strong>");
    expect((await installations(t)).map((r) => r.install_key)).toEqual(["T:T1", "T:T2"]);
    const alphaToken = await tokenOf(t, "T:T1");
    const betaToken = await tokenOf(t, "T:T2");
    expect(alphaToken).not.toBe(betaToken);

    const a = t.requesterFor("T1");
    const b = t.requesterFor("T2");
    const opened = await captureStory(t, a, "U1", "C1", "Alpha's own story");
    expect(opened?.token).toBe(alphaToken);
    expect(await backlog(t, a, "U1", "C1")).toContain("Alpha's own story");
    expect(await backlog(t, b, "U2", "C2")).not.toContain("Alpha's own story");
    await captureStory(t, b, "U2", "C2", "Beta's story");
    expect(await backlog(t, a, "U1", "C1")).not.toContain("Beta's story");

    // The outbox and scheduled work resolve the workspace's token the same way.
    await t.bot.outbox.enqueue({
      teamId: "T2",
      channel: "C2",
      text: "hello Beta",
      idempotencyKey: "hello:T2",
    });
    await t.bot.outbox.drain();
    const posted = t.fake.callsTo("chat.postMessage").find((c) => c.args.text === "hello Beta");
    expect(posted?.token).toBe(betaToken);
    expect(posted?.response.ok).toBe(true);

    // Every call went out with a token the fake accepts for what it touched.
    const refused = t.fake.calls.filter((c) => !c.response.ok);
    expect(refused.map((c) => `${c.method}: ${c.response.error}`)).toEqual([]);
    // Tokens are secrets: not one log line carries them, even at debug level.
    const logs = t.logs.join("\n");
    expect(logs).not.toContain(alphaToken);
    expect(logs).not.toContain(betaToken);
  });

  it("the fake refuses a workspace's token on another workspace's channel (the check the suite relies on)", async () => {
    t = await startTestApp({ oauth: {} });
    twoWorkspaces(t);
    await install(t, { teamId: "T1" });
    await install(t, { teamId: "T2" });
    const client = await t.bot.clients.clientFor("T1");
    await expect(client.chat.postMessage({ channel: "C2", text: "wrong workspace" })).rejects.toMatchObject({
      data: { error: "channel_not_found" },
    });
    await expect(client.users.info({ user: "U2" })).rejects.toMatchObject({
      data: { error: "user_not_found" },
    });
    expect((await client.chat.postMessage({ channel: "C1", text: "right workspace" })).ok).toBe(true);
  });

  it("tells someone in a workspace that isn't installed how to install it", async () => {
    t = await startTestApp({ oauth: {} });
    twoWorkspaces(t);
    await install(t, { teamId: "T1" });
    const before = t.fake.responses.length;
    const res = await t.requesterFor("T2").command("/backlog", "", { userId: "U2", channelId: "C2" });
    expect(res.status).toBe(200);
    const reply = await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before);
    expect(JSON.stringify(reply.body)).toContain("scrumbot isn't installed in this workspace");
    await expect(t.bot.clients.clientFor("T2")).rejects.toThrow(/no installation for team T2/);
  });

  it("refuses a replayed or forged state, or one without its cookie, with the friendly page; says when the install was cancelled", async () => {
    t = await startTestApp({ oauth: {} });
    twoWorkspaces(t);
    const first = await install(t, { teamId: "T1" });
    expect(first.status).toBe(200);

    // The same redirect again (same state, same cookie): the state was used.
    const replay = await fetch(first.redirect, {
      headers: { cookie: first.stateCookie },
      redirect: "manual",
    });
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain("This install link has expired or was already used");

    // A state we never signed, with a matching cookie.
    const forged = new URL(first.redirect);
    forged.searchParams.set("code", t.fake.oauth.mintCode({ teamId: "T2" }, undefined, ""));
    forged.searchParams.set("state", "made-up.c2lnbmF0dXJl");
    const forgedRes = await fetch(forged, {
      headers: { cookie: "slack-app-oauth-state=made-up.c2lnbmF0dXJl" },
      redirect: "manual",
    });
    expect(forgedRes.status).toBe(400);
    expect(await forgedRes.text()).toContain("expired or was already used");

    // A fresh, valid state but from another browser (no cookie).
    const page = await fetch(`${t.baseUrl}/slack/install`);
    const href = /href="([^"]+)">Add to Slack/.exec(await page.text())?.[1]?.replace(/&amp;/g, "&") ?? "";
    t.fake.approveNextInstall({ teamId: "T2" });
    const redirect = (await fetch(href, { redirect: "manual" })).headers.get("location") ?? "";
    const noCookie = await fetch(redirect, { redirect: "manual" });
    expect(noCookie.status).toBe(400);

    const cancelled = await install(t, { deny: true });
    expect(cancelled.status).toBe(200);
    expect(cancelled.html).toContain("You cancelled on Slack's page, so nothing was installed");

    expect((await installations(t)).map((r) => r.install_key)).toEqual(["T:T1"]);
  });
});

describe("Enterprise Grid", () => {
  function grid(app: TestApp) {
    app.fake.addWorkspace({ teamId: "T3", name: "Sales", enterpriseId: "E1", enterpriseName: "Acme Org" });
    app.fake.addWorkspace({ teamId: "T4", name: "Support", enterpriseId: "E1", enterpriseName: "Acme Org" });
    app.fake.addUser({ id: "U3", name: "sam", teamId: "T3" });
    app.fake.addUser({ id: "U4", name: "sue", teamId: "T4" });
    // One channel shared by both workspaces of the org.
    app.fake.addChannel({ id: "CSHARED", name: "shared", teamIds: ["T3", "T4"] });
  }

  it("accepts the org-wide install an admin approved on the Enterprise admin page (no state); one install serves every workspace, each seeing only its data in a shared channel", async () => {
    t = await startTestApp({ oauth: {} });
    grid(t);
    const res = await fetch(t.fake.oauth.adminApprovedOrgInstallUrl("E1"), { redirect: "manual" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("installed for the organization <strong>Acme Org</strong>");
    expect((await installations(t)).map((r) => [r.install_key, r.is_enterprise_install])).toEqual([
      ["E:E1", 1],
    ]);
    const orgToken = await tokenOf(t, "E:E1");

    const sales = t.requesterFor("T3", { enterpriseId: "E1", enterpriseInstall: true });
    const support = t.requesterFor("T4", { enterpriseId: "E1", enterpriseInstall: true });
    const opened = await captureStory(t, sales, "U3", "CSHARED", "Sales pipeline story");
    expect(opened?.token).toBe(orgToken);
    expect(await backlog(t, sales, "U3", "CSHARED")).toContain("Sales pipeline story");
    expect(await backlog(t, support, "U4", "CSHARED")).not.toContain("Sales pipeline story");
    await captureStory(t, support, "U4", "CSHARED", "Support queue story");
    const salesView = await backlog(t, sales, "U3", "CSHARED");
    expect(salesView).toContain("Sales pipeline story");
    expect(salesView).not.toContain("Support queue story");

    // Work started without a request (the outbox) finds the org install from the workspace alone.
    await t.bot.outbox.enqueue({
      teamId: "T4",
      channel: "CSHARED",
      text: "support digest",
      idempotencyKey: "d:T4",
    });
    await t.bot.outbox.drain();
    const posted = t.fake.callsTo("chat.postMessage").find((c) => c.args.text === "support digest");
    expect(posted?.token).toBe(orgToken);
    expect(posted?.response.ok).toBe(true);
    const refused = t.fake.calls.filter((c) => !c.response.ok);
    expect(refused.map((c) => `${c.method}: ${c.response.error}`)).toEqual([]);
  });

  it("refuses a state-less redirect that is not an org-wide install, stores nothing and revokes the token it got", async () => {
    t = await startTestApp({ oauth: {} });
    t.fake.addWorkspace({ teamId: "T1", name: "Alpha" });
    const code = t.fake.oauth.mintCode({ teamId: "T1" }, undefined, "");
    const res = await fetch(`${t.baseUrl}/slack/oauth_redirect?code=${code}`, { redirect: "manual" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("expired or was already used");
    expect(await installations(t)).toEqual([]);
    const issued = [...t.fake.oauth.tokens.values()];
    expect(issued).toHaveLength(1);
    expect(issued[0]?.revoked).toBe(true);
  });
});
