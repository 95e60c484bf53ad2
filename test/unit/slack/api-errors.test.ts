/** The Slack error classifier, fed with the errors a real WebClient throws against the fake Slack. */
import { WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CHANNEL_ERRORS,
  classifySlackError,
  expectSlackFailure,
  isSlackError,
  MESSAGE_ERRORS,
  slackErrorCode,
  USER_ERRORS,
} from "../../../src/slack/api-errors.js";
import { PERMANENT_ERRORS } from "../../../src/slack/outbox-sender.js";
import { FakeSlack } from "../../support/fake-slack.js";

let fake: FakeSlack;
let client: WebClient;

beforeEach(async () => {
  fake = await FakeSlack.start();
  client = new WebClient("xoxb-test", {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
  fake.addUser({ id: "U1", name: "ana" });
  fake.addChannel({ id: "C1", name: "team" });
  fake.addChannel({ id: "COUT", name: "elsewhere", botIsMember: false });
});
afterEach(() => fake.stop());

/** What `chat.postMessage` rejects with after the fake answers `{ ok: false, error: code }`. */
async function failureOf(code: string): Promise<unknown> {
  fake.failNext("chat.postMessage", code);
  return client.chat.postMessage({ channel: "C1", text: "hi" }).then(
    () => expect.unreachable("the call should fail"),
    (error: unknown) => error,
  );
}

describe("classifySlackError", () => {
  it.each([
    ["channel_not_found", "channel"],
    ["not_in_channel", "channel"],
    ["is_archived", "channel"],
    ["user_not_in_channel", "not_member"],
    ["cannot_dm_bot", "user"],
    ["user_not_found", "user"],
    ["user_disabled", "user"],
    ["account_inactive", "user"],
    ["message_not_found", "message"],
    ["cant_update_message", "message"],
    ["invalid_blocks", "other"],
    ["invalid_auth", "other"],
  ])("%s is a %s error", async (code, kind) => {
    const error = await failureOf(code);
    expect(slackErrorCode(error)).toBe(code);
    expect(classifySlackError(error)).toBe(kind);
  });

  it("reads a real not_in_channel from the fake (not an injected one)", async () => {
    const error = await client.chat.postMessage({ channel: "COUT", text: "hi" }).catch((e: unknown) => e);
    expect(isSlackError(error, "channel")).toBe(true);
    expect(isSlackError(error, "user", "message")).toBe(false);
  });

  it("knows a rate-limited call (WebAPIRateLimitedError has no data.error)", async () => {
    fake.setRateLimit("chat.postMessage", { perSecondPerChannel: 1, retryAfterSeconds: 3 });
    await client.chat.postMessage({ channel: "C1", text: "one" });
    const error = await client.chat.postMessage({ channel: "C1", text: "two" }).catch((e: unknown) => e);
    expect(classifySlackError(error)).toBe("rate_limited");
    expect(isSlackError(error, "rate_limited")).toBe(true);
  });

  it("calls anything that isn't a Slack error `other`, without throwing", () => {
    for (const e of [
      new Error("socket hang up"),
      null,
      undefined,
      "text",
      42,
      { data: null },
      { data: { error: 7 } },
    ]) {
      expect(classifySlackError(e)).toBe("other");
      expect(slackErrorCode(e)).toBeNull();
      expect(isSlackError(e, "channel", "user", "message", "not_member", "rate_limited")).toBe(false);
    }
  });
});

describe("expectSlackFailure", () => {
  it("turns an expected kind into a result and rethrows the rest", async () => {
    expect(
      await expectSlackFailure(client.chat.postMessage({ channel: "COUT", text: "x" }), "channel"),
    ).toEqual({
      ok: false,
      code: "not_in_channel",
    });
    const posted = await expectSlackFailure(client.chat.postMessage({ channel: "C1", text: "x" }), "channel");
    expect(posted).toMatchObject({ ok: true, value: { ok: true, channel: "C1" } });
    fake.failNext("chat.postMessage", "invalid_blocks");
    await expect(
      expectSlackFailure(client.chat.postMessage({ channel: "C1", text: "x" }), "channel"),
    ).rejects.toMatchObject({
      data: { error: "invalid_blocks" },
    });
  });
});

describe("the lists are defined once", () => {
  it("are disjoint, and the outbox treats all of them as permanent", () => {
    const all = [...CHANNEL_ERRORS, ...USER_ERRORS, ...MESSAGE_ERRORS];
    expect(new Set(all).size).toBe(all.length);
    for (const code of all) expect(PERMANENT_ERRORS.has(code)).toBe(true);
  });
});
