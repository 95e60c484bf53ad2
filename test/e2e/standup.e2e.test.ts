/**
 * Async daily standups end to end over signed HTTP, the fake Slack, real SQLite and the injected
 * clock: setup modal → prompts at each member's local 09:00 (Tokyo, Berlin, New York) → answers via
 * the modal → one parent + thread → late answer and edit update in place → away member skipped →
 * reminder once → close summary (non-responders listed, not pinged).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StandupIds } from "../../src/slack/ids.js";
import { startTestApp, type TestApp } from "../support/app-harness.js";
import { validateMessageBlocks, validateView } from "../support/block-kit-limits.js";
import { fillModal } from "../support/modal.js";

const OWNER = "U0BEN"; // Berlin
const AIKO = "U0AIKO"; // Tokyo
const CARA = "U0CARA"; // New York
const DAN = "U0DAN"; // Berlin, away
const CHANNEL = "C0TEAM";

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp({
    now: "2026-11-29T12:00:00Z", // a Sunday
    scheduling: {
      jobs: { timers: false },
      pacing: { workspacePerSecond: 1000, perChannelPerSecond: 1000, channelBurst: 1000 },
    },
  });
  t.fake.addUser({ id: OWNER, name: "Ben", tz: "Europe/Berlin" });
  t.fake.addUser({ id: AIKO, name: "Aiko", tz: "Asia/Tokyo" });
  t.fake.addUser({ id: CARA, name: "Cara", tz: "America/New_York" });
  t.fake.addUser({ id: DAN, name: "Dan", tz: "Europe/Berlin" });
  t.fake.addChannel({ id: CHANNEL, name: "team", botIsMember: true });
});
afterEach(() => t.stop());

async function at(iso: string) {
  t.clock.set(iso);
  await t.bot.jobs.tick(new Date(iso));
  await t.bot.settle();
}

const dmsTo = (user: string) =>
  t.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === user && c.response.ok);
const channelPosts = () => t.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === CHANNEL);
const parentUpdates = (ts: string) =>
  t.fake.callsTo("chat.update").filter((c) => c.args.channel === CHANNEL && c.args.ts === ts);

async function setUp(extra: Record<string, string | string[] | null> = {}) {
  await t.slack.command("/standup", "setup", { userId: OWNER, channelId: CHANNEL });
  const open = await t.fake.waitFor("views.open");
  const view = open.response.view as Record<string, unknown>;
  expect(validateView(view)).toEqual([]);
  const values = fillModal(view, {
    [StandupIds.nameBlock]: "Squad A",
    [StandupIds.channelBlock]: CHANNEL,
    [StandupIds.participantsBlock]: [AIKO, OWNER, CARA, DAN],
    [StandupIds.timeBlock]: "09:00",
    [StandupIds.closeAfterBlock]: "240",
    [StandupIds.reminderBlock]: "60",
    ...extra,
  });
  const res = await t.slack.viewSubmission({ userId: OWNER, view, values });
  expect(res.status).toBe(200);
  expect(res.body).toBe("");
  await t.fake.waitFor("chat.postMessage", (c) => c.args.channel === OWNER);
  t.fake.clearCalls();
}

/** Clicks the DM button (or runs `/standup`), fills the answer modal and submits it. */
async function answer(user: string, texts: string[], via: "button" | "command" = "button") {
  const before = t.fake.callsTo("views.open").length;
  if (via === "button") {
    const prompt = dmsTo(user).at(-1);
    expect(prompt).toBeDefined();
    const standupId = JSON.stringify(prompt?.args.blocks).match(/"value":"(\d+)"/)?.[1];
    await t.slack.blockAction({
      userId: user,
      actions: [{ action_id: StandupIds.openAnswer, block_id: "standup_prompt", value: standupId ?? "" }],
    });
  } else {
    await t.slack.command("/standup", "", { userId: user, channelId: CHANNEL });
  }
  const calls = await t.fake.waitForCount("views.open", before + 1);
  const view = calls.at(-1)?.response.view as Record<string, unknown>;
  const answers: Record<string, string> = {};
  texts.forEach((text, i) => {
    answers[`${StandupIds.answerBlockPrefix}${i}`] = text;
  });
  const res = await t.slack.viewSubmission({ userId: user, view, values: fillModal(view, answers) });
  expect(res.status).toBe(200);
  return { res, view };
}

describe("/standup daily flow", () => {
  it("prompts each member at their local 09:00, keeps one parent updated in place, reminds once, closes with a summary", async () => {
    await setUp();
    const schedules = await t.db.db
      .selectFrom("schedules")
      .selectAll()
      .where("job_kind", "like", "standup.%")
      .execute();
    expect(
      schedules
        .filter((s) => s.job_kind === "standup.prompt")
        .map((s) => s.time_zone)
        .sort(),
    ).toEqual(["America/New_York", "Asia/Tokyo", "Europe/Berlin", "Europe/Berlin"]);

    // Dan is away Monday and Tuesday.
    await t.slack.command("/standup", "away 2026-11-30 2026-12-01", { userId: DAN, channelId: CHANNEL });
    expect(JSON.stringify((await t.fake.waitForResponse()).body)).toContain("Mon 30 Nov");

    // One minute before Tokyo's 09:00 nothing happens.
    await at("2026-11-29T23:59:00Z");
    expect(t.fake.callsTo("chat.postMessage")).toHaveLength(0);

    // 09:00 Tokyo = 00:00Z: Aiko is prompted, the parent is posted; nobody else is asked yet.
    await at("2026-11-30T00:00:00Z");
    expect(dmsTo(AIKO)).toHaveLength(1);
    expect(dmsTo(OWNER)).toHaveLength(0);
    expect(dmsTo(CARA)).toHaveLength(0);
    expect(channelPosts()).toHaveLength(1);
    const parent = channelPosts()[0];
    const parentTs = String(parent?.response.ts);
    expect(JSON.stringify(parent?.args.blocks)).toContain("Later today");
    expect(validateMessageBlocks(parent?.args.blocks as unknown[])).toEqual([]);

    // Aiko answers from the DM button: the answer goes in the parent's thread, the parent is updated.
    t.clock.set("2026-11-30T00:10:00Z");
    await answer(AIKO, ["Shipped the login page", "Tests for signup", "none"]);
    await t.bot.settle();
    const aikoReply = channelPosts().find((c) => c.args.thread_ts === parentTs);
    expect(aikoReply).toBeDefined();
    expect(JSON.stringify(aikoReply?.args.blocks)).toContain("Shipped the login page");
    expect(JSON.stringify(aikoReply?.args.blocks)).not.toContain(StandupIds.resolveBlocker); // "none" is no blocker
    expect(JSON.stringify(parentUpdates(parentTs).at(-1)?.args.blocks)).toMatch(/Answered \(1\)\*: Aiko/);

    // Her reminder time passes: she answered, so no reminder.
    await at("2026-11-30T01:00:00Z");
    expect(dmsTo(AIKO)).toHaveLength(1);

    // 09:00 Berlin = 08:00Z: Ben is prompted; Dan (away) is not.
    await at("2026-11-30T08:00:00Z");
    expect(dmsTo(OWNER)).toHaveLength(1);
    expect(dmsTo(DAN)).toHaveLength(0);
    expect(JSON.stringify(parentUpdates(parentTs).at(-1)?.args.blocks)).toMatch(/Away \(1\)\*: Dan/);

    // 10:00 Berlin: Ben hasn't answered → exactly one reminder, even if the tick runs again.
    await at("2026-11-30T09:00:00Z");
    await at("2026-11-30T09:00:30Z");
    expect(dmsTo(OWNER)).toHaveLength(2);
    expect(JSON.stringify(dmsTo(OWNER)[1]?.args.blocks)).toContain("Just once");
    // The reminder is private; publicly Ben is "not answered yet" until the report closes, never "Late".
    const afterReminder = JSON.stringify(parentUpdates(parentTs).at(-1)?.args.blocks);
    expect(afterReminder).toMatch(/Not answered yet \(1\)\*: Ben/);
    expect(afterReminder).not.toMatch(/⏰|\bLate\b/);

    // Ben answers after his reminder but before the close, with a blocker: on time, blocker on top of the parent.
    t.clock.set("2026-11-30T09:30:00Z");
    await answer(OWNER, ["Reviews", "Payments", "Waiting for the API keys from ops"], "command");
    await t.bot.settle();
    const benReply = channelPosts().find(
      (c) => c.args.thread_ts === parentTs && JSON.stringify(c.args.blocks).includes("Payments"),
    );
    expect(benReply).toBeDefined();
    expect(JSON.stringify(benReply?.args.blocks)).not.toContain("late"); // before the close: on time
    expect(JSON.stringify(benReply?.args.blocks)).toContain(StandupIds.resolveBlocker);
    const parentNow = JSON.stringify(parentUpdates(parentTs).at(-1)?.args.blocks);
    expect(parentNow).toContain("Blockers (1 open)");
    expect(parentNow.indexOf("Blockers")).toBeLessThan(parentNow.indexOf("Answered"));
    expect(parentNow).toContain("Waiting for the API keys from ops");

    // Ben edits: the thread message is updated in place (same ts), nothing is re-posted.
    const postsBefore = channelPosts().length;
    t.clock.set("2026-11-30T10:00:00Z");
    const { view: editView } = await answer(
      OWNER,
      ["Reviews", "Payments and refunds", "Waiting for the API keys"],
      "command",
    );
    expect(JSON.stringify(editView)).toContain("Editing your answer");
    await t.bot.settle();
    expect(channelPosts()).toHaveLength(postsBefore);
    const edit = t.fake.callsTo("chat.update").find((c) => c.args.ts === benReply?.response.ts);
    expect(JSON.stringify(edit?.args.blocks)).toContain("Payments and refunds");
    expect(JSON.stringify(edit?.args.blocks)).toContain("edited");
    const threadMessage = t.fake.messagesIn(CHANNEL).find((m) => m.ts === benReply?.response.ts);
    expect(JSON.stringify(threadMessage?.blocks)).toContain("Payments and refunds");

    // 09:00 New York = 14:00Z: Cara is prompted; she never answers; one reminder at 15:00Z.
    await at("2026-11-30T14:00:00Z");
    expect(dmsTo(CARA)).toHaveLength(1);
    await at("2026-11-30T15:00:00Z");
    expect(dmsTo(CARA)).toHaveLength(2);

    // Close: 4 h after the last prompt (New York's) = 18:00Z.
    await at("2026-11-30T17:59:00Z");
    expect(JSON.stringify(parentUpdates(parentTs).at(-1)?.args.blocks)).not.toContain("Closed");
    await at("2026-11-30T18:00:00Z");
    const final = t.fake.messagesIn(CHANNEL).find((m) => m.ts === parentTs);
    const finalText = JSON.stringify(final?.blocks);
    expect(finalText).toContain("Closed · 2 of 3 answered");
    expect(finalText).toMatch(/No answer \(1\)\*: Cara/);
    expect(finalText).toMatch(/Away \(1\)\*: Dan/);
    expect(finalText).not.toMatch(/<@U0CARA>/); // listed, not pinged
    expect(validateMessageBlocks(final?.blocks as unknown[])).toEqual([]);

    // The whole day: one parent and two thread replies in the channel; no DM to Dan.
    expect(channelPosts()).toHaveLength(3);
    expect(channelPosts().filter((c) => !c.args.thread_ts)).toHaveLength(1);
    expect(dmsTo(DAN)).toHaveLength(0);
    expect(dmsTo(AIKO)).toHaveLength(1);

    // After the close, /standup opens the form for the next standup day (Tuesday).
    t.clock.set("2026-11-30T20:00:00Z");
    await t.slack.command("/standup", "", { userId: OWNER, channelId: CHANNEL });
    const next = (await t.fake.waitForCount("views.open", 4)).at(-1);
    expect(JSON.stringify(next?.response.view)).toContain("Tue 1 Dec");
  });
});
