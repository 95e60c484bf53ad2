/**
 * Token rotation in one process (docs/oauth.md#token-rotation): listeners, the outbox and jobs
 * refresh through one path; concurrent requests share one refresh; a spent refresh token is never
 * sent again. (Two processes racing: test/unit/slack/token-rotation.test.ts.)
 */
import { afterEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app-harness.js";
import { install } from "../support/oauth-flow.js";

let t: TestApp;
afterEach(() => t?.stop());

async function row(app: TestApp) {
  return app.db.db
    .selectFrom("slack_installations")
    .select(["bot_token", "bot_refresh_token", "bot_token_expires_at"])
    .where("install_key", "=", "T:T1")
    .executeTakeFirstOrThrow();
}

describe("token rotation", () => {
  it("refreshes before expiry once for many concurrent requests, then again from the outbox with the new refresh token", async () => {
    const start = Date.now();
    // Tokens last 3 h here (Slack: 12 h); the refresh window is the last 2 h. Both clocks agree.
    t = await startTestApp({
      oauth: { rotation: true, expiresInSeconds: 3 * 3600 },
      now: new Date(start).toISOString(),
    });
    let fakeNow = start;
    t.fake.now = () => fakeNow;
    const advance = (ms: number) => {
      fakeNow += ms;
      t.clock.set(new Date(fakeNow));
    };
    t.fake.addWorkspace({ teamId: "T1", name: "Alpha" });
    t.fake.addUser({ id: "U1", name: "ana", teamId: "T1" });
    t.fake.addChannel({ id: "C1", name: "alpha", teamIds: ["T1"] });

    expect((await install(t, { teamId: "T1" })).status).toBe(200);
    const installed = await row(t);
    expect(installed.bot_token).toMatch(/^xoxe\.xoxb-/);
    expect(installed.bot_refresh_token).toMatch(/^xoxe-1-/);

    // Not due yet: a command refreshes nothing.
    const a = t.requesterFor("T1");
    expect((await a.command("/backlog", "", { userId: "U1", channelId: "C1" })).status).toBe(200);
    expect(t.fake.oauth.refreshes).toEqual([]);

    // 61 minutes later the token is inside the window. Eight commands at once: each is authorized
    // through the installation store, and ONE refresh serves them all.
    advance(61 * 60_000);
    const b = t.requesterFor("T1");
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => b.command("/backlog", "", { userId: "U1", channelId: "C1" })),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(8).fill(200));
    await t.bot.settle();
    expect(t.fake.oauth.refreshes).toEqual([{ refreshToken: installed.bot_refresh_token, ok: true }]);
    const refreshed = await row(t);
    expect(refreshed.bot_token).not.toBe(installed.bot_token);
    expect(refreshed.bot_refresh_token).not.toBe(installed.bot_refresh_token);

    // Another 61 minutes and the new token is due: the outbox (no request in sight) refreshes it,
    // spending the NEW refresh token, and posts with the result. (The cache can't hide it: a
    // cached token inside the window is never handed out.)
    advance(61 * 60_000);
    await t.bot.outbox.enqueue({ teamId: "T1", channel: "C1", text: "later", idempotencyKey: "later:1" });
    await t.bot.outbox.drain();
    expect(t.fake.oauth.refreshes).toEqual([
      { refreshToken: installed.bot_refresh_token, ok: true },
      { refreshToken: refreshed.bot_refresh_token, ok: true },
    ]);
    const latest = await row(t);
    const posted = t.fake.callsTo("chat.postMessage").find((c) => c.args.text === "later");
    expect(posted?.token).toBe(latest.bot_token);
    expect(posted?.response.ok).toBe(true);
    const refused = t.fake.calls.filter((c) => !c.response.ok);
    expect(refused.map((c) => `${c.method}: ${c.response.error}`)).toEqual([]);
  });
});
