/** The fake Slack behaves like Slack for a real WebClient: shapes, errors, limits, uploads. */
import { ErrorCode, type WebAPIRateLimitedError, WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeSlack } from "../../support/fake-slack.js";

let fake: FakeSlack;
let client: WebClient;

const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text } });

/** The Slack error code a WebClient call failed with. */
async function slackError(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    return (err as { data?: { error?: string } }).data?.error;
  }
}

beforeEach(async () => {
  fake = await FakeSlack.start();
  client = new WebClient("xoxb-test", { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
  fake.addUser({ id: "U1", name: "ana", tz: "Europe/Berlin" });
  fake.addChannel({ id: "C1", name: "team" });
});
afterEach(() => fake.stop());

describe("auth and recording", () => {
  it("tells onCall listeners of every call, including ones a test clears from fake.calls", async () => {
    const seen: string[] = [];
    fake.onCall((call) => seen.push(`${call.method}:${String(call.args.channel)}`));
    await client.chat.postMessage({ channel: "C1", text: "hi" });
    fake.clearCalls();
    await client.chat.postMessage({ channel: "C1", text: "again" });
    expect(seen).toEqual(["chat.postMessage:C1", "chat.postMessage:C1"]);
    expect(fake.calls).toHaveLength(1);
  });

  it("answers auth.test with the fake workspace and bot", async () => {
    const res = await client.auth.test();
    expect(res).toMatchObject({
      ok: true,
      team_id: "T0001",
      user_id: "UBOT",
      bot_id: "BBOT",
      team: "Fake Team",
    });
    expect(res.url).toMatch(/^https:\/\/.+\.slack\.com\/$/);
  });

  it("records every call with decoded args, token and status", async () => {
    await client.chat.postMessage({ channel: "C1", text: "hi", blocks: [section("*hi*")] });
    const call = await fake.waitFor("chat.postMessage");
    expect(call.token).toBe("xoxb-test");
    expect(call.status).toBe(200);
    expect(call.args).toMatchObject({ channel: "C1", text: "hi", blocks: [section("*hi*")] });
    expect(call.args).not.toHaveProperty("token");
    expect(call.response.ok).toBe(true);
    expect(call.at).toBeGreaterThan(Date.now() - 5000);
  });

  it("accepts JSON bodies and a token field", async () => {
    const res = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer xoxb-json" },
      body: JSON.stringify({ channel: "C1", text: "json" }),
    });
    expect(await res.json()).toMatchObject({ ok: true, channel: "C1" });
    await fetch(`${fake.apiUrl}auth.test`, {
      method: "POST",
      body: new URLSearchParams({ token: "xoxb-form" }),
    });
    expect(fake.calls.map((c) => c.token)).toEqual(["xoxb-json", "xoxb-form"]);
  });

  it("answers unknown_method, not_authed and invalid_auth", async () => {
    expect(await slackError(client.apiCall("chat.nope"))).toBe("unknown_method");
    expect(await slackError(new WebClient(undefined, { slackApiUrl: fake.apiUrl }).auth.test())).toBe(
      "not_authed",
    );
    const strict = await FakeSlack.start({ validTokens: ["xoxb-good"] });
    try {
      const bad = new WebClient("xoxb-bad", { slackApiUrl: strict.apiUrl, retryConfig: { retries: 0 } });
      expect(await slackError(bad.auth.test())).toBe("invalid_auth");
    } finally {
      await strict.stop();
    }
  });

  it("waitFor times out with the calls it saw", async () => {
    await client.auth.test();
    await expect(fake.waitFor("views.open", undefined, 50)).rejects.toThrow(/views\.open.*auth\.test\(ok\)/);
  });

  it("counts calls whose delayed answer is still in hand (answersPending)", async () => {
    fake.delayNext("auth.test", 150);
    expect(fake.answersPending).toBe(0);
    const answer = client.auth.test();
    await fake.waitFor("auth.test");
    expect(fake.answersPending).toBe(1);
    await answer;
    expect(fake.answersPending).toBe(0);
  });

  it("waitForCount resolves once enough calls arrived", async () => {
    const waiting = fake.waitForCount("chat.postMessage", 2, 2000);
    await client.chat.postMessage({ channel: "C1", text: "1" });
    await client.chat.postMessage({ channel: "C1", text: "2" });
    expect((await waiting).map((c) => c.args.text)).toEqual(["1", "2"]);
  });
});

describe("chat", () => {
  it("returns unique, increasing ts and stores the message", async () => {
    const a = await client.chat.postMessage({ channel: "C1", text: "a" });
    const b = await client.chat.postMessage({ channel: "C1", text: "b" });
    expect(a.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(Number(b.ts)).toBeGreaterThan(Number(a.ts));
    expect(a.message).toMatchObject({ text: "a", user: "UBOT", bot_id: "BBOT" });
    expect(fake.messagesIn("C1").map((m) => m.text)).toEqual(["a", "b"]);
  });

  it("keeps ts increasing under a frozen clock", async () => {
    const frozen = await FakeSlack.start({ now: () => 1_700_000_000_000 });
    try {
      const c = new WebClient("xoxb", { slackApiUrl: frozen.apiUrl, retryConfig: { retries: 0 } });
      const first = await c.chat.postMessage({ channel: "C9", text: "1" });
      const second = await c.chat.postMessage({ channel: "C9", text: "2" });
      expect([first.ts, second.ts]).toEqual(["1700000000.000000", "1700000000.000100"]);
    } finally {
      await frozen.stop();
    }
  });

  it("posting to a user id opens their DM and answers with the D channel", async () => {
    const res = await client.chat.postMessage({ channel: "U1", text: "psst" });
    expect(res.channel).toMatch(/^D/);
    expect(fake.dmChannelFor("U1")).toBe(res.channel);
    const open = await client.conversations.open({ users: "U1" });
    expect(open.channel?.id).toBe(res.channel);
    expect(fake.messagesIn("U1").map((m) => m.text)).toEqual(["psst"]);
  });

  it("refuses DMs to deactivated users and bots", async () => {
    fake.addUser({ id: "U2", deleted: true });
    fake.addUser({ id: "U3", is_bot: true });
    expect(await slackError(client.chat.postMessage({ channel: "U2", text: "x" }))).toBe("user_disabled");
    expect(await slackError(client.chat.postMessage({ channel: "U3", text: "x" }))).toBe("cannot_dm_bot");
    expect(await slackError(client.conversations.open({ users: "U2" }))).toBe("user_disabled");
  });

  it("answers channel_not_found, not_in_channel and is_archived", async () => {
    fake.addChannel({ id: "C2", name: "outside", botIsMember: false });
    fake.addChannel({ id: "C3", name: "old", archived: true });
    expect(await slackError(client.chat.postMessage({ channel: "G404", text: "x" }))).toBe(
      "channel_not_found",
    );
    expect(await slackError(client.chat.postMessage({ channel: "C2", text: "x" }))).toBe("not_in_channel");
    expect(await slackError(client.chat.postMessage({ channel: "C3", text: "x" }))).toBe("is_archived");
  });

  it("accepts unknown C ids unless strictChannels", async () => {
    await expect(client.chat.postMessage({ channel: "C404", text: "x" })).resolves.toMatchObject({
      ok: true,
    });
    const strict = await FakeSlack.start({ strictChannels: true });
    try {
      const c = new WebClient("xoxb", { slackApiUrl: strict.apiUrl, retryConfig: { retries: 0 } });
      expect(await slackError(c.chat.postMessage({ channel: "C404", text: "x" }))).toBe("channel_not_found");
      expect(await slackError(c.chat.postMessage({ channel: "U404", text: "x" }))).toBe("channel_not_found");
    } finally {
      await strict.stop();
    }
  });

  it("answers invalid_blocks with Slack's messages for 51 blocks", async () => {
    const blocks = Array.from({ length: 51 }, (_, i) => section(`row ${i}`));
    const err = (await client.chat.postMessage({ channel: "C1", text: "x", blocks }).catch((e) => e)) as {
      code: string;
      data: { error: string; response_metadata: { messages: string[] } };
    };
    expect(err.code).toBe(ErrorCode.PlatformError);
    expect(err.data.error).toBe("invalid_blocks");
    expect(err.data.response_metadata.messages).toEqual([
      "[ERROR] no more than 50 items allowed [json-pointer:/blocks]",
    ]);
    expect(fake.messagesIn("C1")).toHaveLength(0);
  });

  it("answers msg_too_long, no_text and invalid_blocks for a long section", async () => {
    expect(await slackError(client.chat.postMessage({ channel: "C1", text: "x".repeat(40_001) }))).toBe(
      "msg_too_long",
    );
    expect(await slackError(client.chat.postMessage({ channel: "C1", text: "" }))).toBe("no_text");
    const long = [section("x".repeat(3001))];
    expect(await slackError(client.chat.postMessage({ channel: "C1", text: "x", blocks: long }))).toBe(
      "invalid_blocks",
    );
  });

  it("updates, deletes and permalinks the bot's messages only", async () => {
    const { ts } = await client.chat.postMessage({ channel: "C1", text: "v1" });
    const updated = await client.chat.update({ channel: "C1", ts: ts!, text: "v2" });
    expect(updated).toMatchObject({ ok: true, ts, text: "v2" });
    const link = await client.chat.getPermalink({ channel: "C1", message_ts: ts! });
    expect(link.permalink).toBe(`https://fake-team.slack.com/archives/C1/p${ts!.replace(".", "")}`);
    const human = fake.addMessage("C1", { text: "mine", user: "U1" });
    expect(await slackError(client.chat.update({ channel: "C1", ts: human.ts, text: "x" }))).toBe(
      "cant_update_message",
    );
    await client.chat.delete({ channel: "C1", ts: ts! });
    expect(await slackError(client.chat.update({ channel: "C1", ts: ts!, text: "x" }))).toBe(
      "message_not_found",
    );
  });

  it("posts ephemerals only to channel members", async () => {
    fake.addUser({ id: "U2" });
    fake.addChannel({ id: "C2", name: "small", members: ["U1"] });
    const res = await client.chat.postEphemeral({ channel: "C2", user: "U1", text: "only you" });
    expect(res.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(fake.ephemerals).toMatchObject([{ channel: "C2", user: "U1", text: "only you" }]);
    expect(await slackError(client.chat.postEphemeral({ channel: "C2", user: "U2", text: "x" }))).toBe(
      "user_not_in_channel",
    );
  });

  it("schedules messages within Slack's window", async () => {
    const now = Math.floor(Date.now() / 1000);
    const res = await client.chat.scheduleMessage({ channel: "C1", text: "later", post_at: now + 3600 });
    expect(res).toMatchObject({ ok: true, channel: "C1", post_at: now + 3600 });
    expect(res.scheduled_message_id).toMatch(/^Q/);
    expect(
      await slackError(client.chat.scheduleMessage({ channel: "C1", text: "x", post_at: now - 10 })),
    ).toBe("time_in_past");
    const tooFar = now + 121 * 24 * 3600;
    expect(await slackError(client.chat.scheduleMessage({ channel: "C1", text: "x", post_at: tooFar }))).toBe(
      "time_too_far",
    );
  });

  it("adds reactions once", async () => {
    const { ts } = await client.chat.postMessage({ channel: "C1", text: "done" });
    await client.reactions.add({ channel: "C1", timestamp: ts!, name: "white_check_mark" });
    expect(fake.messagesIn("C1")[0]?.reactions).toEqual([{ name: "white_check_mark", users: ["UBOT"] }]);
    expect(
      await slackError(client.reactions.add({ channel: "C1", timestamp: ts!, name: "white_check_mark" })),
    ).toBe("already_reacted");
  });
});

describe("conversations and users", () => {
  it("reports channel info and paginated members", async () => {
    fake.addUser({ id: "U2" });
    const info = await client.conversations.info({ channel: "C1" });
    expect(info.channel).toMatchObject({ id: "C1", name: "team", is_member: true, is_archived: false });
    const members: string[] = [];
    for await (const page of client.paginate("conversations.members", { channel: "C1", limit: 2 })) {
      members.push(...((page as { members?: string[] }).members ?? []));
    }
    expect(members.sort()).toEqual(["U1", "U2", "UBOT"]);
  });

  it("gives users.info with tz, label and the current offset", async () => {
    const res = await client.users.info({ user: "U1" });
    const offset = res.user?.tz_offset;
    expect(res.user).toMatchObject({ id: "U1", name: "ana", tz: "Europe/Berlin" });
    expect([3600, 7200]).toContain(offset);
    expect(res.user?.tz_label).toMatch(/Central European/);
    expect(await slackError(client.users.info({ user: "U404" }))).toBe("user_not_found");
  });

  it("computes tz_offset for the fake clock (DST included)", async () => {
    const summer = await FakeSlack.start({ now: () => Date.parse("2026-07-01T12:00:00Z") });
    try {
      summer.addUser({ id: "U1", tz: "America/New_York" });
      summer.addUser({ id: "U2", tz: "Asia/Kathmandu" });
      const c = new WebClient("xoxb", { slackApiUrl: summer.apiUrl, retryConfig: { retries: 0 } });
      expect((await c.users.info({ user: "U1" })).user?.tz_offset).toBe(-4 * 3600);
      expect((await c.users.info({ user: "U2" })).user?.tz_offset).toBe(5 * 3600 + 45 * 60);
    } finally {
      await summer.stop();
    }
  });

  it("rejects unknown time zones when adding users", () => {
    expect(() => fake.addUser({ id: "U9", tz: "Mars/Olympus" })).toThrow(RangeError);
  });

  it("lists Slackbot, the bot and deactivated users too", async () => {
    fake.addUser({ id: "U2", deleted: true });
    const res = await client.users.list({});
    const ids = (res.members ?? []).map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(["USLACKBOT", "UBOT", "U1", "U2"]));
  });
});

describe("rate limits and failures", () => {
  it("answers 429 with Retry-After, surfaced as WebAPIRateLimitedError", async () => {
    const rejecting = new WebClient("xoxb", {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
    fake.now = () => 1_700_000_000_000; // a frozen clock keeps every post inside one window
    fake.setRateLimit("chat.postMessage", { perSecondPerChannel: 1, retryAfterSeconds: 7 });
    await rejecting.chat.postMessage({ channel: "C1", text: "1" });
    const err = await rejecting.chat.postMessage({ channel: "C1", text: "2" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as WebAPIRateLimitedError).code).toBe(ErrorCode.RateLimitedError);
    expect((err as WebAPIRateLimitedError).retryAfter).toBe(7);
    // Another channel, and the same user's DM by U or D id, have their own budgets.
    const dm = await rejecting.chat.postMessage({ channel: "U1", text: "dm" });
    await expect(rejecting.chat.postMessage({ channel: "C2", text: "other" })).resolves.toMatchObject({
      ok: true,
    });
    await expect(rejecting.chat.postMessage({ channel: dm.channel!, text: "dm2" })).rejects.toMatchObject({
      code: ErrorCode.RateLimitedError,
    });
    expect(fake.rateLimitedCount).toBe(2);
    const limited = fake.calls.filter((c) => c.status === 429);
    expect(limited.map((c) => c.response.error)).toEqual(["ratelimited", "ratelimited"]);
  });

  it("frees the window with the clock and limits per minute across the workspace", async () => {
    let now = 1_700_000_000_000;
    const clocked = await FakeSlack.start({ now: () => now });
    try {
      const c = new WebClient("xoxb", {
        slackApiUrl: clocked.apiUrl,
        retryConfig: { retries: 0 },
        rejectRateLimitedCalls: true,
      });
      clocked.setRateLimit("users.info", { perMinute: 2 });
      clocked.addUser({ id: "U1" });
      await c.users.info({ user: "U1" });
      now += 30_000;
      await c.users.info({ user: "U1" });
      await expect(c.users.info({ user: "U1" })).rejects.toMatchObject({ retryAfter: 30 });
      now += 30_001;
      await expect(c.users.info({ user: "U1" })).resolves.toMatchObject({ ok: true });
    } finally {
      await clocked.stop();
    }
  });

  it("injects Slack errors and HTTP failures for the next calls only", async () => {
    fake.failNext("chat.postMessage", "fatal_error", 2);
    expect(await slackError(client.chat.postMessage({ channel: "C1", text: "x" }))).toBe("fatal_error");
    expect(await slackError(client.chat.postMessage({ channel: "C1", text: "x" }))).toBe("fatal_error");
    await expect(client.chat.postMessage({ channel: "C1", text: "x" })).resolves.toMatchObject({ ok: true });
    fake.failNextHttp("auth.test", 503);
    await expect(client.auth.test()).rejects.toMatchObject({ code: ErrorCode.HTTPError, statusCode: 503 });
    expect(fake.callsTo("auth.test")[0]).toMatchObject({
      status: 503,
      response: { ok: false, error: "http_503" },
    });
    await expect(client.auth.test()).resolves.toMatchObject({ ok: true });
  });
});

describe("files", () => {
  it("runs filesUploadV2 end to end and stores the bytes", async () => {
    const content = "id,title\n1,Export ✓\n";
    const res = await client.filesUploadV2({
      channel_id: "C1",
      filename: "backlog.csv",
      title: "Backlog",
      content,
      initial_comment: "Here you go",
    });
    expect(res.ok).toBe(true);
    const [completion] = res.files as { files: { id: string; title: string; name: string }[] }[];
    const uploaded = completion?.files[0];
    expect(uploaded).toMatchObject({ name: "backlog.csv", title: "Backlog" });
    const file = fake.file(uploaded!.id);
    expect(file?.bytes?.toString("utf8")).toBe(content);
    expect(file).toMatchObject({ completed: true, channels: ["C1"], initialComment: "Here you go" });
    expect(fake.messagesIn("C1").at(-1)).toMatchObject({ text: "Here you go", files: [uploaded!.id] });
    expect(fake.callsTo("files.getUploadURLExternal")[0]?.args).toMatchObject({ filename: "backlog.csv" });
  });

  it("refuses to complete an upload whose bytes never arrived", async () => {
    const url = await client.files.getUploadURLExternal({ filename: "a.txt", length: 3 });
    expect(url.upload_url?.startsWith(fake.baseUrl)).toBe(true);
    expect(await slackError(client.files.completeUploadExternal({ files: [{ id: url.file_id! }] }))).toBe(
      "file_not_found",
    );
  });
});

describe("response URLs", () => {
  it("records JSON posts and refuses the sixth use with 404", async () => {
    const url = fake.mintResponseUrl();
    expect(url).toMatch(new RegExp(`^${fake.baseUrl}response/`));
    const post = (i: number) =>
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text: `r${i}` }),
      });
    for (let i = 1; i <= 5; i++) expect((await post(i)).status).toBe(200);
    const sixth = await post(6);
    expect(sixth.status).toBe(404);
    expect(await sixth.text()).toBe("used_url");
    expect(fake.responses.map((r) => (r.body as { text: string }).text)).toEqual([
      "r1",
      "r2",
      "r3",
      "r4",
      "r5",
    ]);
    expect(fake.rejectedResponses).toMatchObject([{ status: 404, reason: "used_url" }]);
    await expect(
      fake.waitForResponse((r) => (r.body as { text: string }).text === "r5"),
    ).resolves.toMatchObject({ url });
  });

  it("refuses invalid blocks without using up the URL, and expires after 30 minutes", async () => {
    let now = Date.now();
    const clocked = await FakeSlack.start({ now: () => now });
    try {
      const url = clocked.mintResponseUrl();
      const blocks = Array.from({ length: 51 }, () => ({ type: "divider" }));
      const bad = await fetch(url, { method: "POST", body: JSON.stringify({ text: "x", blocks }) });
      expect([bad.status, await bad.text()]).toEqual([400, "invalid_blocks"]);
      now += 31 * 60_000;
      const late = await fetch(url, { method: "POST", body: JSON.stringify({ text: "x" }) });
      expect([late.status, await late.text()]).toEqual([404, "expired_url"]);
    } finally {
      await clocked.stop();
    }
  });
});
