/**
 * Stakeholder digests end to end: the real app over signed HTTP, the fake Slack, a real SQLite
 * file and a fake clock. `/digest setup` through the modal, a week of scripted backlog edits
 * (written with their backlog events in one transaction, as the backlog service does), then the
 * scheduler ticked at exact instants and the outbox drained.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUnitOfWork } from "../../src/db/unit-of-work.js";
import type { StoryDraft } from "../../src/domain/story.js";
import { createStoryService } from "../../src/services/story.service.js";
import { DigestIds, RequestBlocks } from "../../src/slack/ids.js";
import { startTestApp, TEST_TEAM_ID, type TestApp } from "../support/app-harness.js";
import { validateMessageBlocks } from "../support/block-kit-limits.js";
import { fillModal } from "../support/modal.js";
import { grantRole } from "../support/roles.js";

const T = TEST_TEAM_ID;
const PO = "U0PO";
const STAKEHOLDERS = "C0STAKE";
const PRODUCT = "C0PRODUCT";
const NO_BOT = "C0NOBOT";

let t: TestApp;
beforeEach(async () => {
  // Monday 30 Nov 2026, 07:00 in New York.
  t = await startTestApp({ now: "2026-11-30T12:00:00Z", scheduling: { jobs: { timers: false } } });
  t.fake.addUser({ id: PO, name: "pat", tz: "America/New_York" });
  t.fake.addChannel({ id: STAKEHOLDERS, name: "stakeholders", botIsMember: true });
  t.fake.addChannel({ id: PRODUCT, name: "product", botIsMember: true });
  t.fake.addChannel({ id: NO_BOT, name: "leadership", botIsMember: false });
});
afterEach(() => t.stop());

const draft = (title: string, estimate: StoryDraft["estimate"]): StoryDraft => ({
  title,
  persona: "customer",
  want: title.toLowerCase(),
  benefit: "it helps",
  acceptanceCriteria: ["Given x when y then z"],
  estimate,
  priority: "medium",
  labels: [],
});

function backlog() {
  const db = t.db.db;
  const stories = createStoryService({ uow: createUnitOfWork(db), clock: t.clock });
  const event = (storyId: number | null, kind: string, data: Record<string, unknown>) =>
    db
      .insertInto("backlog_events")
      .values({
        team_id: T,
        story_id: storyId,
        kind,
        data: JSON.stringify(data),
        actor: PO,
        at: t.clock.now().toISOString(),
      })
      .execute();
  const idOf = async (number: number) =>
    (
      await db
        .selectFrom("stories")
        .select("id")
        .where("team_id", "=", T)
        .where("number", "=", number)
        .executeTakeFirstOrThrow()
    ).id;
  return {
    create: (title: string, estimate: StoryDraft["estimate"] = 3) =>
      stories.createStory({ teamId: T, userId: PO, draft: draft(title, estimate) }),
    /** Moves story `number` to just above story `before` (ranks are sparse), with its `moved` event. */
    async move(number: number, from: number, to: number, rank: number) {
      const id = await idOf(number);
      await db.transaction().execute(async (trx) => {
        await trx.updateTable("stories").set({ rank }).where("id", "=", id).execute();
      });
      await event(id, "moved", { fromPosition: from, toPosition: to });
    },
    async estimate(number: number, from: number | null, to: number) {
      const id = await idOf(number);
      await db.updateTable("stories").set({ estimate: to }).where("id", "=", id).execute();
      await event(id, "estimated", { from, to });
    },
    async status(number: number, from: string, to: string) {
      const id = await idOf(number);
      await db.updateTable("stories").set({ status: to }).where("id", "=", id).execute();
      await event(id, "status", { from, to });
    },
    async archive(number: number) {
      const id = await idOf(number);
      await db
        .updateTable("stories")
        .set({ archived_at: t.clock.now().toISOString() })
        .where("id", "=", id)
        .execute();
      await event(id, "archived", {});
    },
    async declineRequest(what: string, reason: string) {
      const row = await db
        .insertInto("requests")
        .values({
          team_id: T,
          what,
          why: "",
          who_asks: "sales",
          urgency: "normal",
          requester_id: "U0SALES",
          channel_id: null,
          status: "declined",
          decision_reason: reason,
          story_id: null,
          decided_by: PO,
          decided_at: t.clock.now().toISOString(),
          created_at: t.clock.now().toISOString(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await event(null, "request_declined", { requestId: row.id, reason });
    },
  };
}

async function setUpDigest(channels: string[]) {
  const res = await t.slack.command("/digest", "setup", { userId: PO, channelId: STAKEHOLDERS });
  expect(res.status).toBe(200);
  const open = await t.fake.waitFor("views.open");
  const view = (open.response.view ?? open.args.view) as Record<string, unknown>;
  const sub = await t.slack.viewSubmission({
    userId: PO,
    view,
    values: fillModal(view, {
      [DigestIds.channelsBlock]: channels,
      [DigestIds.daysBlock]: ["1"],
      [DigestIds.timeBlock]: "09:00",
      [DigestIds.timeZoneBlock]: "America/New_York",
      [DigestIds.topNBlock]: "5",
    }),
  });
  expect(sub.status).toBe(200);
  expect(sub.body).toBe("");
  const confirmation = await t.fake.waitFor("chat.postEphemeral");
  expect(String(confirmation.args.text)).toContain("Mondays at 09:00 (America/New_York)");
}

const digestPosts = (channel: string) =>
  t.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === channel && c.response.ok);

async function tickAt(iso: string) {
  t.clock.set(iso);
  await t.bot.jobs.tick(new Date(iso));
  await t.bot.outbox.drain();
}

describe("stakeholder digest", () => {
  it("posts once at Monday 09:00 New York to two channels, with exactly the week's changes", async () => {
    await setUpDigest([STAKEHOLDERS, PRODUCT]);
    const b = backlog();
    for (const [title, points] of [
      ["Export the backlog as CSV", 3],
      ["Single sign-on", 3],
      ["Dark mode", 5],
      ["Audit log", 8],
      ["Usage dashboard", 2],
      ["Legacy importer", 5],
    ] as const) {
      await b.create(title, points);
    }

    // First digest: Monday 30 Nov 09:00 EST = 14:00Z. Everything so far is new.
    await tickAt("2026-11-30T13:59:00Z");
    expect(digestPosts(STAKEHOLDERS)).toHaveLength(0);
    await tickAt("2026-11-30T14:00:00Z");
    expect(digestPosts(STAKEHOLDERS)).toHaveLength(1);
    expect(digestPosts(PRODUCT)).toHaveLength(1);
    expect(JSON.stringify(digestPosts(STAKEHOLDERS)[0]?.args.blocks)).toContain("New in the backlog (6)");

    // A week of edits.
    t.clock.set("2026-12-01T15:00:00Z");
    await b.move(5, 5, 1, 1); // "Usage dashboard" to the top
    await b.estimate(2, 3, 8);
    t.clock.set("2026-12-02T15:00:00Z");
    await b.status(1, "ready", "in_progress");
    await b.status(1, "in_progress", "done");
    await b.move(3, 4, 5, 4500); // down and back up again: no net move
    await b.move(3, 5, 4, 3500);
    t.clock.set("2026-12-03T15:00:00Z");
    await b.archive(6);
    await b.create("Slack notifications", null);
    await b.declineRequest("Rewrite everything in Rust", "Not worth it this year");

    // Second digest: Monday 7 Dec 09:00 EST = 14:00Z; not a minute early, and only once.
    await tickAt("2026-12-07T13:59:00Z");
    expect(digestPosts(STAKEHOLDERS)).toHaveLength(1);
    await tickAt("2026-12-07T14:00:00Z");
    await tickAt("2026-12-07T14:00:30Z");
    await tickAt("2026-12-07T14:05:00Z");
    expect(digestPosts(STAKEHOLDERS)).toHaveLength(2);
    expect(digestPosts(PRODUCT)).toHaveLength(2);

    for (const channel of [STAKEHOLDERS, PRODUCT]) {
      const post = digestPosts(channel)[1];
      const blocks = post?.args.blocks as unknown[];
      expect(validateMessageBlocks(blocks)).toEqual([]);
      const json = JSON.stringify(blocks);
      expect(json).toContain("What changed since Mon 30 Nov 2026");
      expect(json).toContain("Completed (1)");
      expect(json).toContain("#1 Export the backlog as CSV");
      expect(json).toContain("New in the backlog (1)");
      expect(json).toContain("#7 Slack notifications");
      expect(json).toContain("Moved up (1)");
      expect(json).toContain("#5 Usage dashboard: from position 5 to 1 (up 4)");
      expect(json).not.toContain("Moved down");
      expect(json).toContain("Size re-estimated (1)");
      expect(json).toContain("#2 Single sign-on: 3 pts → 8 pts");
      expect(json).toContain("Dropped from the backlog (1)");
      expect(json).toContain("#6 Legacy importer");
      expect(json).toContain("Requests declined (1)");
      expect(json).toContain("Rewrite everything in Rust");
      // No sprints finished yet: honest about it instead of a date.
      expect(json).toContain("Not enough history yet");
      expect(json).toContain("slack://app?team=T0001&id=A0001&tab=home");
      expect(String(post?.args.text)).toContain("1 completed, 1 new, 1 moved");
    }
  });

  it('prints a decline\'s reason only when the PO ticked "share the reason with stakeholders"', async () => {
    await setUpDigest([STAKEHOLDERS]);
    await grantRole(t.db.db, PO, "product_owner", PO);
    const STAKE = "U0STAKE";
    t.fake.addUser({ id: STAKE, name: "sam" });
    const decline = async (what: string, answers: Record<string, string | string[]>) => {
      const opened = t.fake.callsTo("views.open").length;
      await t.slack.command("/request", what, { userId: STAKE, channelId: PRODUCT });
      const form = (await t.fake.waitForCount("views.open", opened + 1))[opened]?.args.view as Record<
        string,
        unknown
      >;
      const values = fillModal(form, {
        [RequestBlocks.why]: "asked",
        [RequestBlocks.whoAsks]: "Sales",
        [RequestBlocks.urgency]: "normal",
      });
      expect((await t.slack.viewSubmission({ userId: STAKE, view: form, values })).body).toBe("");
      const id = (
        await t.db.db.selectFrom("requests").select("id").where("what", "=", what).executeTakeFirstOrThrow()
      ).id;
      const click = await t.slack.blockAction({
        userId: PO,
        channelId: PRODUCT,
        actions: [{ action_id: "request_decline", block_id: `triage_act_${id}`, value: String(id) }],
      });
      const modal = (await t.fake.waitFor("views.open", (c) => c.args.trigger_id === click.triggerId)).args
        .view as Record<string, unknown>;
      // Off by default: the box has no initial options.
      expect(JSON.stringify(modal)).toContain("Share the reason with stakeholders");
      expect(JSON.stringify(modal)).not.toContain("initial_options");
      const res = await t.slack.viewSubmission({
        userId: PO,
        view: modal,
        values: fillModal(modal, answers),
      });
      expect(res.body).toBe("");
    };
    await decline("Dark mode", { [RequestBlocks.reason]: "The budget for it was cut, personal note" });
    await decline("Rewrite in Rust", {
      [RequestBlocks.reason]: "Out of scope for this product",
      [RequestBlocks.shareReason]: ["share"],
    });
    const rows = await t.db.db
      .selectFrom("requests")
      .select(["what", "reason_shared"])
      .orderBy("id")
      .execute();
    expect(rows).toEqual([
      { what: "Dark mode", reason_shared: 0 },
      { what: "Rewrite in Rust", reason_shared: 1 },
    ]);

    await tickAt("2026-11-30T14:00:00Z");
    const json = JSON.stringify(digestPosts(STAKEHOLDERS)[0]?.args);
    expect(json).toContain("Requests declined (2)");
    expect(json).toContain("Dark mode");
    expect(json).toContain("Rewrite in Rust”: Out of scope for this product");
    expect(json).not.toContain("budget");
  });

  it("a channel the bot is not in gets no digest; the owner gets a DM; the other channel still gets it", async () => {
    await setUpDigest([NO_BOT, STAKEHOLDERS]);
    await backlog().create("Export the backlog as CSV", 3);
    await tickAt("2026-11-30T14:00:00Z");

    expect(digestPosts(STAKEHOLDERS)).toHaveLength(1);
    expect(t.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === NO_BOT)).toHaveLength(0);
    const dms = t.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === PO);
    expect(dms).toHaveLength(1);
    expect(String(dms[0]?.args.text)).toContain(`<#${NO_BOT}>`);
    expect(String(dms[0]?.args.text)).toContain("not a member");
    expect(String(dms[0]?.args.text)).toContain(`did go to <#${STAKEHOLDERS}>`);

    // Re-running the occurrence (a second tick) neither re-posts nor re-notifies.
    await tickAt("2026-11-30T14:01:00Z");
    expect(digestPosts(STAKEHOLDERS)).toHaveLength(1);
    expect(t.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === PO)).toHaveLength(1);
  });

  it("/digest preview is private and /digest send posts now; /forecast answers for one story", async () => {
    const b = backlog();
    await b.create("Export the backlog as CSV", 3);
    await b.create("Single sign-on", null);

    const before = t.fake.responses.length;
    await t.slack.command("/digest", "preview", { userId: PO, channelId: STAKEHOLDERS });
    const preview = await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before);
    const body = preview.body as { response_type: string; blocks: unknown[] };
    expect(body.response_type).toBe("ephemeral");
    expect(validateMessageBlocks(body.blocks)).toEqual([]);
    expect(JSON.stringify(body.blocks)).toContain("#2 Single sign-on");
    expect(t.fake.callsTo("chat.postMessage")).toHaveLength(0);

    const n = t.fake.responses.length;
    await t.slack.command("/forecast", "#2", { userId: PO, channelId: STAKEHOLDERS });
    const forecast = await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= n);
    const fjson = JSON.stringify(forecast.body);
    expect(fjson).toContain("#2 Single sign-on");
    expect(fjson).toContain("Not enough history yet");
    expect(fjson).toContain("1 open item ahead of it");

    await setUpDigest([STAKEHOLDERS]);
    const m = t.fake.responses.length;
    await t.slack.command("/digest", "send", { userId: PO, channelId: STAKEHOLDERS });
    const sent = await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= m);
    expect(JSON.stringify(sent.body)).toContain(`Digest posted to <#${STAKEHOLDERS}>`);
    await t.bot.outbox.drain();
    expect(digestPosts(STAKEHOLDERS)).toHaveLength(1);
  });
  it("says why an item ranks where it does when the team scores with a priority method", async () => {
    const ADMIN = "U0ADMIN";
    t.fake.addUser({ id: ADMIN, is_admin: true });
    const b = backlog();
    await b.create("Export the backlog as CSV", 3);
    await b.create("Single sign-on", 5);
    const command = async (userId: string, name: string, text: string) => {
      const before = t.fake.responses.length;
      const res = await t.slack.command(name, text, { userId, channelId: STAKEHOLDERS });
      expect(res.status).toBe(200);
      return JSON.stringify(
        (await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before)).body,
      );
    };
    const previewJson = async () => {
      const json = await command(PO, "/digest", "preview");
      expect(json).toContain("#1 Export the backlog as CSV");
      return json;
    };

    // No method yet: the priority label, no reason.
    expect(await previewJson()).toContain("Medium priority · ready to start");

    await command(ADMIN, "/scrum", `roles po <@${PO}|pat>`);
    expect(await command(PO, "/backlog", "method wsjf")).toContain("WSJF");
    expect(await command(PO, "/backlog", "score #1 value=8 time=5 risk=3 size=2")).toContain("#1 scored");
    const json = await previewJson();
    const body = JSON.parse(json) as { blocks: unknown[] };
    expect(validateMessageBlocks(body.blocks)).toEqual([]);
    // #1 has inputs: why it is there instead of the label; #2 has none: still the label.
    expect(json).toContain(
      "#1 Export the backlog as CSV\\nReady to start\\nWhy here: WSJF 8: cost of delay 16 (business value 8 + time criticality 5 + risk reduction 3) ÷ job size 2.",
    );
    expect(json).toContain("#2 Single sign-on\\nMedium priority · ready to start");
    expect(json.match(/Why here/g)).toHaveLength(1);

    // Another method: #1's WSJF inputs no longer apply, so the label is back.
    await command(PO, "/backlog", "method moscow");
    expect(await previewJson()).not.toContain("Why here");
  });
});

describe("one readiness, one order", () => {
  it("the digest and /backlog agree on what is ready, and Next up starts at 1 after a done story", async () => {
    t.fake.addUser({ id: "U0ADMIN", is_admin: true });
    const b = backlog();
    await b.create("Checkout", 3);
    await b.create("Receipts", 3);
    const stories = createStoryService({ uow: createUnitOfWork(t.db.db), clock: t.clock });
    await stories.createStory({ teamId: T, userId: PO, draft: { ...draft("Refunds", 5), benefit: "" } });
    await b.status(1, "new", "done");
    const command = async (name: string, text: string) => {
      const before = t.fake.responses.length;
      await t.slack.command(name, text, { userId: PO, channelId: STAKEHOLDERS });
      return JSON.stringify(
        (await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before)).body,
      );
    };
    const digest = await command("/digest", "preview");
    expect(digest).toContain("Next up: top 2 of 2");
    expect(digest).toContain("*1.* #2 Receipts\\nMedium priority · ready to start");
    expect(digest).toContain("*2.* #3 Refunds\\nMedium priority · not ready to start yet");
    const list = await command("/backlog", "");
    expect(list).toMatch(/#2\* Receipts\\n[^"]*· ✅ ready to plan/);
    expect(list).toMatch(/#3\* Refunds\\n[^"]*· ◻️ 1 of 7 checks missing: benefit/);
    expect(list).not.toMatch(/#1 Checkout\\n[^"]*(ready to plan|checks missing)/);
  });
});
