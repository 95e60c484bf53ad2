/**
 * The second workspace every harness test runs beside (test/support/other-workspace.ts): proof
 * that its checks fail when something reaches it, so a passing suite means something.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestApp, TEST_TEAM_ID, type TestApp } from "../support/app-harness.js";
import { OTHER_CHANNEL, OTHER_PO, OTHER_TEAM_ID, OTHER_WORDS } from "../support/other-workspace.js";

let t: TestApp;
let stopped = false;
beforeEach(async () => {
  t = await startTestApp({ scheduling: { jobs: { timers: false } } });
  stopped = false;
  t.fake.addUser({ id: "U0MINE", name: "mia" });
  t.fake.addChannel({ id: "C0MINE", name: "mine", botIsMember: true });
});
afterEach(async () => {
  if (!stopped) await t.stop();
});

/** `stop()`'s verdict: the error it threw, or null. */
async function stopVerdict(): Promise<string | null> {
  stopped = true;
  return t.stop().then(
    () => null,
    (error: unknown) => String(error),
  );
}

describe("the other workspace", () => {
  it("is seeded in the database and in the fake, and a test that leaves it alone stops cleanly", async () => {
    const stories = await t.db.db
      .selectFrom("stories")
      .select("title")
      .where("team_id", "=", OTHER_TEAM_ID)
      .orderBy("number")
      .execute();
    expect(stories.map((s) => s.title)).toEqual([OTHER_WORDS[0], OTHER_WORDS[1]]);
    // The test's own workspace works as before: a command and a post to its channel.
    const res = await t.slack.command("/backlog", "", { userId: "U0MINE", channelId: "C0MINE" });
    expect(res.status).toBe(200);
    await t.bot.outbox.enqueue({ teamId: TEST_TEAM_ID, channel: "C0MINE", text: "hi", idempotencyKey: "k" });
    await t.bot.outbox.drain();
    expect(t.fake.callsTo("chat.postMessage").map((c) => c.response.ok)).toEqual([true]);
    expect(await stopVerdict()).toBeNull();
  });

  it("fails the test when one of its rows changed", async () => {
    await t.db.db
      .updateTable("stories")
      .set({ status: "done" })
      .where("team_id", "=", OTHER_TEAM_ID)
      .where("number", "=", 1)
      .execute();
    const verdict = await stopVerdict();
    expect(verdict).toContain(`The test reached the other workspace (${OTHER_TEAM_ID})`);
    expect(verdict).toContain("row changed or deleted: stories");
    expect(verdict).toContain('"done"');
  });

  it("fails the test when a row was written for it", async () => {
    await t.db.db
      .insertInto("team_roles")
      .values({
        team_id: OTHER_TEAM_ID,
        user_id: "U0INTRUDER",
        role: "admin",
        assigned_by: "U0MINE",
        assigned_at: "2026-11-28T10:00:00Z",
      })
      .execute();
    expect(await stopVerdict()).toContain("row written: team_roles");
  });

  it("refuses the test workspace's token on its channel, and fails the test for the attempt", async () => {
    // What a leak looks like from the outbox: T0001's work addressed to the other team's channel.
    await t.bot.outbox.enqueue({
      teamId: TEST_TEAM_ID,
      channel: OTHER_CHANNEL,
      text: "for someone else",
      idempotencyKey: "leak",
    });
    await t.bot.outbox.drain();
    const [call] = t.fake.callsTo("chat.postMessage");
    expect(call?.response).toMatchObject({ ok: false, error: "channel_not_found" });
    expect(await stopVerdict()).toContain(`chat.postMessage call carries "${OTHER_CHANNEL}"`);
  });

  it("fails the test for a call the test cleared from the fake's record afterwards", async () => {
    await t.bot.outbox.enqueue({
      teamId: TEST_TEAM_ID,
      channel: OTHER_CHANNEL,
      text: "x",
      idempotencyKey: "c",
    });
    await t.bot.outbox.drain();
    t.fake.clearCalls();
    expect(await stopVerdict()).toContain(OTHER_CHANNEL);
  });

  it("fails the test when Slack is shown its words", async () => {
    await t.bot.outbox.enqueue({
      teamId: TEST_TEAM_ID,
      channel: "C0MINE",
      text: `Top story: ${OTHER_WORDS[0]}`,
      idempotencyKey: "words",
    });
    await t.bot.outbox.drain();
    expect(await stopVerdict()).toContain(`carries "${OTHER_WORDS[0]}"`);
  });

  it("refuses a DM to one of its people with the test workspace's token", async () => {
    await t.bot.outbox.enqueue({
      teamId: TEST_TEAM_ID,
      channel: OTHER_PO,
      text: "psst",
      idempotencyKey: "dm",
    });
    await t.bot.outbox.drain();
    const refused = t.fake.calls.filter((c) => !c.response.ok).map((c) => c.response.error);
    expect(refused).toContain("channel_not_found");
    expect(await stopVerdict()).toContain(OTHER_PO);
  });
});
