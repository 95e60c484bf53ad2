/**
 * Standup parts beyond the daily flow, end to end over signed HTTP, the fake Slack, real SQLite and
 * the injected clock: who may edit/delete (and an edit moving the schedule), resolving blockers in
 * place, the stale-blocker call-out, `/standup back`, private `/standup stats`, and the owner being
 * told about people or channels the bot cannot reach.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StandupIds } from "../../src/slack/ids.js";
import { startTestApp, TEST_TEAM_ID, type TestApp } from "../support/app-harness.js";
import { validateMessageBlocks, validateView } from "../support/block-kit-limits.js";
import { fillModal } from "../support/modal.js";
import { commandReply } from "../support/replies.js";

const OWNER = "U0BEN"; // Berlin
const AIKO = "U0AIKO"; // Tokyo
const CARA = "U0CARA"; // New York
const DAN = "U0DAN"; // Berlin
const ADMIN = "U0ADA"; // workspace admin, not in the standup
const EVE = "U0EVE"; // ordinary member, not the owner
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
  t.fake.addUser({ id: ADMIN, name: "Ada", tz: "Europe/Berlin", is_admin: true });
  t.fake.addUser({ id: EVE, name: "Eve", tz: "Europe/Berlin" });
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
const text = (x: unknown) => JSON.stringify(x);
/** The owner's DM confirming the last setup. */
let lastConfirmation = "";

async function setUp(
  extra: Record<string, string | string[] | null> = {},
  channel = CHANNEL,
  participants = [AIKO, OWNER, CARA, DAN],
) {
  await t.slack.command("/standup", "setup", { userId: OWNER, channelId: channel });
  const open = await t.fake.waitFor("views.open");
  const view = open.response.view as Record<string, unknown>;
  expect(validateView(view)).toEqual([]);
  const values = fillModal(view, {
    [StandupIds.nameBlock]: "Squad A",
    [StandupIds.channelBlock]: channel,
    [StandupIds.participantsBlock]: participants,
    [StandupIds.timeBlock]: "09:00",
    [StandupIds.closeAfterBlock]: "240",
    [StandupIds.reminderBlock]: "60",
    ...extra,
  });
  const res = await t.slack.viewSubmission({ userId: OWNER, view, values });
  expect(res.status).toBe(200);
  expect(res.body).toBe("");
  const confirmation = await t.fake.waitFor("chat.postMessage", (c) => c.args.channel === OWNER);
  lastConfirmation = text(confirmation.args);
  t.fake.clearCalls();
  const row = await t.db.db
    .selectFrom("standups")
    .where("team_id", "=", TEST_TEAM_ID)
    .select("id")
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Sends a slash command and returns the body of the ephemeral reply posted to its response_url. */
async function command(userId: string, textArg: string) {
  return (await commandReply(t, userId, "/standup", textArg, CHANNEL)).body;
}

async function answer(user: string, texts: string[]) {
  const before = t.fake.callsTo("views.open").length;
  const prompt = dmsTo(user)
    .filter((c) => text(c.args.blocks).includes(StandupIds.openAnswer))
    .at(-1);
  expect(prompt).toBeDefined();
  const standupId = text(prompt?.args.blocks).match(/"value":"(\d+)"/)?.[1];
  await t.slack.blockAction({
    userId: user,
    actions: [{ action_id: StandupIds.openAnswer, block_id: "standup_prompt", value: standupId ?? "" }],
  });
  const calls = await t.fake.waitForCount("views.open", before + 1);
  const view = calls.at(-1)?.response.view as Record<string, unknown>;
  const answers: Record<string, string> = {};
  texts.forEach((s, i) => {
    answers[`${StandupIds.answerBlockPrefix}${i}`] = s;
  });
  const res = await t.slack.viewSubmission({ userId: user, view, values: fillModal(view, answers) });
  expect(res.status).toBe(200);
  expect(res.body).toBe("");
  await t.bot.settle();
}

async function clickResolve(user: string, blockerId: string) {
  const before = t.fake.responses.length;
  await t.slack.blockAction({
    userId: user,
    channelId: CHANNEL,
    actions: [
      { action_id: StandupIds.resolveBlocker, block_id: `standup_blocker_${blockerId}`, value: blockerId },
    ],
  });
  const reply = await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before);
  await t.bot.settle();
  return text(reply.body);
}

describe("/standup list, edit and delete: owner or workspace admin only", () => {
  it("shows Edit/Delete only to the owner or an admin, refuses others privately, and an edit moves the prompt", async () => {
    const id = await setUp();
    expect(lastConfirmation).toContain("created");
    expect(lastConfirmation).not.toContain("not a member");

    const forEve = await command(EVE, "list");
    expect(forEve.response_type).toBe("ephemeral");
    expect(text(forEve.blocks)).toContain("Squad A");
    expect(text(forEve.blocks)).not.toContain(StandupIds.edit);
    expect(text(forEve.blocks)).not.toContain(StandupIds.delete);
    for (const who of [OWNER, ADMIN]) {
      const list = await command(who, "list");
      expect(text(list.blocks)).toContain(`"action_id":"${StandupIds.edit}"`);
      expect(text(list.blocks)).toContain(`"action_id":"${StandupIds.delete}"`);
    }

    // Eve tries anyway: refused privately, naming who can; nothing opens, nothing is deleted.
    for (const sub of [`edit ${id}`, `delete ${id}`]) {
      const refused = await command(EVE, sub);
      expect(refused.response_type).toBe("ephemeral");
      expect(refused.text).toContain(`<@${OWNER}>`);
      expect(refused.text).toMatch(/owner.*or a workspace admin/);
    }
    expect(t.fake.callsTo("views.open")).toHaveLength(0);
    // The Delete button, forged by Eve, is refused too.
    await t.slack.blockAction({
      userId: EVE,
      channelId: CHANNEL,
      actions: [{ action_id: StandupIds.delete, block_id: `standup_manage_${id}`, value: String(id) }],
    });
    await t.fake.waitForResponse(
      (r) => text(r.body).includes("workspace admin") && t.fake.responses.length > 4,
    );
    const row = await t.db.db
      .selectFrom("standups")
      .where("team_id", "=", TEST_TEAM_ID)
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.deleted_at).toBeNull();
    expect(channelPosts()).toHaveLength(0);

    // The owner moves the prompt from 09:00 to 10:30.
    await t.slack.command("/standup", `edit ${id}`, { userId: OWNER, channelId: CHANNEL });
    const open = await t.fake.waitFor("views.open");
    const view = open.response.view as Record<string, unknown>;
    expect(validateView(view)).toEqual([]);
    expect(text(view)).toContain("09:00"); // prefilled
    // Eve replays the owner's edit form (same private_metadata): refused on the form, nothing saved.
    const forged = await t.slack.viewSubmission({
      userId: EVE,
      view,
      values: fillModal(view, {
        [StandupIds.nameBlock]: "Eve's squad",
        [StandupIds.channelBlock]: CHANNEL,
        [StandupIds.participantsBlock]: [EVE],
        [StandupIds.timeBlock]: "07:00",
      }),
    });
    expect(String(forged.body)).toContain('"response_action":"errors"');
    expect(String(forged.body)).toContain("workspace admin");
    const unchanged = await t.db.db
      .selectFrom("standups")
      .where("team_id", "=", TEST_TEAM_ID)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect([unchanged.name, unchanged.prompt_time]).toEqual(["Squad A", "09:00"]);
    const res = await t.slack.viewSubmission({
      userId: OWNER,
      view,
      values: fillModal(view, {
        [StandupIds.nameBlock]: "Squad A",
        [StandupIds.channelBlock]: CHANNEL,
        [StandupIds.participantsBlock]: [AIKO, OWNER, CARA], // Dan leaves the squad
        [StandupIds.timeBlock]: "10:30",
        [StandupIds.closeAfterBlock]: "240",
        [StandupIds.reminderBlock]: "60",
      }),
    });
    expect(res.body).toBe("");
    const confirm = await t.fake.waitFor("chat.postMessage", (c) => c.args.channel === OWNER);
    expect(text(confirm.args)).toContain("updated");
    t.fake.clearCalls();

    // The old instant (09:00 Tokyo = 00:00Z) passes silently; the new one (10:30 Tokyo = 01:30Z) prompts.
    await at("2026-11-30T00:00:00Z");
    expect(dmsTo(AIKO)).toHaveLength(0);
    expect(channelPosts()).toHaveLength(0);
    await at("2026-11-30T01:29:00Z");
    expect(dmsTo(AIKO)).toHaveLength(0);
    await at("2026-11-30T01:30:00Z");
    expect(dmsTo(AIKO)).toHaveLength(1);
    // Berlin: not at 09:00 (08:00Z), at 10:30 (09:30Z).
    await at("2026-11-30T08:00:00Z");
    expect(dmsTo(OWNER)).toHaveLength(0);
    await at("2026-11-30T09:30:00Z");
    expect(dmsTo(OWNER)).toHaveLength(1);
    expect(dmsTo(DAN)).toHaveLength(0); // removed in the edit: no more prompts
  });

  it("an admin who is not the owner can delete it: prompts stop", async () => {
    const id = await setUp();
    const done = await command(ADMIN, `delete ${id}`);
    expect(done.text).toContain("Deleted");
    await at("2026-11-30T00:00:00Z");
    await at("2026-11-30T08:00:00Z");
    expect(t.fake.callsTo("chat.postMessage")).toHaveLength(0);
  });
});

describe("blockers", () => {
  it("the author resolves a blocker: the parent's blockers section updates in place; someone else is refused", async () => {
    await setUp();
    await at("2026-11-30T00:00:00Z");
    const parentTs = String(channelPosts()[0]?.response.ts);
    t.clock.set("2026-11-30T00:10:00Z");
    await answer(AIKO, ["Login page", "Signup", "Waiting for design review"]);
    const reply = channelPosts().find((c) => c.args.thread_ts === parentTs);
    expect(text(reply?.args.blocks)).toContain(StandupIds.resolveBlocker);
    const blockerId = text(reply?.args.blocks).match(/"block_id":"standup_blocker_(\d+)"/)?.[1];
    expect(blockerId).toBeDefined();
    expect(text(parentUpdates(parentTs).at(-1)?.args.blocks)).toContain("Blockers (1 open)");

    // Cara (a participant, not the author, owner or an admin) is refused; nothing changes.
    const updatesBefore = parentUpdates(parentTs).length;
    const refused = await clickResolve(CARA, blockerId ?? "");
    expect(refused).toMatch(/Only the person who raised this blocker/);
    expect(parentUpdates(parentTs)).toHaveLength(updatesBefore);
    const open = await t.db.db
      .selectFrom("standup_blockers")
      .where("team_id", "=", TEST_TEAM_ID)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(open.resolved_at).toBeNull();

    // Aiko resolves it: the same parent (same ts) shows it resolved; nothing new is posted.
    const postsBefore = channelPosts().length;
    t.clock.set("2026-11-30T02:00:00Z");
    const ok = await clickResolve(AIKO, blockerId ?? "");
    expect(ok).toContain("Marked resolved");
    expect(channelPosts()).toHaveLength(postsBefore);
    expect(parentUpdates(parentTs).length).toBeGreaterThan(updatesBefore);
    expect(text(parentUpdates(parentTs).at(-1)?.args.blocks)).toContain("Blockers (0 open)");
    const parentNow = t.fake.messagesIn(CHANNEL).find((m) => m.ts === parentTs);
    expect(text(parentNow?.blocks)).toContain("Blockers (0 open)");
    expect(text(parentNow?.blocks)).toContain("resolved");
    expect(validateMessageBlocks(parentNow?.blocks as unknown[])).toEqual([]);
    const threadNow = t.fake.messagesIn(CHANNEL).find((m) => m.ts === reply?.response.ts);
    expect(text(threadNow?.blocks)).not.toContain(StandupIds.resolveBlocker);
    expect(text(threadNow?.blocks)).toContain("Blocker resolved");
  });

  it("yesterday's open blocker is carried on today's report; the owner resolves it and both parents update in place", async () => {
    await setUp({}, CHANNEL, [AIKO, OWNER]);
    await at("2026-11-30T00:00:00Z");
    const mondayTs = String(channelPosts()[0]?.response.ts);
    t.clock.set("2026-11-30T00:10:00Z");
    await answer(AIKO, ["Login page", "Signup", "Staging is down"]);
    const reply = channelPosts().find((c) => c.args.thread_ts === mondayTs);
    const blockerId = text(reply?.args.blocks).match(/"block_id":"standup_blocker_(\d+)"/)?.[1] ?? "";
    await at("2026-11-30T08:00:00Z");
    await at("2026-11-30T12:00:00Z"); // Monday closes

    await at("2026-12-01T00:00:00Z");
    const tuesday = channelPosts().filter((c) => !c.args.thread_ts);
    expect(tuesday).toHaveLength(2);
    const tuesdayTs = String(tuesday[1]?.response.ts);
    const carried = text(t.fake.messagesIn(CHANNEL).find((m) => m.ts === tuesdayTs)?.blocks);
    expect(carried).toContain("Blockers (1 open)");
    expect(carried).toContain("Staging is down");
    expect(carried).toContain("since Mon 30 Nov");

    // The owner (not the author) may resolve it.
    t.clock.set("2026-12-01T08:30:00Z");
    expect(await clickResolve(OWNER, blockerId)).toContain("Marked resolved");
    expect(channelPosts().filter((c) => !c.args.thread_ts)).toHaveLength(2);
    const tuesdayNow = text(t.fake.messagesIn(CHANNEL).find((m) => m.ts === tuesdayTs)?.blocks);
    expect(tuesdayNow).not.toContain("Blockers (1 open)");
    expect(parentUpdates(tuesdayTs).length).toBeGreaterThan(0);
    const mondayNow = text(t.fake.messagesIn(CHANNEL).find((m) => m.ts === mondayTs)?.blocks);
    expect(mondayNow).toContain("Blockers (0 open)");
    expect(mondayNow).toContain("Closed"); // the closed report stays closed
  });

  it("a blocker open for N standup days is called out to the owner once, not every day", async () => {
    // Aiko and Ben only: the close runs 4 h after Berlin's 09:00 = 12:00Z.
    await setUp({ [StandupIds.staleBlock]: "2" }, CHANNEL, [AIKO, OWNER]);
    const day = async (date: string) => {
      await at(`${addDaysIso(date, -1)}T23:59:00Z`);
      await at(`${date}T00:00:00Z`);
      await at(`${date}T08:00:00Z`);
      await at(`${date}T12:00:00Z`);
    };
    const staleNotices = () => dmsTo(OWNER).filter((c) => text(c.args).includes("has been open"));

    await at("2026-11-30T00:00:00Z");
    t.clock.set("2026-11-30T00:10:00Z");
    await answer(AIKO, ["Login page", "Signup", "CI is red on main"]);
    await at("2026-11-30T08:00:00Z");
    // Ben's own blocker, resolved on Tuesday: never called out.
    t.clock.set("2026-11-30T08:10:00Z");
    await answer(OWNER, ["Reviews", "Payments", "Need VPN access"]);
    const bens = channelPosts().find((c) => text(c.args.blocks).includes("Need VPN access"));
    const bensId = text(bens?.args.blocks).match(/"block_id":"standup_blocker_(\d+)"/)?.[1] ?? "";
    await at("2026-11-30T12:00:00Z"); // Monday closes: 0 days old
    await day("2026-12-01"); // Tuesday: 1 standup day
    expect(staleNotices()).toHaveLength(0);
    expect(await clickResolve(OWNER, bensId)).toContain("Marked resolved");
    await day("2026-12-02"); // Wednesday: 2 standup days → called out
    expect(staleNotices()).toHaveLength(1);
    expect(text(staleNotices()[0]?.args.blocks)).toContain("CI is red on main");
    expect(text(staleNotices()[0]?.args.blocks)).toContain("Aiko");
    await day("2026-12-03");
    await day("2026-12-04");
    expect(staleNotices()).toHaveLength(1);
    expect(text(dmsTo(OWNER))).not.toContain("Need VPN access");
    expect(dmsTo(AIKO).filter((c) => text(c.args).includes("has been open"))).toHaveLength(0);
  });
});

function addDaysIso(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

describe("/standup away and back", () => {
  it("`/standup back` ends an away range early: the next day's prompt arrives again", async () => {
    await setUp();
    const away = await command(DAN, "away 2026-11-27 2026-12-04");
    expect(away.response_type).toBe("ephemeral");
    await at("2026-11-30T08:00:00Z");
    expect(dmsTo(OWNER)).toHaveLength(1);
    expect(dmsTo(DAN)).toHaveLength(0);

    t.clock.set("2026-11-30T10:00:00Z");
    const back = await command(DAN, "back");
    expect(back.response_type).toBe("ephemeral");
    expect(back.text).toContain("Welcome back");

    await at("2026-12-01T08:00:00Z");
    expect(dmsTo(DAN)).toHaveLength(1);
    await at("2026-12-02T08:00:00Z");
    expect(dmsTo(DAN)).toHaveLength(2);
    // The past part of the absence is kept, and so is today: its prompt went by while Dan was away.
    const ranges = await t.db.db
      .selectFrom("person_away")
      .where("team_id", "=", TEST_TEAM_ID)
      .selectAll()
      .where("user_id", "=", DAN)
      .execute();
    expect(ranges.map((r) => [r.from_date, r.to_date])).toEqual([["2026-11-27", "2026-11-30"]]);
  });
});

describe("time zones that change", () => {
  it("moving east: today's prompt goes out when the old schedule fires (not skipped), then at the new local time", async () => {
    const cara = t.fake.workspace.users.get(CARA);
    await setUp({}, CHANNEL, [OWNER, CARA]);
    expect(cara).toBeDefined();
    if (cara) cara.tz = "Europe/Berlin"; // Cara flew from New York to Berlin over the weekend
    await at("2026-11-30T08:00:00Z"); // 09:00 Berlin: her schedule is still New York's
    const promptsToCara = () => dmsTo(CARA).filter((c) => text(c.args).includes("Time for your"));
    expect(promptsToCara()).toHaveLength(0);
    await at("2026-11-30T14:00:00Z"); // 09:00 New York: the job sees Berlin, 09:00 Berlin has passed
    expect(promptsToCara()).toHaveLength(1);
    await at("2026-11-30T14:00:30Z");
    expect(promptsToCara()).toHaveLength(1);
    await at("2026-12-01T08:00:00Z"); // Tuesday 09:00 Berlin: the moved schedule
    expect(promptsToCara()).toHaveLength(2);
    await at("2026-12-01T14:00:00Z"); // nothing at New York's 09:00 any more
    expect(promptsToCara()).toHaveLength(2);
  });

  it("moving west: the prompt waits for the new local time the same day", async () => {
    const dan = t.fake.workspace.users.get(DAN);
    await setUp({}, CHANNEL, [OWNER, DAN]);
    if (dan) dan.tz = "America/New_York";
    await at("2026-11-30T08:00:00Z"); // the Berlin schedule fires; for New York it is 03:00
    const promptsToDan = () => dmsTo(DAN).filter((c) => text(c.args).includes("Time for your"));
    expect(promptsToDan()).toHaveLength(0);
    await at("2026-11-30T14:00:00Z"); // 09:00 New York
    expect(promptsToDan()).toHaveLength(1);
  });
});

describe("/standup stats", () => {
  it("private to the viewer: own streak and rate; the owner also sees the team's; never in the channel", async () => {
    await setUp({}, CHANNEL, [AIKO, OWNER, DAN]);
    // Monday: Aiko answers, Ben doesn't, Dan is away. Tuesday: all three answer.
    await command(DAN, "away 2026-11-30 2026-11-30");
    await at("2026-11-30T00:00:00Z");
    t.clock.set("2026-11-30T00:10:00Z");
    await answer(AIKO, ["a", "b", "none"]);
    await at("2026-11-30T08:00:00Z");
    await at("2026-11-30T09:00:00Z");
    await at("2026-11-30T12:00:00Z");
    await at("2026-12-01T00:00:00Z");
    t.clock.set("2026-12-01T00:10:00Z");
    await answer(AIKO, ["c", "d", "none"]);
    await at("2026-12-01T08:00:00Z");
    t.clock.set("2026-12-01T08:10:00Z");
    await answer(OWNER, ["e", "f", "none"]);
    await answer(DAN, ["g", "h", "none"]);
    await at("2026-12-01T12:00:00Z");

    const channelBefore = channelPosts().length;
    const aiko = await command(AIKO, "stats");
    expect(aiko.response_type).toBe("ephemeral");
    expect(text(aiko.blocks)).toContain("You answered 2 of 2 (100%)");
    expect(text(aiko.blocks)).toContain("current streak 2 days");
    expect(text(aiko.blocks)).not.toContain("Ben");
    expect(text(aiko.blocks)).not.toContain("team's figures");

    const ben = await command(OWNER, "stats");
    expect(ben.response_type).toBe("ephemeral");
    expect(text(ben.blocks)).toContain("You answered 1 of 2 (50%)");
    expect(text(ben.blocks)).toContain("current streak 1 day");
    expect(text(ben.blocks)).toContain("Aiko: 2/2 (100%), streak 2");
    expect(text(ben.blocks)).toContain("Ben: 1/2 (50%), streak 1");
    expect(text(ben.blocks)).toContain("Dan: 1/1 (100%), streak 1"); // the away day doesn't count

    const dan = await command(DAN, "stats");
    expect(text(dan.blocks)).toContain("You answered 1 of 1 (100%)");

    // A workspace admin outside the standup sees the team's figures, and has none of their own.
    const ada = await command(ADMIN, "stats");
    expect(text(ada.blocks)).toContain("Aiko: 2/2 (100%), streak 2");
    expect(text(ada.blocks)).not.toContain("You answered");

    // Eve (not in it, not the owner) sees nothing about it.
    const eve = await command(EVE, "stats");
    expect(text(eve.blocks)).not.toContain("Squad A");

    expect(channelPosts()).toHaveLength(channelBefore);
    expect(
      t.fake.callsTo("chat.postMessage").filter((c) => text(c.args).includes("participation")),
    ).toHaveLength(0);
  });
});

describe("failures: the owner is told once, everyone else carries on", () => {
  it("a deactivated participant and one who can't be DM'd: one clear message each to the owner; the rest are prompted", async () => {
    const ZED = "U0ZED";
    const ROBO = "U0ROBO";
    t.fake.addUser({ id: ZED, name: "Zed", tz: "Europe/Berlin", deleted: true });
    t.fake.addUser({ id: ROBO, name: "Robo", tz: "Europe/Berlin", is_bot: true });
    await setUp({}, CHANNEL, [AIKO, OWNER, ZED, ROBO, DAN]);

    await at("2026-11-30T00:00:00Z");
    await at("2026-11-30T08:00:00Z");
    await at("2026-11-30T09:00:00Z");
    await at("2026-11-30T12:00:00Z");
    await at("2026-12-01T00:00:00Z");
    await at("2026-12-01T08:00:00Z");
    await at("2026-12-01T12:00:00Z");

    // Everyone reachable was prompted each day.
    expect(dmsTo(AIKO)).toHaveLength(2);
    expect(dmsTo(DAN).filter((c) => text(c.args).includes("Time for your"))).toHaveLength(2);
    expect(t.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === ZED)).toHaveLength(0);
    const notices = dmsTo(OWNER).filter((c) => text(c.args).includes("I can't prompt"));
    expect(notices.filter((c) => text(c.args).includes("Zed"))).toHaveLength(1);
    expect(text(notices.find((c) => text(c.args).includes("Zed"))?.args)).toContain("deactivated");
    expect(notices.filter((c) => text(c.args).includes("Robo"))).toHaveLength(1);
    expect(notices).toHaveLength(2);
  });

  it("a person Slack won't let us DM (channel_not_found on the DM): the owner is told once; the others are prompted", async () => {
    const LEO = "U0LEO";
    t.fake.addUser({ id: LEO, name: "Leo", tz: "America/Los_Angeles" });
    await setUp({}, CHANNEL, [OWNER, LEO]);
    await at("2026-11-30T08:00:00Z");
    expect(dmsTo(OWNER)).toHaveLength(1);
    // 09:00 Los Angeles = 17:00Z: Slack refuses the DM.
    t.fake.failNext("chat.postMessage", "channel_not_found");
    await at("2026-11-30T17:00:00Z");
    expect(dmsTo(LEO)).toHaveLength(0);
    await at("2026-11-30T18:00:00Z"); // no reminder to someone never prompted
    await at("2026-11-30T21:00:00Z"); // close
    await at("2026-12-01T08:00:00Z");
    await at("2026-12-01T17:00:00Z");
    await at("2026-12-01T21:00:00Z");
    const notices = dmsTo(OWNER).filter((c) => text(c.args).includes("I can't prompt"));
    expect(notices).toHaveLength(1);
    expect(text(notices[0]?.args)).toContain("Leo");
    expect(text(notices[0]?.args)).toContain("direct messages");
    expect(dmsTo(OWNER).filter((c) => text(c.args).includes("Time for your"))).toHaveLength(2);
  });

  it("a report channel the bot is not in: the owner is told clearly, once; answers are kept", async () => {
    const OUT = "C0OUT";
    t.fake.addChannel({ id: OUT, name: "outside", botIsMember: false });
    await setUp({}, OUT, [AIKO, OWNER]);
    // Told at setup, not only when the first report fails hours later.
    expect(lastConfirmation).toContain("I'm not a member of that channel");
    expect(lastConfirmation).toContain("/invite @scrumbot");
    await at("2026-11-30T00:00:00Z");
    expect(dmsTo(AIKO)).toHaveLength(1);
    t.clock.set("2026-11-30T00:10:00Z");
    await answer(AIKO, ["a", "b", "none"]);
    await at("2026-11-30T08:00:00Z");
    await at("2026-11-30T09:00:00Z");
    await at("2026-11-30T12:00:00Z");
    await at("2026-12-01T00:00:00Z");
    await at("2026-12-01T08:00:00Z");
    await at("2026-12-01T12:00:00Z");
    const notices = dmsTo(OWNER).filter((c) => text(c.args).includes("couldn't post"));
    expect(notices).toHaveLength(1);
    expect(text(notices[0]?.args)).toContain("not a member");
    expect(text(notices[0]?.args)).toContain("/invite @scrumbot");
    expect(
      await t.db.db.selectFrom("standup_answers").where("team_id", "=", TEST_TEAM_ID).selectAll().execute(),
    ).toHaveLength(1);
    expect(dmsTo(OWNER).filter((c) => text(c.args).includes("Time for your"))).toHaveLength(2);
  });

  // A deactivated participant is never prompted, so the report doesn't expect them either
  // (it once listed them under "No answer" and counted "1 of 3 answered").
  it("a deactivated participant is not listed as a non-responder", async () => {
    const ZED = "U0ZED";
    t.fake.addUser({ id: ZED, name: "Zed", tz: "Europe/Berlin", deleted: true });
    await setUp({}, CHANNEL, [AIKO, OWNER, ZED]);
    await at("2026-11-30T00:00:00Z");
    t.clock.set("2026-11-30T00:10:00Z");
    await answer(AIKO, ["a", "b", "none"]);
    await at("2026-11-30T08:00:00Z");
    t.clock.set("2026-11-30T08:10:00Z");
    await answer(OWNER, ["c", "d", "none"]);
    await at("2026-11-30T12:00:00Z");
    const parentTs = String(channelPosts().find((c) => !c.args.thread_ts)?.response.ts);
    const final = text(t.fake.messagesIn(CHANNEL).find((m) => m.ts === parentTs)?.blocks);
    expect(final).toContain("Closed");
    expect(final).not.toMatch(/No answer \(\d+\)\*: Zed/);
    expect(final).toContain("2 of 2 answered");
  });

  it("the owner hears at once when a prompt can't be delivered (not at the day's close)", async () => {
    const LEO = "U0LEO";
    t.fake.addUser({ id: LEO, name: "Leo", tz: "America/Los_Angeles" });
    await setUp({}, CHANNEL, [OWNER, LEO]);
    await at("2026-11-30T08:00:00Z"); // Ben prompted, the report opens
    t.fake.failNext("chat.postMessage", "channel_not_found");
    await at("2026-11-30T17:00:00Z"); // 09:00 Los Angeles: Slack refuses Leo's DM; close is 21:00Z
    const notices = dmsTo(OWNER).filter((c) => text(c.args).includes("I can't prompt"));
    expect(notices).toHaveLength(1);
    expect(text(notices[0]?.args)).toContain("Leo");
  });

  it("after the bot is invited, the same day's report appears with the answers given meanwhile", async () => {
    const OUT = "C0OUT";
    const channel = t.fake.addChannel({ id: OUT, name: "outside", botIsMember: false });
    await setUp({}, OUT, [AIKO, OWNER]);
    await at("2026-11-30T00:00:00Z");
    t.clock.set("2026-11-30T00:10:00Z");
    await answer(AIKO, ["Shipped the login page", "b", "none"]);
    // The owner is told right away, not at the close.
    expect(dmsTo(OWNER).filter((c) => text(c.args).includes("couldn't post"))).toHaveLength(1);
    expect(t.fake.messagesIn(OUT)).toHaveLength(0);

    // The owner runs /invite @scrumbot: Slack sends member_joined_channel for the bot.
    channel.botIsMember = true;
    const res = await t.slack.event({
      type: "member_joined_channel",
      user: t.fake.botUserId,
      channel: OUT,
      channel_type: "C",
      team: "T0001",
      inviter: OWNER,
    });
    expect(res.status).toBe(200);
    await t.bot.settle();
    const posted = t.fake.messagesIn(OUT);
    const parent = posted.find((m) => !m.threadTs);
    expect(parent).toBeDefined();
    expect(text(parent?.blocks)).toMatch(/Answered \(1\)\*: Aiko/);
    const reply = posted.find((m) => m.threadTs === parent?.ts);
    expect(text(reply?.blocks)).toContain("Shipped the login page");

    // The rest of the day works as usual: Ben answers, the parent is updated in place.
    await at("2026-11-30T08:00:00Z");
    t.clock.set("2026-11-30T08:10:00Z");
    await answer(OWNER, ["c", "d", "none"]);
    await at("2026-11-30T12:00:00Z");
    const final = t.fake.messagesIn(OUT).find((m) => m.ts === parent?.ts);
    expect(text(final?.blocks)).toContain("Closed");
    expect(text(final?.blocks)).toContain("2 of 2 answered");
    expect(t.fake.messagesIn(OUT).filter((m) => !m.threadTs)).toHaveLength(1);
  });

  it("someone else joining the channel changes nothing", async () => {
    const OUT = "C0OUT";
    t.fake.addChannel({ id: OUT, name: "outside", botIsMember: false });
    await setUp({}, OUT, [AIKO, OWNER]);
    await at("2026-11-30T00:00:00Z");
    await t.slack.event({
      type: "member_joined_channel",
      user: DAN,
      channel: OUT,
      channel_type: "C",
      team: "T0001",
    });
    await t.bot.settle();
    expect(t.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === OUT)).toHaveLength(1); // the failed try
  });

  // Back after today's prompt time: today stays an away day (they were never prompted), so the
  // close doesn't list them as a non-responder or count it against their streak.
  it("back after today's prompt time is not listed as a non-responder today", async () => {
    await setUp({}, CHANNEL, [OWNER, DAN]);
    await command(DAN, "away 2026-11-27 2026-12-04");
    await at("2026-11-30T08:00:00Z");
    t.clock.set("2026-11-30T10:00:00Z");
    expect((await command(DAN, "back")).text).toContain("next standup");
    await at("2026-11-30T12:00:00Z");
    const parentTs = String(channelPosts().find((c) => !c.args.thread_ts)?.response.ts);
    const final = text(t.fake.messagesIn(CHANNEL).find((m) => m.ts === parentTs)?.blocks);
    expect(final).toContain("Closed");
    expect(final).not.toMatch(/No answer \(\d+\)\*: [^"]*Dan/);
  });
});

describe("answers are saved before the ack", () => {
  it("an edit submitted after the report closed is refused on the form; the saved answer is unchanged", async () => {
    await setUp();
    await at("2026-11-30T08:00:00Z"); // 09:00 Berlin: Ben is prompted
    await answer(OWNER, ["Reviews", "Payments", "none"]);
    // Ben opens the form again to edit, and leaves it open past the close (14:00Z New York prompt + 4 h).
    const before = t.fake.callsTo("views.open").length;
    await t.slack.command("/standup", "", { userId: OWNER, channelId: CHANNEL });
    const view = (await t.fake.waitForCount("views.open", before + 1)).at(-1)?.response.view as Record<
      string,
      unknown
    >;
    expect(text(view)).toContain("Editing your answer");
    await at("2026-11-30T18:00:00Z");
    const res = await t.slack.viewSubmission({
      userId: OWNER,
      view,
      values: fillModal(view, {
        [`${StandupIds.answerBlockPrefix}0`]: "Reviews and a late change",
        [`${StandupIds.answerBlockPrefix}1`]: "Payments",
        [`${StandupIds.answerBlockPrefix}2`]: "none",
      }),
    });
    expect(res.status).toBe(200);
    const body = res.json as { response_action?: string; errors?: Record<string, string> };
    expect(body.response_action).toBe("errors");
    expect(Object.values(body.errors ?? {}).join(" ")).toMatch(/closed/);
    await t.bot.settle();
    const rows = await t.db.db
      .selectFrom("standup_answers")
      .where("team_id", "=", TEST_TEAM_ID)
      .selectAll()
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.items).toContain("Reviews");
    expect(rows[0]?.items).not.toContain("late change");
    expect(rows[0]?.revision).toBe(1);
  });

  it("an acknowledged answer is already in the database when Slack gets the ack", async () => {
    await setUp();
    await at("2026-11-30T08:00:00Z");
    const before = t.fake.callsTo("views.open").length;
    await t.slack.command("/standup", "", { userId: OWNER, channelId: CHANNEL });
    const view = (await t.fake.waitForCount("views.open", before + 1)).at(-1)?.response.view as Record<
      string,
      unknown
    >;
    const res = await t.slack.viewSubmission({
      userId: OWNER,
      view,
      values: fillModal(view, {
        [`${StandupIds.answerBlockPrefix}0`]: "Reviews",
        [`${StandupIds.answerBlockPrefix}1`]: "Payments",
        [`${StandupIds.answerBlockPrefix}2`]: "none",
      }),
    });
    expect(res.body).toBe("");
    // No settle(): the row must exist as soon as the ack arrives.
    const rows = await t.db.db
      .selectFrom("standup_answers")
      .where("team_id", "=", TEST_TEAM_ID)
      .select(["user_id"])
      .execute();
    expect(rows.map((r) => r.user_id)).toEqual([OWNER]);
  });
});
