/**
 * The listener paths that used to skip the role check, end to end over signed HTTP (real app,
 * real SQLite, fake Slack): each is allowed exactly to the roles of the permission table and
 * refused privately, naming who can. The whole table is walked in
 * test/unit/services/access.table.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PokerIds, RetroIds, SprintIds, StandupIds } from "../../src/slack/ids.js";
import { startTestApp, TEST_TEAM_ID, type TestApp } from "../support/app-harness.js";
import { fillModal } from "../support/modal.js";
import { grantRole } from "../support/roles.js";
import { seedStory } from "../support/stories.js";

const DEV = "U0DEV"; // team member (the default role)
const VIEWER = "U0VIEW";
const CHANNEL = "C0TEAM";

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp({ scheduling: { jobs: { timers: false } }, now: "2026-12-01T10:00:00Z" });
  t.fake.addUser({ id: DEV, name: "dev" });
  t.fake.addUser({ id: VIEWER, name: "vic" });
  t.fake.addChannel({ id: CHANNEL, name: "team", botIsMember: true });
  await grantRole(t.db.db, VIEWER, "viewer");
});
afterEach(() => t.stop());

/** Sends a command and waits for a response_url answer containing `needle`. */
async function commandAnswer(userId: string, name: string, text: string, needle: string) {
  const before = t.fake.responses.length;
  await t.slack.command(name, text, { userId, channelId: CHANNEL });
  const r = await t.fake.waitForResponse(
    (x) => t.fake.responses.indexOf(x) >= before && JSON.stringify(x.body).includes(needle),
  );
  return r.body as { response_type?: string; text?: string };
}

describe("standup creation needs standup.create", () => {
  it("refuses a viewer's /standup setup privately and opens the form for a member", async () => {
    const refused = await commandAnswer(VIEWER, "/standup", "setup", "Only");
    expect(refused.response_type).toBe("ephemeral");
    expect(refused.text).toContain("Only product owners, admins and team members can create standups");
    expect(t.fake.callsTo("views.open")).toHaveLength(0);

    await t.slack.command("/standup", "setup", { userId: DEV, channelId: CHANNEL });
    await t.fake.waitFor("views.open");
  });

  it("refuses a viewer's submitted form on the form itself and stores nothing", async () => {
    await t.slack.command("/standup", "setup", { userId: DEV, channelId: CHANNEL });
    const view = (await t.fake.waitFor("views.open")).response.view as Record<string, unknown>;
    const values = fillModal(view, {
      [StandupIds.nameBlock]: "Squad",
      [StandupIds.channelBlock]: CHANNEL,
      [StandupIds.participantsBlock]: [VIEWER],
      [StandupIds.timeBlock]: "09:00",
    });
    const res = await t.slack.viewSubmission({ userId: VIEWER, view, values });
    const body = res.json as { response_action?: string; errors?: Record<string, string> };
    expect(body.response_action).toBe("errors");
    expect(Object.values(body.errors ?? {}).join()).toContain("can create standups");
    expect(
      await t.db.db.selectFrom("standups").where("team_id", "=", TEST_TEAM_ID).selectAll().execute(),
    ).toEqual([]);

    const ok = await t.slack.viewSubmission({ userId: DEV, view, values });
    expect(ok.body).toBe("");
    await t.fake.waitFor("chat.postMessage", (c) => c.args.channel === DEV);
    expect(
      await t.db.db.selectFrom("standups").where("team_id", "=", TEST_TEAM_ID).selectAll().execute(),
    ).toHaveLength(1);
  });
});

describe("retro dot votes need retro.vote", () => {
  it("refuses a viewer's dot privately and counts a member's", async () => {
    await t.slack.command("/retro", "", { userId: DEV, channelId: CHANNEL });
    const view = (await t.fake.waitFor("views.open")).args.view as Record<string, unknown>;
    await t.slack.viewSubmission({
      userId: DEV,
      view,
      values: fillModal(view, { [RetroIds.categoryBlock]: "well", [RetroIds.textBlock]: "Pairing" }),
    });
    await t.slack.command("/retro", "reveal", { userId: DEV, channelId: CHANNEL });
    const post = await t.fake.waitFor("chat.postMessage");
    const ts = String((post.response as { ts?: string }).ts);
    const value = JSON.stringify(post.args.blocks).match(
      new RegExp(
        `"action_id":"${RetroIds.vote}","value":"([^"]+)"|"value":"([^"]+)","action_id":"${RetroIds.vote}"`,
      ),
    );
    const card = value?.[1] ?? value?.[2] ?? "";
    expect(card).not.toBe("");

    const click = async (userId: string, needle: string) => {
      const before = t.fake.responses.length;
      await t.slack.blockAction({
        userId,
        channelId: CHANNEL,
        message: { ts },
        actions: [{ action_id: RetroIds.vote, block_id: "b", value: card }],
      });
      return t.fake.waitForResponse(
        (r) => t.fake.responses.indexOf(r) >= before && JSON.stringify(r.body).includes(needle),
      );
    };
    const refused = await click(VIEWER, "Only");
    expect(JSON.stringify(refused.body)).toContain(
      "Only product owners, admins and team members can vote in retros",
    );
    expect(JSON.stringify(refused.body)).toContain("ephemeral");
    expect(
      await t.db.db.selectFrom("retro_votes").where("team_id", "=", TEST_TEAM_ID).selectAll().execute(),
    ).toEqual([]);

    await click(DEV, "Dot placed");
    expect(
      await t.db.db.selectFrom("retro_votes").where("team_id", "=", TEST_TEAM_ID).selectAll().execute(),
    ).toHaveLength(1);
  });
});

describe("poker controls need the facilitator to still hold poker.facilitate", () => {
  it("refuses reveal and cancel once the facilitator's role is lowered to viewer", async () => {
    const story = await seedStory(t, DEV, "Import CSV");
    await t.slack.command("/poker", String(story.number), { userId: DEV, channelId: CHANNEL });
    await t.fake.waitFor("chat.postMessage");
    const session = await t.db.db
      .selectFrom("poker_sessions")
      .where("team_id", "=", TEST_TEAM_ID)
      .select(["id", "state"])
      .executeTakeFirstOrThrow();
    await grantRole(t.db.db, DEV, "viewer");

    for (const actionId of [PokerIds.reveal, PokerIds.cancel]) {
      const before = t.fake.responses.length;
      await t.slack.blockAction({
        userId: DEV,
        channelId: CHANNEL,
        message: { ts: "1.0" },
        actions: [
          { action_id: actionId, block_id: `poker_actions_${session.id}`, value: String(session.id) },
        ],
      });
      const refused = await t.fake.waitForResponse(
        (r) => t.fake.responses.indexOf(r) >= before && JSON.stringify(r.body).includes("Only"),
      );
      expect(JSON.stringify(refused.body)).toContain("can reveal, re-vote or cancel a poker session");
    }
    const after = await t.db.db
      .selectFrom("poker_sessions")
      .where("team_id", "=", TEST_TEAM_ID)
      .select("state")
      .executeTakeFirstOrThrow();
    expect(after.state).toBe("voting");
  });
});

describe("/refine and /sprint post in the channel only for refine.post / sprint.post", () => {
  it("gives a viewer the agenda privately with the refusal, and posts it for a member", async () => {
    await seedStory(t, DEV, "Vague");
    const refused = await commandAnswer(VIEWER, "/refine", "", "Only");
    expect(refused.text).toContain(
      "Only product owners, admins and team members can post the refinement agenda",
    );
    expect(JSON.stringify(t.fake.responses.map((r) => r.body))).toContain("Vague");
    expect(t.fake.callsTo("chat.postMessage")).toHaveLength(0);

    await t.slack.command("/refine", "", { userId: DEV, channelId: CHANNEL });
    const posted = await t.fake.waitFor("chat.postMessage");
    expect(posted.args.channel).toBe(CHANNEL);
  });

  it("shows a viewer the sprint's progress privately without posting the burndown chart", async () => {
    await t.slack.command("/sprint", "start Sprint 1", { userId: DEV, channelId: CHANNEL });
    const view = (await t.fake.waitFor("views.open")).args.view as Record<string, unknown>;
    const values = fillModal(view, { [SprintIds.goalBlock]: "Pay by card" });
    expect((await t.slack.viewSubmission({ userId: DEV, view, values })).body).toBe("");
    await t.fake.waitFor("chat.postMessage", (c) => c.args.channel === CHANNEL);

    // /sprint is private for everyone; the viewer's Share in channel is what is refused.
    await commandAnswer(VIEWER, "/sprint", "", "Pay by card");
    const before = t.fake.responses.length;
    await t.slack.blockAction({
      userId: VIEWER,
      channelId: CHANNEL,
      actions: [{ action_id: SprintIds.share, block_id: "b", value: "share" }],
    });
    const refused = await t.fake.waitForResponse(
      (x) => t.fake.responses.indexOf(x) >= before && JSON.stringify(x.body).includes("Only"),
    );
    expect(JSON.stringify(refused.body)).toContain(
      "Only product owners, admins and team members can post the burndown chart in a channel",
    );
    await t.bot.settle();
    expect(
      t.fake.callsTo("files.completeUploadExternal").filter((c) => c.args.channel_id === CHANNEL),
    ).toHaveLength(0);

    await t.slack.command("/sprint", "", { userId: DEV, channelId: CHANNEL });
    await t.slack.blockAction({
      userId: DEV,
      channelId: CHANNEL,
      actions: [{ action_id: SprintIds.share, block_id: "b", value: "share" }],
    });
    await t.fake.waitFor("files.completeUploadExternal", (c) => c.args.channel_id === CHANNEL);
  });
});
