/**
 * Sprints end to end over HTTP: /sprint start (modal) → /sprint plan (add ready items against
 * velocity) → item status buttons → /sprint with the burndown PNG uploaded → the review posted
 * at the scheduled instant (goal confirmation, feedback → triage request) → /sprint close with
 * per-item carry-over → velocity recorded → the next sprint picks up what was carried.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUnitOfWork } from "../../src/db/unit-of-work.js";
import type { StoryPoints } from "../../src/domain/story.js";
import { createStoryService } from "../../src/services/story.service.js";
import { DigestIds, SprintIds } from "../../src/slack/ids.js";
import { startTestApp, type TestApp } from "../support/app-harness.js";
import { validateMessageBlocks } from "../support/block-kit-limits.js";
import { fillModal } from "../support/modal.js";
import { commandReply } from "../support/replies.js";
import { grantRole } from "../support/roles.js";

const PO = "U0PO";
const DEV = "U0DEV";
const CHANNEL = "C0TEAM";
let t: TestApp;

beforeEach(async () => {
  t = await startTestApp({ scheduling: { jobs: { timers: false } } });
  t.fake.addUser({ id: PO, name: "pat" });
  t.fake.addUser({ id: DEV, name: "dev" });
  t.fake.addChannel({ id: CHANNEL, name: "team", botIsMember: true });
  await grantRole(t.db.db, PO, "product_owner", PO);
});
afterEach(() => t.stop());

async function seed(title: string, estimate: StoryPoints | null, ready = true) {
  const service = createStoryService({ uow: createUnitOfWork(t.db.db), clock: t.clock });
  const entry = await service.createStory({
    teamId: "T0001",
    userId: PO,
    draft: {
      title,
      persona: ready ? "customer" : "",
      want: "pay by card",
      benefit: "I finish faster",
      acceptanceCriteria: ["card accepted"],
      estimate,
      priority: "medium",
      labels: [],
    },
  });
  return entry.story;
}

async function command(text: string, user = PO) {
  return { body: (await commandReply(t, user, "/sprint", text, CHANNEL)).body as Record<string, unknown> };
}

async function click(actionId: string, value: string, extra: Record<string, unknown> = {}, user = PO) {
  const before = t.fake.responses.length;
  const res = await t.slack.blockAction({
    userId: user,
    channelId: CHANNEL,
    actions: [{ action_id: actionId, block_id: "b", value }],
    ...extra,
  });
  expect(res.status).toBe(200);
  return t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before);
}

async function startSprint(name: string) {
  await t.slack.command("/sprint", `start ${name}`, { userId: PO, channelId: CHANNEL });
  const view = (await t.fake.waitFor("views.open", (c) => JSON.stringify(c.args.view).includes(name))).args
    .view as Record<string, unknown>;
  return {
    view,
    submit: (answers: Record<string, string>) =>
      t.slack.viewSubmission({ userId: PO, view, values: fillModal(view, answers) }),
  };
}

describe("sprints", () => {
  it("runs a sprint: start, plan, statuses, burndown, review at the scheduled instant, close with carry-over", async () => {
    const a = await seed("Checkout", 5);
    const b = await seed("Receipts", 3);
    const c = await seed("Refunds", 2);
    const notReady = await seed("Vague idea", null, false);

    // Start: the goal is required.
    const { view, submit } = await startSprint("Sprint 1");
    const defaults = JSON.stringify(view);
    expect(defaults).toContain("2026-11-28"); // today
    expect(defaults).toContain("2026-12-11"); // two weeks
    const missingGoal = await submit({ [SprintIds.goalBlock]: "" });
    expect((missingGoal.json as { errors: Record<string, string> }).errors[SprintIds.goalBlock]).toMatch(
      /goal/,
    );
    const ok = await submit({
      [SprintIds.goalBlock]: "Customers can pay by card",
      [SprintIds.dodBlock]: "Reviewed, tested",
    });
    expect(ok.body).toBe("");
    const started = await t.fake.waitFor("chat.postMessage", (x) => x.args.channel === CHANNEL);
    expect(JSON.stringify(started.args.blocks)).toContain("Customers can pay by card");

    // Plan: ready items in backlog order with Add buttons; the unready one says what is missing.
    const plan = await command("plan");
    const planText = JSON.stringify(plan.body);
    expect(planText).toContain("no finished sprints yet");
    expect(planText.indexOf("Checkout")).toBeLessThan(planText.indexOf("Receipts"));
    expect(planText).toContain(`Not ready: #${notReady.number}`);
    expect(planText).toContain("not estimated");
    for (const s of [a, b, c]) await click(SprintIds.add, String(s.number));
    const refusal = await click(SprintIds.add, String(notReady.number));
    expect(JSON.stringify(refusal.body)).toContain("isn't ready");
    const items = await t.db.db.selectFrom("sprint_items").select("story_id").execute();
    expect(items.map((i) => i.story_id).sort()).toEqual([a.id, b.id, c.id].sort());

    // Day 3: a is done, b in progress.
    t.clock.set("2026-11-30T12:00:00Z");
    const done = await click(`${SprintIds.status}_done`, `${a.number}:done`, {}, DEV);
    expect(JSON.stringify(done.body)).toContain("5 pts · *remaining:* 5 pts");
    await click(`${SprintIds.status}_in_progress`, `${b.number}:in_progress`, {}, DEV);
    const story = await t.db.db
      .selectFrom("stories")
      .select("status")
      .where("id", "=", a.id)
      .executeTakeFirstOrThrow();
    expect(story.status).toBe("done");

    // /sprint: progress privately, the burndown as a PNG in the person's DM, nothing in the channel.
    t.clock.set("2026-12-01T09:00:00Z");
    const channelBefore = t.fake.messagesIn(CHANNEL).length;
    const progress = await command("");
    const progressText = JSON.stringify(progress.body);
    expect(progressText).toContain("Customers can pay by card");
    expect(progressText).toContain("*Days left:* 11 of 14");
    expect(progress.body.response_type).not.toBe("in_channel");
    expect(progressText).toContain(SprintIds.share);
    expect(validateMessageBlocks((progress.body as { blocks: unknown[] }).blocks)).toEqual([]);
    const complete = await t.fake.waitFor("files.completeUploadExternal");
    expect(complete.response.ok).toBe(true);
    expect(String(complete.args.channel_id)).toMatch(/^D/);
    const fileId = String((complete.args.files as { id: string }[])[0]?.id);
    const bytes = t.fake.file(fileId)?.bytes;
    expect(bytes?.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(bytes?.length).toBeGreaterThan(1000);
    expect(t.fake.file(fileId)?.channels).not.toContain(CHANNEL);
    expect(t.fake.messagesIn(CHANNEL)).toHaveLength(channelBefore);

    // Share in channel: only now the progress and chart reach the channel.
    const shared = await click(SprintIds.share, "share");
    expect(JSON.stringify(shared.body)).toContain("Shared the progress and burndown chart");
    const inChannel = await t.fake.waitFor(
      "files.completeUploadExternal",
      (c) => c.args.channel_id === CHANNEL,
    );
    expect(inChannel.response.ok).toBe(true);
    const post = t.fake.messagesIn(CHANNEL).at(-1);
    expect(post?.text).toContain("Customers can pay by card");
    expect(post?.text).toContain("11 days left");

    // A reason for the unfinished one, for the review.
    await t.slack.blockAction({
      userId: DEV,
      channelId: CHANNEL,
      actions: [{ action_id: SprintIds.note, block_id: "b", value: String(c.number) }],
    });
    const noteView = (
      await t.fake.waitFor("views.open", (x) => JSON.stringify(x.args.view).includes(SprintIds.noteModal))
    ).args.view as Record<string, unknown>;
    await t.slack.viewSubmission({
      userId: DEV,
      view: noteView,
      values: fillModal(noteView, { [SprintIds.reasonBlock]: "blocked by the bank" }),
    });

    // The review is posted at 15:00 on the last day (team zone UTC here), not before.
    t.clock.set("2026-12-11T14:59:00Z");
    await t.bot.jobs.tick(new Date("2026-12-11T14:59:00Z"));
    await t.bot.jobs.drain();
    expect(t.fake.messagesIn(CHANNEL).some((m) => m.text.startsWith("Sprint review"))).toBe(false);
    t.clock.set("2026-12-11T15:00:00Z");
    await t.bot.jobs.tick(new Date("2026-12-11T15:00:00Z"));
    await t.bot.jobs.drain();
    const review = t.fake.messagesIn(CHANNEL).find((m) => m.text.startsWith("Sprint review"));
    expect(review).toBeDefined();
    const reviewText = JSON.stringify(review?.blocks);
    expect(reviewText).toContain("Checkout");
    expect(reviewText).toContain("blocked by the bank");
    expect(reviewText).toContain("No earlier sprints");
    expect(validateMessageBlocks(review?.blocks ?? [])).toEqual([]);

    // A developer can't confirm the goal; the PO can.
    const denied = await click(SprintIds.goalMet, "1", { message: { ts: review?.ts } }, DEV);
    expect(JSON.stringify(denied.body)).toMatch(/product owner|admin/i);
    const confirmed = await click(SprintIds.goalMet, "1", { message: { ts: review?.ts } });
    expect(JSON.stringify(confirmed.body)).toContain("Goal met");

    // Stakeholder feedback becomes a triage request linked to the review.
    await t.slack.blockAction({
      userId: "U0STAKE",
      channelId: CHANNEL,
      message: { ts: review?.ts },
      actions: [{ action_id: SprintIds.giveFeedback, block_id: "b", value: "1" }],
    });
    const fbView = (
      await t.fake.waitFor("views.open", (x) => JSON.stringify(x.args.view).includes(SprintIds.feedbackModal))
    ).args.view as Record<string, unknown>;
    const fb = await t.slack.viewSubmission({
      userId: "U0STAKE",
      view: fbView,
      values: fillModal(fbView, { [SprintIds.feedbackBlock]: "Show the card brand" }),
    });
    expect(fb.body).toBe("");
    const request = await t.db.db.selectFrom("requests").selectAll().executeTakeFirstOrThrow();
    expect(request).toMatchObject({ what: "Show the card brand", requester_id: "U0STAKE", status: "open" });
    const link = await t.db.db.selectFrom("review_feedback").selectAll().executeTakeFirstOrThrow();
    expect(link).toMatchObject({ sprint_id: 1, request_id: request.id, text: "Show the card brand" });

    // Close: b goes to the next sprint, c back to the top of the backlog.
    const closeMsg = await command("close");
    expect(JSON.stringify(closeMsg.body)).toContain("2 unfinished");
    const values = {
      [`${SprintIds.carry}_${b.id}`]: {
        [SprintIds.carry]: { type: "static_select", selected_option: { value: "next_sprint" } },
      },
      [`${SprintIds.carry}_${c.id}`]: {
        [SprintIds.carry]: { type: "static_select", selected_option: { value: "backlog" } },
      },
    };
    const closed = await click(SprintIds.close, "1", { values });
    expect(JSON.stringify(closed.body)).toContain("Velocity recorded: *5 pts*");
    const sprint = await t.db.db
      .selectFrom("sprints")
      .selectAll()
      .where("id", "=", 1)
      .executeTakeFirstOrThrow();
    expect(sprint).toMatchObject({ state: "closed", completed_points: 5, name: "Sprint 1", goal_met: 1 });
    const order = await t.db.db
      .selectFrom("stories")
      .select("id")
      .where("archived_at", "is", null)
      .orderBy("rank")
      .execute();
    expect(order[0]?.id).toBe(c.id); // top of the backlog
    const moved = await t.db.db
      .selectFrom("backlog_events")
      .selectAll()
      .where("kind", "=", "moved")
      .execute();
    expect(moved.map((e) => e.story_id)).toEqual([c.id]);

    // The next sprint starts with b and shows the velocity.
    const next = await startSprint("Sprint 2");
    expect(JSON.stringify(next.view)).toContain("Reviewed, tested"); // the Definition of Done carries over
    await next.submit({ [SprintIds.goalBlock]: "Refund by card" });
    await t.fake.waitFor("chat.postMessage", (x) => JSON.stringify(x.args.blocks).includes("carried over"));
    const plan2 = JSON.stringify((await command("plan")).body);
    expect(plan2).toContain("*Velocity:* 5 pts");
    expect(plan2).toContain("Receipts");
    const items2 = await t.db.db
      .selectFrom("sprint_items")
      .select("story_id")
      .where("sprint_id", "=", 2)
      .execute();
    expect(items2.map((i) => i.story_id)).toEqual([b.id]);
  });

  it("ends on the team's last working day, reviews on a working day, and burns down flat over the weekend", async () => {
    // Started on Monday 30 Nov with the default Monday–Friday week.
    t.clock.set("2026-11-30T09:00:00Z");
    await seed("Checkout", 8);
    const { view, submit } = await startSprint("Sprint W");
    const ends = (view.blocks as { block_id?: string; element?: { initial_date?: string } }[]).find(
      (b) => b.block_id === SprintIds.endsBlock,
    );
    expect(ends?.element?.initial_date).toBe("2026-12-11"); // Friday of week two, not Sunday 13
    expect(JSON.stringify(view)).toContain("last working day");

    // The PO picks Sunday anyway: the review is still held on Friday at 15:00, never on Sunday.
    expect(
      (await submit({ [SprintIds.goalBlock]: "Pay by card", [SprintIds.endsBlock]: "2026-12-13" })).body,
    ).toBe("");
    const started = await t.fake.waitFor("chat.postMessage", (x) => x.args.channel === CHANNEL);
    expect(JSON.stringify(started.args.blocks)).toContain("Mon 30 Nov → Sun 13 Dec");
    await command("plan");
    await click(SprintIds.add, "1");
    for (const at of ["2026-12-11T14:59:00Z", "2026-12-11T15:00:00Z"]) {
      t.clock.set(at);
      await t.bot.jobs.tick(new Date(at));
      await t.bot.jobs.drain();
    }
    const reviews = () => t.fake.messagesIn(CHANNEL).filter((m) => m.text.startsWith("Sprint review"));
    expect(reviews()).toHaveLength(1);
    t.clock.set("2026-12-13T15:00:00Z");
    await t.bot.jobs.tick(new Date("2026-12-13T15:00:00Z"));
    await t.bot.jobs.drain();
    expect(reviews()).toHaveLength(1);

    // The ideal line stays level from Friday to Sunday (8 pts over 9 working days after day one).
    const idealOn = async (at: string) => {
      t.clock.set(at);
      const before = t.fake.callsTo("files.completeUploadExternal").length;
      await command("");
      const calls = await t.fake.waitForCount("files.completeUploadExternal", before + 1);
      return String(calls[before]?.args.initial_comment);
    };
    const friday = await idealOn("2026-12-04T12:00:00Z");
    expect(friday).toContain("ideal by Fri 4 Dec: 4.4 remaining");
    expect(await idealOn("2026-12-06T12:00:00Z")).toContain("ideal by Sun 6 Dec: 4.4 remaining");
    expect(await idealOn("2026-12-07T12:00:00Z")).toContain("ideal by Mon 7 Dec: 3.6 remaining");
  });

  it("tells stakeholders in plain words: items not points in the digest, the review in the digest channel", async () => {
    const STAKE_CHANNEL = "C0STAKE";
    t.fake.addChannel({ id: STAKE_CHANNEL, name: "stakeholders", botIsMember: true });
    await t.slack.command("/digest", "setup", { userId: PO, channelId: STAKE_CHANNEL });
    const setup = await t.fake.waitFor("views.open");
    const setupView = (setup.response.view ?? setup.args.view) as Record<string, unknown>;
    const saved = await t.slack.viewSubmission({
      userId: PO,
      view: setupView,
      values: fillModal(setupView, {
        [DigestIds.channelsBlock]: [STAKE_CHANNEL],
        [DigestIds.daysBlock]: ["1"],
        [DigestIds.timeBlock]: "09:00",
        [DigestIds.timeZoneBlock]: "UTC",
        [DigestIds.topNBlock]: "5",
      }),
    });
    expect(saved.body).toBe("");
    const a = await seed("Checkout", 5);
    const b = await seed("Receipts", 3);
    const { submit } = await startSprint("Sprint 4");
    await submit({ [SprintIds.goalBlock]: "Customers can pay by card" });
    await command("plan");
    for (const s of [a, b]) await click(SprintIds.add, String(s.number));
    await click(`${SprintIds.status}_done`, `${a.number}:done`, {}, DEV);

    // The digest: "1 of 2 items done", no story points, emoji only on headers, a true link text.
    const before = t.fake.responses.length;
    await t.slack.command("/digest", "preview", { userId: PO, channelId: STAKE_CHANNEL });
    const preview = (await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before)).body as {
      blocks: { type: string; text?: { text: string }; elements?: { text: string }[] }[];
    };
    const text = JSON.stringify(preview.blocks);
    expect(text).toContain("1 of 2 items done");
    expect(text).not.toMatch(/\bpoints? done/);
    expect(text).not.toContain("whole backlog");
    const bodyTexts = preview.blocks
      .filter((b) => b.type !== "header")
      .flatMap((b) => [b.text?.text ?? "", ...(b.elements ?? []).map((e) => e.text)]);
    expect(bodyTexts.filter((x) => /[📅👉↕🏃📋]/u.test(x))).toEqual([]);

    // The review: the team's channel gets the full one; stakeholders get plain words, once.
    for (const at of ["2026-12-11T15:00:00Z"]) {
      t.clock.set(at);
      await t.bot.jobs.tick(new Date(at));
      await t.bot.jobs.drain();
      await t.bot.outbox.drain();
    }
    const stakeholders = t.fake.messagesIn(STAKE_CHANNEL).filter((m) => m.text.includes("Sprint 4 ended"));
    expect(stakeholders).toHaveLength(1);
    const summary = JSON.stringify(stakeholders[0]?.blocks);
    expect(summary).toContain("1 of 2 items done");
    expect(summary).toContain("#2 Receipts");
    expect(summary).not.toMatch(/no reason given|velocity|\bpts\b|\bpoints?\b/i);
    const team = t.fake.messagesIn(CHANNEL).find((m) => m.text.startsWith("Sprint review"));
    expect(JSON.stringify(team?.blocks)).not.toContain("no reason given");
  });

  it("refuses /sprint start to people who can't manage sprints, and a second running sprint", async () => {
    const { submit } = await startSprint("Solo");
    await submit({ [SprintIds.goalBlock]: "First" });
    await t.fake.waitFor("chat.postMessage");
    const again = await startSprint("Again");
    const res = await again.submit({ [SprintIds.goalBlock]: "Second" });
    expect(res.status).toBe(200);
    const errors = (res.json as { errors: Record<string, string> }).errors;
    expect(errors[SprintIds.nameBlock]).toContain("“Solo” is still running");
    // Viewers can't start one at all.
    await grantRole(t.db.db, "U0VIEW", "viewer", PO);
    await t.slack.command("/sprint", "start Viewer", { userId: "U0VIEW", channelId: CHANNEL });
    const vView = (await t.fake.waitFor("views.open", (c) => JSON.stringify(c.args.view).includes("Viewer")))
      .args.view as Record<string, unknown>;
    const vRes = await t.slack.viewSubmission({
      userId: "U0VIEW",
      view: vView,
      values: fillModal(vView, { [SprintIds.goalBlock]: "g" }),
    });
    expect((vRes.json as { errors: Record<string, string> }).errors[SprintIds.nameBlock]).toMatch(
      /manage sprints/,
    );
    const rows = await t.db.db.selectFrom("sprints").select("name").execute();
    expect(rows).toEqual([{ name: "Solo" }]);
  });
});
