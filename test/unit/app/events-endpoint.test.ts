/**
 * The events endpoint reading each request once (src/app/events-endpoint.ts) gives Bolt's answers:
 * a real Bolt App and HTTPReceiver on a loopback port, real signed HTTP requests.
 */
import { createHmac } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, HTTPReceiver } from "@slack/bolt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readEachRequestOnce } from "../../../src/app/events-endpoint.js";
import { createSlackRequester, type SlackRequester } from "../../support/slack-requests.js";

const SECRET = "test-signing-secret";
const FORM = "application/x-www-form-urlencoded";
let app: App;
let server: Server;
let slack: SlackRequester;
let appUrl: string;
let seen: unknown[];
let warnings: string[];

beforeEach(async () => {
  seen = [];
  warnings = [];
  const logger = {
    debug: () => {},
    info: () => {},
    warn: (...m: unknown[]) => void warnings.push(m.join(" ")),
    error: () => {},
    setLevel: () => {},
    getLevel: () => "info" as never,
    setName: () => {},
  };
  const receiver = new HTTPReceiver({
    signingSecret: SECRET,
    endpoints: "/slack/events",
    bodyLimit: 16_384,
    logger,
  });
  readEachRequestOnce(receiver);
  app = new App({ receiver, logger, authorize: async () => ({ botToken: "xoxb-test", botId: "B1" }) });
  app.command("/story", async ({ ack, command }) => {
    seen.push(`command ${command.text}`);
    await ack();
  });
  app.command("/boom", async () => {
    throw new Error("before the ack");
  });
  app.view("story_create", async ({ ack, view }) => {
    seen.push(`view ${view.private_metadata}`);
    await ack({ response_action: "errors", errors: { story_title: "Give it a title." } });
  });
  app.event("app_mention", async ({ event }) => void seen.push(`event ${event.text}`));
  server = (await app.start(0)) as Server;
  const port = (server.address() as AddressInfo).port;
  appUrl = `http://127.0.0.1:${port}/slack/events`;
  slack = createSlackRequester({ appUrl, signingSecret: SECRET });
});
afterEach(() => app.stop());

describe("events endpoint, each request read once", () => {
  it("hands a signed command, modal submission and event to their listeners, with the ack's answer", async () => {
    expect((await slack.command("/story", "Export ✓", { userId: "U1", channelId: "C1" })).status).toBe(200);
    const submitted = await slack.viewSubmission({
      userId: "U1",
      view: { id: "V1", callback_id: "story_create", private_metadata: '{"channelId":"C1"}', blocks: [] },
      values: {},
    });
    expect(submitted.json).toEqual({
      response_action: "errors",
      errors: { story_title: "Give it a title." },
    });
    expect(
      (await slack.event({ type: "app_mention", text: "hi <@B1>", user: "U1", channel: "C1" })).status,
    ).toBe(200);
    await expect.poll(() => seen.length).toBe(3);
    expect(seen).toEqual(["command Export ✓", 'view {"channelId":"C1"}', "event hi <@B1>"]);
  });

  it("refuses a bad, stale or missing signature with 401 and runs nothing", async () => {
    const body = "command=%2Fstory&text=x&user_id=U1&channel_id=C1&team_id=T0001";
    expect((await slack.raw({ body, contentType: FORM, signature: "v0=deadbeef" })).status).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    expect((await slack.raw({ body, contentType: FORM, timestamp: stale })).status).toBe(401);
    // More than 5 minutes ahead too (Slack's advice; Bolt's own check refuses only the past).
    const ahead = Math.floor(Date.now() / 1000) + 6 * 60;
    expect((await slack.raw({ body, contentType: FORM, timestamp: ahead })).status).toBe(401);
    const res = await fetch(appUrl, { method: "POST", headers: { "content-type": FORM }, body });
    expect(res.status).toBe(401);
    expect(seen).toEqual([]);
    expect(warnings.some((w) => w.includes("signature mismatch"))).toBe(true);
  });

  it("verifies the signature over the bytes received, even where they are not UTF-8", async () => {
    const bytes = Buffer.concat([
      Buffer.from("command=%2Fstory&text="),
      Buffer.from([0xff]),
      Buffer.from("&user_id=U1"),
    ]);
    const ts = Math.floor(Date.now() / 1000);
    const mac = createHmac("sha256", SECRET).update(`v0:${ts}:`).update(bytes).digest("hex");
    const headers = {
      "content-type": FORM,
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": `v0=${mac}`,
    };
    expect((await fetch(appUrl, { method: "POST", headers, body: bytes })).status).toBe(200);
    await expect.poll(() => seen).toEqual(["command \uFFFD"]);
  });

  it("answers Slack's unsigned SSL check with 200, and a payload smuggled beside it reaches nobody", async () => {
    const body = `ssl_check=1&payload=${encodeURIComponent(JSON.stringify({ type: "view_submission" }))}`;
    const res = await slack.raw({ body, contentType: FORM, signature: "v0=forged" });
    expect(res.status).toBe(200);
    expect(res.body).toBe("");
    expect(seen).toEqual([]);
  });

  it("echoes the url_verification challenge", async () => {
    const res = await slack.urlVerification("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
    expect(res.json).toEqual({ challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" });
  });

  it("answers 400 to a signed body that isn't JSON, and 413 to one over the limit", async () => {
    expect((await slack.raw({ body: "payload=%7Bnot-json", contentType: FORM })).status).toBe(400);
    expect((await slack.raw({ body: "{not json", contentType: "application/json" })).status).toBe(400);
    const big = `command=%2Fstory&text=${"x".repeat(20_000)}`;
    expect((await slack.raw({ body: big, contentType: FORM })).status).toBe(413);
    expect(seen).toEqual([]);
  });

  it("a listener failing before its ack goes to Bolt's error handler (500)", async () => {
    expect((await slack.command("/boom", "", { userId: "U1", channelId: "C1" })).status).toBe(500);
  });
});
