/** "Post here or tell the person privately", against the fake Slack over HTTP with a real WebClient. */
import { WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ephemeral,
  ephemeralAside,
  postHere,
  postHereOrTellPrivately,
  postToResponseUrl,
  replaceOriginal,
  replaceViaResponseUrl,
  tellPrivately,
} from "../../../src/slack/reply.js";
import { FakeSlack } from "../../support/fake-slack.js";

let fake: FakeSlack;
let client: WebClient;
const message = {
  text: "Saved",
  blocks: [{ type: "section" as const, text: { type: "mrkdwn" as const, text: "*Saved*" } }],
};

beforeEach(async () => {
  fake = await FakeSlack.start();
  client = new WebClient("xoxb-test", { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
  fake.addUser({ id: "U1", name: "ana" });
  fake.addUser({ id: "U2", name: "bo" });
  fake.addChannel({ id: "C1", name: "team" });
  fake.addChannel({ id: "COUT", name: "elsewhere", botIsMember: false });
  fake.addChannel({ id: "COLD", name: "old", archived: true });
  fake.addChannel({ id: "CFEW", name: "few", members: ["U2"] });
});
afterEach(() => fake.stop());

const dmTo = (userId: string) => fake.messagesIn(fake.dmChannelFor(userId) ?? "none");

describe("tellPrivately", () => {
  it("posts an ephemeral in the person's channel", async () => {
    expect(await tellPrivately(client, { userId: "U1", channelId: "C1" }, message)).toBe("ephemeral");
    expect(fake.ephemerals).toMatchObject([{ channel: "C1", user: "U1", text: "Saved" }]);
    expect(fake.callsTo("chat.postMessage")).toHaveLength(0);
  });

  it.each([
    ["no channel", null],
    ["a DM between people", "D0PEOPLE"],
  ])("sends a DM when there is %s", async (_case, channelId) => {
    expect(await tellPrivately(client, { userId: "U1", channelId }, message)).toBe("dm");
    expect(fake.callsTo("chat.postEphemeral")).toHaveLength(0);
    expect(dmTo("U1")).toMatchObject([{ text: "Saved" }]);
  });

  it.each([
    ["the bot isn't in the channel", "COUT", "not_in_channel"],
    ["the channel is archived", "COLD", "is_archived"],
    ["the person isn't in the channel", "CFEW", "user_not_in_channel"],
  ])("falls back to a DM when %s", async (_case, channelId, code) => {
    expect(await tellPrivately(client, { userId: "U1", channelId }, message)).toBe("dm");
    expect((await fake.waitFor("chat.postEphemeral")).response).toMatchObject({ ok: false, error: code });
    expect(dmTo("U1")).toMatchObject([{ text: "Saved" }]);
  });

  it("falls back to a DM when Slack can't find the channel", async () => {
    fake.failNext("chat.postEphemeral", "channel_not_found");
    expect(await tellPrivately(client, { userId: "U1", channelId: "C1" }, message)).toBe("dm");
    expect(dmTo("U1")).toMatchObject([{ text: "Saved" }]);
  });

  it("rethrows other Slack errors (nothing is sent by DM)", async () => {
    fake.failNext("chat.postEphemeral", "invalid_blocks");
    await expect(tellPrivately(client, { userId: "U1", channelId: "C1" }, message)).rejects.toMatchObject({
      data: { error: "invalid_blocks" },
    });
    expect(fake.callsTo("chat.postMessage")).toHaveLength(0);
  });

  it("sends plain text messages too", async () => {
    await tellPrivately(client, { userId: "U1", channelId: null }, { text: "just text" });
    expect(dmTo("U1")).toMatchObject([{ text: "just text" }]);
  });
});

describe("postHere / postHereOrTellPrivately", () => {
  it("posts in the channel for everyone", async () => {
    expect(await postHere(client, "C1", message)).toBe(true);
    expect(await postHereOrTellPrivately(client, { userId: "U1", channelId: "C1" }, message)).toBe("posted");
    expect(fake.messagesIn("C1")).toHaveLength(2);
    expect(fake.ephemerals).toHaveLength(0);
  });

  it("postHere resolves false where the bot can't post, and rethrows anything else", async () => {
    expect(await postHere(client, "COUT", message)).toBe(false);
    expect(await postHere(client, "COLD", message)).toBe(false);
    fake.failNext("chat.postMessage", "msg_too_long");
    await expect(postHere(client, "C1", message)).rejects.toMatchObject({ data: { error: "msg_too_long" } });
  });

  it("tells the person privately when the bot can't post in the channel", async () => {
    // Not a member: the ephemeral fails the same way, so it ends up as a DM.
    expect(await postHereOrTellPrivately(client, { userId: "U1", channelId: "COUT" }, message)).toBe("dm");
    expect(fake.messagesIn("COUT")).toHaveLength(0);
    expect(dmTo("U1")).toMatchObject([{ text: "Saved" }]);
  });

  it("goes straight to the person for a DM or no channel", async () => {
    expect(await postHereOrTellPrivately(client, { userId: "U2", channelId: null }, message)).toBe("dm");
    expect(await postHereOrTellPrivately(client, { userId: "U2", channelId: "D0X" }, message)).toBe("dm");
    expect(fake.callsTo("chat.postMessage").map((c) => c.args.channel)).toEqual(["U2", "U2"]);
  });
});

describe("response URLs", () => {
  it("posts the body as JSON and reports success", async () => {
    const url = fake.mintResponseUrl();
    expect(await postToResponseUrl(url, ephemeralAside({ text: "Oops" }))).toBe(true);
    expect(await replaceViaResponseUrl(url, message)).toBe(true);
    expect(fake.responses.map((r) => r.body)).toEqual([
      { response_type: "ephemeral", replace_original: false, text: "Oops" },
      { response_type: "ephemeral", replace_original: true, ...message },
    ]);
  });

  it("resolves false when Slack refuses the URL (unknown, used up)", async () => {
    expect(await replaceViaResponseUrl(`${fake.baseUrl}response/nope`, message)).toBe(false);
    const url = fake.mintResponseUrl();
    for (let i = 0; i < 5; i++) expect(await postToResponseUrl(url, { text: `use ${i}` })).toBe(true);
    expect(await postToResponseUrl(url, { text: "sixth" })).toBe(false);
    expect(fake.rejectedResponses.map((r) => r.reason)).toEqual(["no_service", "used_url"]);
  });
});

describe("respond bodies", () => {
  it("say ephemeral, and whether the clicked message is replaced", () => {
    expect(ephemeral({ text: "a" })).toEqual({ response_type: "ephemeral", text: "a" });
    expect(ephemeralAside({ text: "a" })).toEqual({
      response_type: "ephemeral",
      replace_original: false,
      text: "a",
    });
    expect(replaceOriginal(message)).toEqual({
      response_type: "ephemeral",
      replace_original: true,
      ...message,
    });
  });
});
