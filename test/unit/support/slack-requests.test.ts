/**
 * The requester signs and shapes requests like Slack: checked against an independent HMAC, Bolt's own
 * verifier, and a real Bolt app wired to the fake Slack.
 */
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, LogLevel, type MessageShortcut, verifySlackRequest } from "@slack/bolt";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FakeSlack } from "../../support/fake-slack.js";
import { fillModal } from "../../support/modal.js";
import { createSlackRequester, signSlackRequest } from "../../support/slack-requests.js";

const SECRET = "test-secret-for-signatures";

describe("against a capturing server", () => {
  let server: Server;
  let url: string;
  const seen: { headers: IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        seen.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
        res.writeHead(200, { "content-type": "application/json" }).end('{"echo":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    seen.length = 0;
  });

  it("signs exactly as Slack documents (independent HMAC and Bolt's verifier agree)", async () => {
    const slack = createSlackRequester({ appUrl: url, signingSecret: SECRET });
    const res = await slack.command("/story", "Export & share 100%", { userId: "U1", channelId: "C1" });
    expect(res).toMatchObject({ status: 200, json: { echo: true } });
    expect(res.ms).toBeGreaterThan(0);
    const [req] = seen;
    const ts = String(req?.headers["x-slack-request-timestamp"]);
    expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(5);
    const expected = `v0=${createHmac("sha256", SECRET).update(`v0:${ts}:${req?.body}`).digest("hex")}`;
    expect(req?.headers["x-slack-signature"]).toBe(expected);
    expect(() =>
      verifySlackRequest({
        signingSecret: SECRET,
        body: req?.body ?? "",
        headers: {
          "x-slack-signature": String(req?.headers["x-slack-signature"]),
          "x-slack-request-timestamp": Number(ts),
        },
      }),
    ).not.toThrow();
    expect(signSlackRequest(SECRET, 1_531_420_618, "body")).toBe(
      `v0=${createHmac("sha256", SECRET).update("v0:1531420618:body").digest("hex")}`,
    );
  });

  it("sends slash commands form-encoded with Slack's fields and the exact content type", async () => {
    const slack = createSlackRequester({ appUrl: url, signingSecret: SECRET, teamId: "T9" });
    await slack.command("/backlog", "top 5", {
      userId: "U1",
      channelId: "C1",
      triggerId: "t.1",
      responseUrl: "http://127.0.0.1:9/r",
    });
    const [req] = seen;
    expect(req?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    const fields = Object.fromEntries(new URLSearchParams(req?.body));
    expect(fields).toMatchObject({
      team_id: "T9",
      channel_id: "C1",
      user_id: "U1",
      command: "/backlog",
      text: "top 5",
      trigger_id: "t.1",
      response_url: "http://127.0.0.1:9/r",
    });
    expect(Object.keys(fields)).toEqual(
      expect.arrayContaining(["token", "team_domain", "channel_name", "user_name", "api_app_id"]),
    );
  });

  it("sends events as JSON envelopes with retry headers", async () => {
    const slack = createSlackRequester({ appUrl: url, signingSecret: SECRET });
    const res = await slack.event(
      { type: "app_mention", user: "U1", text: "hi" },
      { retryNum: 2, eventId: "Ev1" },
    );
    const [req] = seen;
    expect(res.eventId).toBe("Ev1");
    expect(req?.headers["content-type"]).toBe("application/json");
    expect(req?.headers["x-slack-retry-num"]).toBe("2");
    expect(req?.headers["x-slack-retry-reason"]).toBe("http_timeout");
    expect(JSON.parse(req?.body ?? "")).toMatchObject({
      type: "event_callback",
      event_id: "Ev1",
      team_id: "T0001",
      event: { type: "app_mention" },
    });
  });

  it("sends raw bodies with a chosen signature or timestamp", async () => {
    const slack = createSlackRequester({ appUrl: url, signingSecret: SECRET });
    await slack.raw({ body: "a=1", contentType: "text/plain", signature: "v0=bad", timestamp: 1000 });
    expect(seen[0]?.headers).toMatchObject({
      "x-slack-signature": "v0=bad",
      "x-slack-request-timestamp": "1000",
    });
  });
});

describe("against a real Bolt app and the fake Slack", () => {
  let fake: FakeSlack;
  let app: App;
  let slack: ReturnType<typeof createSlackRequester>;
  const retries: (number | undefined)[] = [];
  const closed: string[] = [];

  beforeEach(async () => {
    fake = await FakeSlack.start();
    fake.addUser({ id: "U1", name: "ana" });
    fake.addChannel({ id: "C1", name: "team" });
    app = new App({
      token: "xoxb-test",
      signingSecret: SECRET,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    });
    app.command("/story", async ({ ack, client, body }) => {
      await ack();
      await client.views.open({
        trigger_id: body.trigger_id,
        view: {
          type: "modal",
          callback_id: "story",
          title: { type: "plain_text", text: "Story" },
          submit: { type: "plain_text", text: "Save" },
          blocks: [
            {
              type: "input",
              block_id: "title",
              label: { type: "plain_text", text: "Title" },
              element: { type: "plain_text_input", action_id: "v" },
            },
          ],
        },
      });
    });
    app.view("story", async ({ ack, view }) => {
      const title = view.state.values.title?.v?.value ?? "";
      if (title.length < 3) await ack({ response_action: "errors", errors: { title: "Too short" } });
      else await ack();
    });
    app.action("go", async ({ ack, respond }) => {
      await ack();
      await respond({ text: "went", replace_original: true });
    });
    app.event("app_mention", async ({ context }) => {
      retries.push(context.retryNum);
    });
    app.shortcut("new_story", async ({ ack, shortcut, client }) => {
      await ack();
      await client.views.open({
        trigger_id: shortcut.trigger_id,
        view: {
          type: "modal",
          callback_id: "notes",
          notify_on_close: true,
          title: { type: "plain_text", text: "Notes" },
          blocks: [],
        },
      });
    });
    app.shortcut<MessageShortcut>("quote", async ({ ack, respond, shortcut }) => {
      await ack();
      await respond({ text: `quoted: ${shortcut.message.text}` });
    });
    app.view({ callback_id: "notes", type: "view_closed" }, async ({ ack, body }) => {
      await ack();
      closed.push(body.view.id);
    });
    const server = (await app.start(0)) as Server;
    const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
    slack = createSlackRequester({ appUrl, signingSecret: SECRET, fake });
  });
  afterEach(async () => {
    await app.stop();
    await fake.stop();
  });

  it("runs command → modal → submission with field errors, then success", async () => {
    const res = await slack.command("/story", "", { userId: "U1", channelId: "C1" });
    expect(res.status).toBe(200);
    const call = await fake.waitFor("views.open");
    expect(call.response.ok).toBe(true);
    const view = call.args.view as Record<string, unknown>;

    const short = await slack.viewSubmission({
      userId: "U1",
      view,
      values: fillModal(view, { title: "ab" }),
    });
    expect(short.json).toEqual({ response_action: "errors", errors: { title: "Too short" } });
    const good = await slack.viewSubmission({ userId: "U1", view, values: fillModal(view, { v: "Export" }) });
    expect([good.status, good.body]).toEqual([200, ""]);
  });

  it("delivers respond() from a block action to the minted response URL", async () => {
    const res = await slack.blockAction({
      userId: "U1",
      channelId: "C1",
      actions: [{ action_id: "go", block_id: "b", value: "1" }],
    });
    expect(res.status).toBe(200);
    const response = await fake.waitForResponse((r) => r.url === res.responseUrl);
    expect(response.body).toEqual({ text: "went", replace_original: true });
  });

  it("passes event retries through and answers url_verification", async () => {
    await slack.event(
      { type: "app_mention", user: "U1", text: "hi", channel: "C1", ts: "1.000001" },
      { retryNum: 1 },
    );
    await expect.poll(() => retries).toEqual([1]);
    const challenge = await slack.urlVerification("abc123");
    expect(challenge.json).toEqual({ challenge: "abc123" });
  });

  it("opens a modal from a global shortcut and reports its closing", async () => {
    await slack.globalShortcut({ callbackId: "new_story", userId: "U1" });
    const opened = await fake.waitFor("views.open");
    expect(opened.response.ok).toBe(true);
    const view = opened.response.view as { id: string };
    await slack.viewClosed({ userId: "U1", view: opened.args.view as Record<string, unknown> });
    await expect.poll(() => closed).toEqual([view.id]);
  });

  it("answers a message shortcut through its response URL", async () => {
    const message = fake.addMessage("C1", { text: "ship it", user: "U1" });
    const res = await slack.messageShortcut({
      callbackId: "quote",
      userId: "U1",
      channelId: "C1",
      message: { ts: message.ts, text: message.text, user: message.user },
    });
    const response = await fake.waitForResponse((r) => r.url === res.responseUrl);
    expect(response.body).toMatchObject({ text: "quoted: ship it" });
  });

  it("is refused by Bolt with a bad or stale signature", async () => {
    const body = "command=%2Fstory&text=&user_id=U1&channel_id=C1&team_id=T0001";
    const contentType = "application/x-www-form-urlencoded";
    expect((await slack.raw({ body, contentType, signature: "v0=deadbeef" })).status).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    expect((await slack.raw({ body, contentType, timestamp: stale })).status).toBe(401);
    expect(fake.callsTo("views.open")).toHaveLength(0);
  });
});
