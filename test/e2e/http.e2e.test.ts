/** The HTTP surface: signatures, health, the global error handler, acknowledgement speed. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app-harness.js";

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
  t.fake.addUser({ id: "U1", name: "ana" });
  t.fake.addChannel({ id: "C1", name: "team" });
});
afterEach(() => t.stop());

const commandBody =
  "command=%2Fbacklog&text=&user_id=U1&channel_id=C1&team_id=T0001&response_url=http%3A%2F%2F127.0.0.1%3A1%2Fx";

describe("request signatures", () => {
  it("refuses a bad signature with 401 and runs nothing", async () => {
    const res = await t.slack.raw({
      body: commandBody,
      contentType: "application/x-www-form-urlencoded",
      signature: "v0=deadbeef",
    });
    expect(res.status).toBe(401);
    expect(t.fake.responses).toHaveLength(0);
  });

  it("refuses a request signed more than 5 minutes ago with 401", async () => {
    const res = await t.slack.raw({
      body: commandBody,
      contentType: "application/x-www-form-urlencoded",
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect(res.status).toBe(401);
  });

  it("accepts a correctly signed request", async () => {
    const res = await t.slack.command("/backlog", "", { userId: "U1", channelId: "C1" });
    expect(res.status).toBe(200);
  });
});

describe("health", () => {
  it("answers 200 with JSON once ready, and 503 when the database is closed", async () => {
    const ok = await fetch(`${t.baseUrl}/healthz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: "ok", mode: "http" });
    await t.db.close();
    const down = await fetch(`${t.baseUrl}/healthz`);
    expect(down.status).toBe(503);
  });
});

describe("global error handler", () => {
  it("tells the user something useful, ephemerally, without internals", async () => {
    t.fake.failNext("views.open", "internal_error");
    const res = await t.slack.command("/story", "Boom", { userId: "U1", channelId: "C1" });
    expect(res.status).toBe(200); // acked before the failure
    const r = await t.fake.waitForResponse();
    const body = r.body as { text: string; response_type: string };
    expect(body.response_type).toBe("ephemeral");
    expect(body.text).toMatch(/something went wrong/i);
    expect(body.text).toMatch(/reference: `[0-9a-f]{8}`/);
    expect(body.text).not.toMatch(/at .*\.ts:\d+|Error:|internal_error/);
    expect(t.logs.some((l) => l.includes("listener failed") && l.includes("internal_error"))).toBe(true);
  });
});

describe("acknowledgement", () => {
  it("acks /story and /backlog well inside 3 seconds even with slow Slack", async () => {
    const story = await t.slack.command("/story", "Fast", { userId: "U1", channelId: "C1" });
    const backlog = await t.slack.command("/backlog", "", { userId: "U1", channelId: "C1" });
    expect(story.status).toBe(200);
    expect(backlog.status).toBe(200);
    // Generous bound: this guards against ack-after-work regressions, not a benchmark (see bench/ack.bench.ts).
    expect(Math.max(story.ms, backlog.ms)).toBeLessThan(2_500);
  });
});
