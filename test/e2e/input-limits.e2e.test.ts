/**
 * Bad input at scale, end to end over signed HTTP: per-person rate limits on commands that post
 * or compute (refused privately, saying when to try again), length limits on stored text that had
 * none, and caps on retro cards per retro and standups per team (on the form, text kept).
 */
import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RequestBlocks, RetroIds, SprintIds, StandupIds } from "../../src/slack/ids.js";
import { startTestApp, TEST_TEAM_ID, type TestApp } from "../support/app-harness.js";
import { fillModal } from "../support/modal.js";
import { seedStory } from "../support/stories.js";

/** Rows in a table, as a number on both dialects (PostgreSQL's count(*) is a bigint string). */
async function countRows(table: "retro_cards" | "standups"): Promise<number> {
  const row = await t.db.db
    .selectFrom(table)
    .where("team_id", "=", TEST_TEAM_ID)
    .select((eb) => eb.fn.countAll().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const DEV = "U0DEV";
const OTHER = "U0OTHER";
const CHANNEL = "C0TEAM";

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp({ scheduling: { jobs: { timers: false } }, now: "2026-12-01T10:00:00Z" });
  t.fake.addUser({ id: DEV, name: "dev" });
  t.fake.addUser({ id: OTHER, name: "oli" });
  t.fake.addChannel({ id: CHANNEL, name: "team", botIsMember: true });
});
afterEach(() => t.stop());

/** Runs a command and returns the text of its first private answer. */
async function answer(userId: string, name: string, text: string): Promise<string> {
  const before = t.fake.responses.length;
  const res = await t.slack.command(name, text, { userId, channelId: CHANNEL });
  expect(res.status).toBe(200);
  const r = await t.fake.waitForResponse((x) => t.fake.responses.indexOf(x) >= before);
  expect((r.body as { response_type?: string }).response_type).toBe("ephemeral");
  return JSON.stringify(r.body);
}

type Errors = { response_action?: string; errors?: Record<string, string> };

async function openedView(trigger: () => Promise<unknown>, marker: string) {
  const before = t.fake.callsTo("views.open").length;
  await trigger();
  const calls = await t.fake.waitForCount("views.open", before + 1);
  const view = calls.slice(before).find((c) => JSON.stringify(c.args.view).includes(marker))?.args.view;
  if (!view) throw new Error(`no view with ${marker}`);
  return view as Record<string, unknown>;
}

describe("per-person rate limits", () => {
  it("/poker: 10 per 10 minutes per person, then a private refusal saying when; others unaffected", async () => {
    for (let i = 0; i < 10; i++)
      expect(await answer(DEV, "/poker", "999")).toContain("couldn't find story #999");
    t.clock.advance(4 * 60_000);
    const refused = await answer(DEV, "/poker", "999");
    expect(refused).toContain(
      "You have used `/poker` 10 times in the last 10 minutes, the most one person may. Try again in 6 minutes.",
    );
    expect(await answer(OTHER, "/poker", "999")).toContain("couldn't find story #999");
    t.clock.advance(6 * 60_000);
    expect(await answer(DEV, "/poker", "999")).toContain("couldn't find story #999");
  });

  it("/forecast: 20 per 10 minutes per person", async () => {
    for (let i = 0; i < 20; i++) expect(await answer(DEV, "/forecast", "999")).not.toContain("Try again");
    expect(await answer(DEV, "/forecast", "999")).toContain("You have used `/forecast` 20 times");
  });

  it("/digest send: 3 per hour per person", async () => {
    for (let i = 0; i < 3; i++) expect(await answer(DEV, "/digest", "send")).not.toContain("Try again");
    expect(await answer(DEV, "/digest", "send")).toMatch(
      /You have used `\/digest send` 3 times in the last 1 hour, the most one person may\. Try again in 1 hour\./,
    );
  });

  it("/request: 5 requests per 10 minutes per person; the 6th stays on the form with its text", async () => {
    const submit = async () => {
      const view = await openedView(
        () => t.slack.command("/request", "Export to CSV", { userId: DEV, channelId: CHANNEL }),
        RequestBlocks.why,
      );
      const values = fillModal(view, {
        [RequestBlocks.why]: "the auditors need it",
        [RequestBlocks.whoAsks]: "Finance",
        [RequestBlocks.urgency]: "urgent",
      });
      return t.slack.viewSubmission({ userId: DEV, view, values });
    };
    for (let i = 0; i < 5; i++) expect((await submit()).body).toBe("");
    const refused = (await submit()).json as Errors;
    expect(refused.response_action).toBe("errors");
    expect(refused.errors?.[RequestBlocks.what]).toMatch(
      /You have used requests 5 times .* Try again in 10 minutes\./,
    );
    expect(
      await t.db.db.selectFrom("requests").where("team_id", "=", TEST_TEAM_ID).selectAll().execute(),
    ).toHaveLength(5);
  });
});

describe("length limits on stored text", () => {
  it("refuses a too long not-done reason and review feedback on their forms", async () => {
    const start = await openedView(
      () => t.slack.command("/sprint", "start Sprint 1", { userId: DEV, channelId: CHANNEL }),
      SprintIds.goalBlock,
    );
    const values = fillModal(start, { [SprintIds.goalBlock]: "Pay by card" });
    expect((await t.slack.viewSubmission({ userId: DEV, view: start, values })).body).toBe("");
    const story = await seedStory(t, DEV, "Checkout", 3);
    const before = t.fake.responses.length;
    await t.slack.blockAction({
      userId: DEV,
      channelId: CHANNEL,
      actions: [{ action_id: SprintIds.add, block_id: "b", value: String(story.number) }],
    });
    await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before);

    const note = await openedView(
      () =>
        t.slack.blockAction({
          userId: DEV,
          channelId: CHANNEL,
          actions: [{ action_id: SprintIds.note, block_id: "b", value: String(story.number) }],
        }),
      SprintIds.noteModal,
    );
    const tooLong = (
      await t.slack.viewSubmission({
        userId: DEV,
        view: note,
        values: fillModal(note, { [SprintIds.reasonBlock]: "r".repeat(301) }),
      })
    ).json as Errors;
    expect(tooLong.errors).toEqual({ [SprintIds.reasonBlock]: "Keep the reason under 300 characters." });

    const feedback = await openedView(
      () =>
        t.slack.blockAction({
          userId: OTHER,
          channelId: CHANNEL,
          actions: [{ action_id: SprintIds.giveFeedback, block_id: "b", value: "1" }],
        }),
      SprintIds.feedbackModal,
    );
    const long = (
      await t.slack.viewSubmission({
        userId: OTHER,
        view: feedback,
        values: fillModal(feedback, { [SprintIds.feedbackBlock]: "f".repeat(5000) }),
      })
    ).json as Errors;
    expect(long.errors?.[SprintIds.feedbackBlock]).toBe(
      "Keep your feedback under 1000 characters (it has 5000).",
    );
    expect(
      await t.db.db.selectFrom("review_feedback").where("team_id", "=", TEST_TEAM_ID).selectAll().execute(),
    ).toEqual([]);
    expect(
      await t.db.db.selectFrom("requests").where("team_id", "=", TEST_TEAM_ID).selectAll().execute(),
    ).toEqual([]);
  });
});

describe("caps on what one team may create", () => {
  it("takes at most 200 cards per retro", async () => {
    const addCard = async (text: string) => {
      const view = await openedView(
        () => t.slack.command("/retro", "", { userId: DEV, channelId: CHANNEL }),
        RetroIds.textBlock,
      );
      const values = fillModal(view, { [RetroIds.categoryBlock]: "well", [RetroIds.textBlock]: text });
      return (await t.slack.viewSubmission({ userId: DEV, view, values })).json as Errors;
    };
    expect((await addCard("first")).response_action).toBe("update");
    const { id: _id, ...card } = await t.db.db
      .selectFrom("retro_cards")
      .selectAll()
      .where("team_id", "=", TEST_TEAM_ID)
      .executeTakeFirstOrThrow();
    for (let i = 0; i < 199; i++) {
      const publicId = randomBytes(8).toString("hex");
      await t.db.db
        .insertInto("retro_cards")
        .values({ ...card, public_id: publicId })
        .execute();
    }
    const refused = await addCard("one too many");
    expect(refused.errors?.[RetroIds.textBlock]).toMatch(/already has 200 cards/);
    expect(await countRows("retro_cards")).toBe(200);
  });

  it("takes at most 50 standups per team", async () => {
    const form = async () =>
      openedView(
        () => t.slack.command("/standup", "setup", { userId: DEV, channelId: CHANNEL }),
        StandupIds.nameBlock,
      );
    const fill = (view: Record<string, unknown>) =>
      fillModal(view, {
        [StandupIds.nameBlock]: "Squad",
        [StandupIds.channelBlock]: CHANNEL,
        [StandupIds.participantsBlock]: [DEV],
        [StandupIds.timeBlock]: "09:00",
      });
    const first = await form();
    expect((await t.slack.viewSubmission({ userId: DEV, view: first, values: fill(first) })).body).toBe("");
    await t.fake.waitFor("chat.postMessage", (c) => c.args.channel === DEV);
    const { id: _id, ...standup } = await t.db.db
      .selectFrom("standups")
      .selectAll()
      .where("team_id", "=", TEST_TEAM_ID)
      .executeTakeFirstOrThrow();
    for (let i = 0; i < 49; i++) await t.db.db.insertInto("standups").values(standup).execute();

    const next = await form();
    const refused = (await t.slack.viewSubmission({ userId: DEV, view: next, values: fill(next) }))
      .json as Errors;
    expect(refused.errors?.[StandupIds.nameBlock]).toMatch(/already has 50 standups/);
    expect(await countRows("standups")).toBe(50);
  });
});
