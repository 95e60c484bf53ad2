/**
 * OAuth installs joined to the workspace lifecycle (src/app/install-lifecycle.ts), end to end over
 * HTTP: two workspaces installed through the real flow, then one of them uninstalls.
 * - A stop deletes A's installation at once: no request, job or outbox row can reach Slack with A's
 *   token (nor its refresh token: rotation is on, and Bolt's authorize would refresh a token near
 *   expiry before any gate runs); B goes on.
 * - A reinstall through the flow resumes A with its data.
 * - An org-wide install survives one of its workspaces stopping; the org reinstall resumes it.
 */
import { afterEach, describe, expect, it } from "vitest";
import { StoryBlocks } from "../../src/slack/ids.js";
import { startTestApp, type TestApp } from "../support/app-harness.js";
import { fillModal } from "../support/modal.js";
import { install } from "../support/oauth-flow.js";

let t: TestApp;
afterEach(() => t?.stop());

type Requester = ReturnType<TestApp["requesterFor"]>;
const TWO_HOURS = 2 * 60 * 60 * 1000;

/** Rotation on (tokens live 3 h, refreshed 2 h before expiry), no timers: the test drives time. */
async function start() {
  t = await startTestApp({
    oauth: { rotation: true, expiresInSeconds: 3 * 60 * 60 },
    scheduling: { jobs: { timers: false } },
  });
  t.fake.addWorkspace({ teamId: "T1", name: "Alpha" });
  t.fake.addWorkspace({ teamId: "T2", name: "Beta" });
  t.fake.addUser({ id: "U1", name: "ana", teamId: "T1" });
  t.fake.addUser({ id: "U2", name: "ben", teamId: "T2" });
  t.fake.addChannel({ id: "C1", name: "alpha-team", teamIds: ["T1"] });
  t.fake.addChannel({ id: "C2", name: "beta-team", teamIds: ["T2"] });
  return t;
}

const installKeys = async () =>
  (
    await t.db.db.selectFrom("slack_installations").select("install_key").orderBy("install_key").execute()
  ).map((r) => r.install_key);
const installationRow = (key: string) =>
  t.db.db
    .selectFrom("slack_installations")
    .select(["bot_token", "bot_refresh_token as refresh_token"])
    .where("install_key", "=", key)
    .executeTakeFirstOrThrow();
const workspaceStatus = async (team: string) =>
  (await t.db.db.selectFrom("workspaces").select("status").where("team_id", "=", team).executeTakeFirst())
    ?.status ?? "no row (active)";
const outboxOf = (team: string) =>
  t.db.db
    .selectFrom("outbox")
    .select(["idempotency_key as key", "state", "last_error as error"])
    .where("team_id", "=", team)
    .orderBy("id")
    .execute();

async function captureStory(slack: Requester, userId: string, channelId: string, title: string) {
  const before = t.fake.callsTo("views.open").length;
  expect((await slack.command("/story", title, { userId, channelId })).status).toBe(200);
  const opened = (await t.fake.waitForCount("views.open", before + 1))[before];
  expect(opened?.response).toMatchObject({ ok: true });
  const view = opened?.args.view as Record<string, unknown>;
  const values = fillModal(view, {
    [StoryBlocks.persona]: "product owner",
    [StoryBlocks.want]: "keep our backlog",
    [StoryBlocks.benefit]: "we plan with it",
    [StoryBlocks.acceptanceCriteria]: "Given a backlog\nThen it is ours",
  });
  expect((await slack.viewSubmission({ userId, view, values })).status).toBe(200);
  await t.bot.settle();
}

/** `/backlog`: the ephemeral answer posted to the response_url, as text. */
async function backlog(slack: Requester, userId: string, channelId: string) {
  const before = t.fake.responses.length;
  const res = await slack.command("/backlog", "", { userId, channelId });
  expect(res.status).toBe(200);
  const reply = await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before);
  return JSON.stringify(reply.body);
}

async function sendVia(team: string, channel: string, text: string) {
  await t.bot.outbox.enqueue({ teamId: team, channel, text, idempotencyKey: `${team}:${text}` });
  await t.bot.outbox.drain();
  return t.fake.callsTo("chat.postMessage").find((c) => c.args.text === text);
}

const orders = [
  { name: "app_uninstalled, then tokens_revoked", first: "app uninstalled" },
  { name: "tokens_revoked, then app_uninstalled", first: "bot token revoked" },
] as const;

describe("OAuth uninstall: two workspaces through the real flow", () => {
  it.each(orders)(
    "$name: A's installation is deleted, its pending messages fail, nothing reaches Slack with A's tokens; B goes on",
    async ({ first }) => {
      await start();
      await install(t, { teamId: "T1" });
      await install(t, { teamId: "T2" });
      const a = t.requesterFor("T1");
      const b = t.requesterFor("T2");
      await captureStory(a, "U1", "C1", "Alpha's own story");
      const alpha = await installationRow("T:T1");
      const betaToken = (await installationRow("T:T2")).bot_token;
      expect(alpha.refresh_token).not.toBeNull();
      // A message for A waits in the outbox (no timers: nothing drains it yet).
      await t.bot.outbox.enqueue({ teamId: "T1", channel: "C1", text: "for A", idempotencyKey: "A:pending" });

      const uninstalled = () => a.event({ type: "app_uninstalled" });
      const revoked = () => a.event({ type: "tokens_revoked", tokens: { bot: ["UBOT"] } });
      // What Slack does: the bot token stops working with the uninstall.
      t.fake.oauth.revoke(alpha.bot_token);
      const from = t.fake.calls.length;
      expect((await (first === "app uninstalled" ? uninstalled() : revoked())).status).toBe(200);
      await t.bot.settle();
      expect(await installKeys()).toEqual(["T:T2"]);
      expect(await workspaceStatus("T1")).toBe("uninstalled");
      expect(await outboxOf("T1")).toEqual([{ key: "A:pending", state: "failed", error: first }]);

      // The other event arrives (after the installation is gone): acknowledged, changes nothing.
      expect((await (first === "app uninstalled" ? revoked() : uninstalled())).status).toBe(200);
      await t.bot.settle();
      expect(await outboxOf("T1")).toEqual([{ key: "A:pending", state: "failed", error: first }]);

      // Two hours on every token is due for a refresh. A's people keep clicking: nothing may use
      // A's bot token, nor its refresh token (Bolt's authorize runs before the workspace gate).
      // (The fake dates its tokens by the wall clock, the app by the injected one.)
      t.clock.set(new Date(Date.now() + TWO_HOURS));
      const r0 = t.fake.responses.length;
      expect((await a.command("/backlog", "", { userId: "U1", channelId: "C1" })).status).toBe(200);
      const told = await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= r0);
      expect(JSON.stringify(told.body)).toContain("Ask a workspace admin to install it again");
      await a.event({ type: "app_home_opened", user: "U1", tab: "home", channel: "D1" });
      await t.bot.outbox.enqueue({ teamId: "T1", channel: "C1", text: "late", idempotencyKey: "A:late" });
      await t.bot.settle();
      expect((await outboxOf("T1")).at(-1)).toEqual({ key: "A:late", state: "failed", error: first });

      // B: commands answer, the outbox sends (with B's refreshed token).
      expect(await backlog(b, "U2", "C2")).not.toContain("Alpha's own story");
      const posted = await sendVia("T2", "C2", "hello Beta");
      expect(posted?.response.ok).toBe(true);
      expect(posted?.token).not.toBe(betaToken); // refreshed: rotation works for B

      const usedA = t.fake.calls
        .slice(from)
        .filter(
          (c) =>
            c.token === alpha.bot_token ||
            JSON.stringify(c.args).includes(alpha.bot_token) ||
            JSON.stringify(c.args).includes(alpha.refresh_token ?? "-"),
        );
      expect(usedA.map((c) => c.method)).toEqual([]);
      expect(t.fake.messagesIn("C1")).toEqual([]);
    },
  );

  it("the uninstall arrives when A's token is due for a refresh (Slack revoked its refresh token too): the installation is still deleted, then nothing uses A's tokens", async () => {
    await start();
    await install(t, { teamId: "T1" });
    await install(t, { teamId: "T2" });
    const a = t.requesterFor("T1");
    const alpha = await installationRow("T:T1");
    t.fake.oauth.revoke(alpha.bot_token);
    t.fake.oauth.revoke(alpha.refresh_token ?? "");
    t.clock.set(new Date(Date.now() + TWO_HOURS)); // see above: the fake's tokens use the wall clock
    // Bolt's authorize may try A's refresh token for the event itself (it fails: revoked).
    expect((await a.event({ type: "app_uninstalled" })).status).toBe(200);
    await t.bot.settle();
    expect(await workspaceStatus("T1")).toBe("uninstalled");
    expect(await installKeys()).toEqual(["T:T2"]);

    const from = t.fake.calls.length;
    await a.command("/backlog", "", { userId: "U1", channelId: "C1" });
    await a.event({ type: "tokens_revoked", tokens: { bot: ["UBOT"] } });
    await t.bot.settle();
    const usedA = t.fake.calls
      .slice(from)
      .filter(
        (c) => c.token === alpha.bot_token || JSON.stringify(c.args).includes(alpha.refresh_token ?? "-"),
      );
    expect(usedA.map((c) => c.method)).toEqual([]);
  });

  it("A reinstalls through the flow within the grace period: active again, with its data", async () => {
    await start();
    await install(t, { teamId: "T1" });
    await install(t, { teamId: "T2" });
    const a = t.requesterFor("T1");
    await captureStory(a, "U1", "C1", "Alpha's own story");
    t.fake.oauth.revoke((await installationRow("T:T1")).bot_token);
    await a.event({ type: "app_uninstalled" });
    await t.bot.settle();
    expect(await workspaceStatus("T1")).toBe("uninstalled");

    t.clock.advance(24 * 60 * 60 * 1000); // a day later, well within DATA_RETENTION_DAYS
    const again = await install(t, { teamId: "T1" });
    expect(again.status).toBe(200);
    expect(await installKeys()).toEqual(["T:T1", "T:T2"]);
    expect(await workspaceStatus("T1")).toBe("active");
    const newToken = (await installationRow("T:T1")).bot_token;

    expect(await backlog(a, "U1", "C1")).toContain("Alpha's own story");
    await captureStory(a, "U1", "C1", "After the reinstall");
    expect(await backlog(a, "U1", "C1")).toContain("After the reinstall");
    const posted = await sendVia("T1", "C1", "welcome back");
    expect(posted?.token).toBe(newToken);
    expect(posted?.response.ok).toBe(true);
  });
});

describe("OAuth uninstall: Enterprise Grid", () => {
  it("one workspace of an org uninstalling keeps the org-wide install the other uses; the org reinstall resumes it", async () => {
    t = await startTestApp({ oauth: {}, scheduling: { jobs: { timers: false } } });
    t.fake.addWorkspace({ teamId: "T3", name: "Sales", enterpriseId: "E1", enterpriseName: "Acme Org" });
    t.fake.addWorkspace({ teamId: "T4", name: "Support", enterpriseId: "E1", enterpriseName: "Acme Org" });
    t.fake.addUser({ id: "U3", name: "sam", teamId: "T3" });
    t.fake.addUser({ id: "U4", name: "sue", teamId: "T4" });
    t.fake.addChannel({ id: "CSHARED", name: "shared", teamIds: ["T3", "T4"] });
    const approve = () => fetch(t.fake.oauth.adminApprovedOrgInstallUrl("E1"), { redirect: "manual" });
    expect((await approve()).status).toBe(200);
    const orgToken = (await installationRow("E:E1")).bot_token;
    const sales = t.requesterFor("T3", { enterpriseId: "E1", enterpriseInstall: true });
    const support = t.requesterFor("T4", { enterpriseId: "E1", enterpriseInstall: true });
    await captureStory(sales, "U3", "CSHARED", "Sales pipeline story");
    expect(await backlog(support, "U4", "CSHARED")).not.toContain("Sales pipeline story");

    // Sales uninstalls (its admin removed the app from that workspace only).
    expect((await sales.event({ type: "app_uninstalled" })).status).toBe(200);
    await t.bot.settle();
    expect(await workspaceStatus("T3")).toBe("uninstalled");
    expect(await installKeys()).toEqual(["E:E1"]);

    // Support goes on with the org token: commands and the outbox.
    await captureStory(support, "U4", "CSHARED", "Support queue story");
    expect(await backlog(support, "U4", "CSHARED")).toContain("Support queue story");
    const posted = await sendVia("T4", "CSHARED", "support digest");
    expect(posted?.token).toBe(orgToken);
    expect(posted?.response.ok).toBe(true);

    // The org admin approves again: Sales (a workspace of the org seen before) is resumed.
    expect((await approve()).status).toBe(200);
    expect(await workspaceStatus("T3")).toBe("active");
    const salesView = await backlog(sales, "U3", "CSHARED");
    expect(salesView).toContain("Sales pipeline story");
    expect(salesView).not.toContain("Support queue story");
  });
});
