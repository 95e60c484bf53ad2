/**
 * Typed text is shown, never executed: hostile strings (`<!channel>`, `<!here>`, `<!everyone>`,
 * `<!subteam^…>`, `<@U…>`, `<#C…>`, links, pre-escaped `&lt;`, markdown, control characters, RTL,
 * emoji, very long) typed into every free-text field over signed HTTP, then EVERY payload the fake
 * Slack received (Web API call arguments: blocks, `text`, file comments, views; response_url bodies)
 * is scanned for a live mention or link made of that text.
 *
 * The hostile ids are markers the app never uses (`UHOSTILE…`, `CHOSTILE…`, `SHOSTILE…`,
 * `hostile.example`, `PREESC`), so the app's own mentions of real people (`<@U0PO>`) stay allowed.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  BacklogIds,
  DigestIds,
  PokerIds,
  RequestBlocks,
  RetroIds,
  SprintIds,
  StandupIds,
  StoryBlocks,
} from "../../src/slack/ids.js";
import { startTestApp, type TestApp } from "../support/app-harness.js";
import { HOSTILE_DECORATIONS, HOSTILE_MARKERS, liveMarkers } from "../support/hostile-text.js";
import { fillModal } from "../support/modal.js";
import { grantRole } from "../support/roles.js";

const PO = "U0PO";
const DEV = "U0DEV";
const CHANNEL = "C0TEAM";

const decoration = fc.constantFrom(...HOSTILE_DECORATIONS);

/** A short hostile line (fits every field), or sometimes a very long one (field errors, or truncation). */
const hostile = (opts: { long?: boolean } = {}) =>
  fc
    .tuple(
      decoration,
      fc.constantFrom(...HOSTILE_MARKERS),
      decoration,
      fc.constantFrom(...HOSTILE_MARKERS),
      fc.nat(9),
    )
    .map(([a, m1, b, m2, n]) => {
      const line = `${a}${m1} ${b} ${m2}`.trim();
      return opts.long && n === 0 ? `${line} ${"x ".repeat(2000)}${m1}` : line;
    });

vi.setConfig({ testTimeout: 60_000 });

let t: TestApp;
let seenCalls = 0;
let seenResponses = 0;
let scanned = 0;

/**
 * Scans everything the fake received since the last scan; returns how many strings showed a
 * marker escaped (so a test can check the typed text really reached a surface).
 */
function expectNothingLive(): number {
  const calls = t.fake.calls.slice(seenCalls);
  const responses = t.fake.responses.slice(seenResponses);
  seenCalls = t.fake.calls.length;
  seenResponses = t.fake.responses.length;
  scanned += calls.length + responses.length;
  const shown = { n: 0 };
  const found = [
    ...calls.flatMap((c) => liveMarkers(c.args, c.method, shown)),
    ...responses.flatMap((r) => liveMarkers(r.body, "response_url", shown)),
  ];
  expect(found).toEqual([]);
  return shown.n;
}

beforeAll(async () => {
  t = await startTestApp({
    scheduling: {
      jobs: { timers: false },
      pacing: { workspacePerSecond: 1000, perChannelPerSecond: 1000, channelBurst: 1000 },
    },
  });
  t.fake.addUser({ id: PO, name: "pat" });
  t.fake.addUser({ id: DEV, name: "dev" });
  t.fake.addChannel({ id: CHANNEL, name: "team", botIsMember: true });
  await grantRole(t.db.db, PO, "product_owner", PO);
});
afterAll(async () => {
  // The scan must have looked at real traffic, or it proved nothing.
  expect(scanned).toBeGreaterThan(100);
  await t.stop();
});

/** The `value` of the first element with `actionId` anywhere in `payload`. */
function buttonValue(payload: unknown, actionId: string): string | undefined {
  if (Array.isArray(payload)) {
    for (const x of payload) {
      const v = buttonValue(x, actionId);
      if (v !== undefined) return v;
    }
  } else if (payload && typeof payload === "object") {
    const o = payload as Record<string, unknown>;
    if (o.action_id === actionId && typeof o.value === "string") return o.value;
    return buttonValue(Object.values(o), actionId);
  }
  return undefined;
}

async function command(name: string, text: string, userId = PO) {
  const before = t.fake.responses.length;
  const res = await t.slack.command(name, text, { userId, channelId: CHANNEL });
  expect(res.status).toBe(200);
  return { res, waitReply: () => t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before) };
}

async function openedBy(res: { triggerId?: string }) {
  const call = await t.fake.waitFor("views.open", (c) => c.args.trigger_id === res.triggerId);
  return call.args.view as Record<string, unknown>;
}

/** Forges the submitted text (no client-side max_length), like a hostile client could. */
function forge(values: ReturnType<typeof fillModal>, block: string, text: string) {
  const el = Object.values(values[block] ?? {})[0] as { value?: string | null } | undefined;
  if (!el) throw new Error(`no input ${block}`);
  el.value = text;
}

async function newStory(fields: { title: string; persona?: string; criteria?: string; labels?: string }) {
  const { res } = await command("/story", "");
  const view = await openedBy(res);
  const values = fillModal(view, { [StoryBlocks.priority]: "low", [StoryBlocks.estimate]: "3" });
  forge(values, StoryBlocks.title, fields.title);
  forge(values, StoryBlocks.persona, fields.persona ?? "customer");
  forge(values, StoryBlocks.want, "pay by card");
  forge(values, StoryBlocks.benefit, "I finish faster");
  forge(values, StoryBlocks.acceptanceCriteria, fields.criteria ?? "card accepted");
  forge(values, StoryBlocks.labels, fields.labels ?? "billing");
  const submittedAt = Date.now();
  const sub = await t.slack.viewSubmission({ userId: PO, view, values });
  expect(sub.status).toBe(200);
  // The story is saved after the ack; its confirmation to the PO comes once it is. (Any ephemeral
  // of the last 5 s also matched an earlier iteration's, and the next query read the story before.)
  if (sub.body === "")
    await t.fake.waitFor("chat.postEphemeral", (c) => c.at >= submittedAt && c.args.user === PO);
  return sub.body === "";
}

const runs = { numRuns: 4 };
/** Labels are comma-separated, at most 30 characters each. */
const labelsOf = (text: string) =>
  text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((l) => l.slice(0, 30))
    .join(", ");
/** Over every field's limit: refused with a field error, so nothing is shown. */
const tooLong = (text: string) => text.length > 1000;

describe("hostile text typed anywhere never becomes a live mention", () => {
  it("stories (title, persona, want, criteria, labels) in /backlog, the refinement agenda and Home", async () => {
    await fc.assert(
      fc.asyncProperty(
        hostile({ long: true }),
        hostile(),
        hostile(),
        hostile(),
        async (title, persona, criteria, label) => {
          await newStory({ title, persona, criteria, labels: labelsOf(label) });
          await (await command("/backlog", "")).waitReply();
          await (await command("/backlog", title.slice(0, 40))).waitReply();
          await command("/refine", "");
          await t.slack.event({ type: "app_home_opened", user: PO, channel: "D0PO", tab: "home" });
          await t.fake.waitFor("views.publish", (c) => c.args.user_id === PO);
          const shown = expectNothingLive();
          if (!tooLong(title)) expect(shown).toBeGreaterThan(0);
        },
      ),
      runs,
    );
  });

  let sprintsRun = 0;
  it("sprints: name, goal, Definition of Done, demo links and reasons; /sprint, the burndown comment, plan and close", async () => {
    await newStory({ title: "Ready story" });
    const story = await t.db.db
      .selectFrom("stories")
      .select("number")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    await fc.assert(
      fc.asyncProperty(
        hostile(),
        hostile({ long: true }),
        hostile(),
        hostile(),
        hostile(),
        async (name, goal, dod, demo, reason) => {
          const { res } = await command("/sprint", `start ${name}`);
          const view = await openedBy(res);
          const values = fillModal(view, { [SprintIds.goalBlock]: "g", [SprintIds.dodBlock]: "d" });
          forge(values, SprintIds.nameBlock, name.slice(0, 80));
          forge(values, SprintIds.goalBlock, goal);
          forge(values, SprintIds.dodBlock, dod);
          const started = await t.slack.viewSubmission({ userId: PO, view, values });
          expect(started.status).toBe(200);
          if (started.body !== "") {
            expectNothingLive(); // refused (too long): field errors only
            return;
          }
          await (await command("/sprint", "plan")).waitReply();
          const before = t.fake.responses.length;
          await t.slack.blockAction({
            userId: PO,
            channelId: CHANNEL,
            actions: [{ action_id: SprintIds.add, block_id: "b", value: String(story.number) }],
          });
          await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before);
          const note = await t.slack.blockAction({
            userId: DEV,
            channelId: CHANNEL,
            actions: [{ action_id: SprintIds.note, block_id: "b", value: String(story.number) }],
          });
          const noteView = await openedBy(note);
          const noteValues = fillModal(noteView, {});
          forge(noteValues, SprintIds.demoBlock, demo.slice(0, 200));
          forge(noteValues, SprintIds.reasonBlock, reason.slice(0, 200));
          await t.slack.viewSubmission({ userId: DEV, view: noteView, values: noteValues });
          const uploads = t.fake.callsTo("files.completeUploadExternal").length;
          await (await command("/sprint", "")).waitReply();
          await t.fake.waitForCount("files.completeUploadExternal", uploads + 1);
          const close = await (await command("/sprint", "close")).waitReply();
          const sprintId = buttonValue(close.body, SprintIds.close);
          expect(sprintId).toBeDefined();
          const closed = await t.slack.blockAction({
            userId: PO,
            channelId: CHANNEL,
            actions: [{ action_id: SprintIds.close, block_id: "b", value: String(sprintId) }],
          });
          expect(closed.status).toBe(200);
          await t.fake.waitForResponse((r) => JSON.stringify(r.body).includes("is closed"));
          expect(expectNothingLive()).toBeGreaterThan(0);
          sprintsRun++;
        },
      ),
      runs,
    );
  });

  it("a sprint ran the whole way (start, plan, note, status, burndown, close)", () => {
    expect(sprintsRun).toBeGreaterThan(0);
  });

  it("requests (what, why, who asks) in the triage inbox", async () => {
    await fc.assert(
      fc.asyncProperty(hostile(), hostile({ long: true }), hostile(), async (what, why, who) => {
        const { res } = await command("/request", what.slice(0, 200), DEV);
        const view = await openedBy(res);
        const values = fillModal(view, { [RequestBlocks.urgency]: "urgent" });
        forge(values, RequestBlocks.why, why);
        forge(values, RequestBlocks.whoAsks, who.slice(0, 80));
        const sub = await t.slack.viewSubmission({ userId: DEV, view, values });
        expect(sub.status).toBe(200);
        if (tooLong(why)) {
          // Refused on the form: nothing reaches the inbox (which may still be empty).
          expect(JSON.stringify(sub.json)).toContain(RequestBlocks.why);
          expectNothingLive();
          return;
        }
        await (await command("/backlog", "triage")).waitReply();
        expect(expectNothingLive()).toBeGreaterThan(0);
      }),
      runs,
    );
  });

  it("poker reasons on the revealed board", async () => {
    await fc.assert(
      fc.asyncProperty(hostile({ long: true }), async (reason) => {
        await newStory({ title: "Poker story" });
        const story = await t.db.db
          .selectFrom("stories")
          .select("number")
          .orderBy("id", "desc")
          .executeTakeFirstOrThrow();
        const posts = t.fake.callsTo("chat.postMessage").length;
        await command("/poker", `${story.number}`);
        const post = (await t.fake.waitForCount("chat.postMessage", posts + 1))[posts];
        const sessionId = buttonValue(post?.args.blocks, PokerIds.vote);
        expect(sessionId).toBeDefined();
        const click = await t.slack.blockAction({
          userId: DEV,
          channelId: CHANNEL,
          message: { ts: String(post?.response.ts) },
          actions: [
            { action_id: PokerIds.vote, block_id: `poker_actions_${sessionId}`, value: String(sessionId) },
          ],
        });
        const view = await openedBy(click);
        const values = fillModal(view, { [PokerIds.cardBlock]: "5" });
        forge(values, PokerIds.reasonBlock, reason);
        await t.slack.viewSubmission({ userId: DEV, view, values });
        const revealedAt = Date.now();
        await t.slack.blockAction({
          userId: PO,
          channelId: CHANNEL,
          message: { ts: String(post?.response.ts) },
          actions: [
            { action_id: PokerIds.reveal, block_id: `poker_actions_${sessionId}`, value: String(sessionId) },
          ],
        });
        // The revealed board of this story: "Accept" alone also matched the "1 voted" update
        // ("Acceptance criteria"), which the vote sends after its ack and can land after this click.
        await t.fake.waitFor(
          "chat.update",
          (c) =>
            c.at >= revealedAt &&
            c.args.text === `Planning poker for #${story.number}: cards revealed` &&
            JSON.stringify(c.args.blocks).includes("Accept"),
        );
        const shown = expectNothingLive();
        if (!tooLong(reason)) expect(shown).toBeGreaterThan(0);
      }),
      runs,
    );
  });

  it("retro cards and action items", async () => {
    await fc.assert(
      fc.asyncProperty(hostile({ long: true }), hostile(), async (card, action) => {
        const { res } = await command("/retro", "", DEV);
        const view = await openedBy(res);
        const values = fillModal(view, { [RetroIds.categoryBlock]: "improve" });
        forge(values, RetroIds.textBlock, card);
        const added = await t.slack.viewSubmission({ userId: DEV, view, values });
        if (tooLong(card)) {
          expect(JSON.stringify(added.json)).toContain("errors");
          expectNothingLive();
          return;
        }
        const posts = t.fake.callsTo("chat.postMessage").length;
        await command("/retro", "reveal");
        const post = (await t.fake.waitForCount("chat.postMessage", posts + 1))[posts];
        const retroId = buttonValue(post?.args.blocks, RetroIds.addAction);
        expect(retroId).toBeDefined();
        {
          const click = await t.slack.blockAction({
            userId: PO,
            channelId: CHANNEL,
            message: { ts: String(post?.response.ts) },
            actions: [{ action_id: RetroIds.addAction, block_id: "b", value: String(retroId) }],
          });
          const actionView = await openedBy(click);
          const actionValues = fillModal(actionView, {
            [RetroIds.ownerBlock]: DEV,
            [RetroIds.dueBlock]: "2026-12-20",
          });
          forge(actionValues, RetroIds.actionTextBlock, action);
          await t.slack.viewSubmission({ userId: PO, view: actionView, values: actionValues });
          await (await command("/retro", "actions", DEV)).waitReply();
          await t.slack.blockAction({
            userId: PO,
            channelId: CHANNEL,
            message: { ts: String(post?.response.ts) },
            actions: [{ action_id: RetroIds.close, block_id: "b", value: String(retroId) }],
          });
          await t.fake.waitForResponse((r) => JSON.stringify(r.body).includes("Retrospective (closed)"));
        }
        expect(expectNothingLive()).toBeGreaterThan(0);
      }),
      runs,
    );
  });

  it("product goals (statement, metrics) and features (title)", async () => {
    await fc.assert(
      fc.asyncProperty(hostile(), hostile({ long: true }), hostile(), async (statement, metrics, feature) => {
        const { res } = await command("/goal", statement.slice(0, 150));
        const view = await openedBy(res);
        const values = fillModal(view, {});
        forge(values, BacklogIds.goalStatement, statement);
        forge(values, BacklogIds.goalMetrics, metrics);
        await t.slack.viewSubmission({ userId: PO, view, values });
        await (await command("/goal", "")).waitReply();
        await (await command("/goal", `feature ${feature}`)).waitReply();
        await (await command("/goal", "features")).waitReply();
        expect(expectNothingLive()).toBeGreaterThan(0);
      }),
      runs,
    );
  });
  it("digest settings (the only free text is the time zone) and the digest preview of hostile stories", async () => {
    expect(await newStory({ title: "<!here> <@UHOSTILE1> for the digest" })).toBe(true);
    await fc.assert(
      fc.asyncProperty(hostile({ long: true }), async (zone) => {
        const { res } = await command("/digest", "setup");
        const view = await openedBy(res);
        const answers = {
          [DigestIds.channelsBlock]: [CHANNEL],
          [DigestIds.daysBlock]: ["1"],
          [DigestIds.timeBlock]: "09:00",
          [DigestIds.topNBlock]: "5",
        };
        const values = fillModal(view, answers);
        forge(values, DigestIds.timeZoneBlock, zone);
        const refused = await t.slack.viewSubmission({ userId: PO, view, values });
        expect(JSON.stringify(refused.json)).toContain(DigestIds.timeZoneBlock);
        const ok = await t.slack.viewSubmission({
          userId: PO,
          view,
          values: fillModal(view, { ...answers, [DigestIds.timeZoneBlock]: "Europe/Berlin" }),
        });
        expect(ok.body).toBe("");
        await (await command("/digest", "preview")).waitReply();
        expect(expectNothingLive()).toBeGreaterThan(0);
      }),
      { numRuns: 2 },
    );
  });

  it("standups: name, questions and answers in the report, the thread and the list (runs last: it moves the clock)", async () => {
    let day = 0;
    await fc.assert(
      fc.asyncProperty(
        hostile(),
        hostile(),
        hostile(),
        hostile({ long: true }),
        async (name, question, done, blocker) => {
          // Set up on a weekday morning (2 Dec 2026 is a Wednesday); the prompts go out at 09:00 UTC.
          day++;
          const when = new Date(Date.UTC(2026, 11, 1 + day, 9, 0));
          t.clock.set(new Date(when.getTime() - 3_600_000).toISOString());
          const opened = t.fake.callsTo("views.open").length;
          await command("/standup", "setup");
          const view = (await t.fake.waitForCount("views.open", opened + 1))[opened]?.response.view as Record<
            string,
            unknown
          >;
          const values = fillModal(view, {
            [StandupIds.channelBlock]: CHANNEL,
            [StandupIds.participantsBlock]: [PO, DEV],
            [StandupIds.timeBlock]: "09:00",
          });
          forge(values, StandupIds.nameBlock, name.slice(0, 80));
          forge(values, `${StandupIds.questionBlockPrefix}0`, question.slice(0, 150));
          const toOwner = () =>
            t.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === PO).length;
          const confirmations = toOwner();
          const saved = await t.slack.viewSubmission({ userId: PO, view, values });
          expect(saved.body).toBe("");
          // Saved after the ack: wait for the owner's confirmation before moving the clock.
          for (let i = 0; i < 250 && toOwner() === confirmations; i++)
            await new Promise((r) => setTimeout(r, 20));
          for (const at of [when, new Date(when.getTime() + 60_000)]) {
            t.clock.set(at.toISOString());
            await t.bot.jobs.tick(at);
            await t.bot.settle();
          }
          const prompt = t.fake
            .callsTo("chat.postMessage")
            .filter(
              (c) => c.args.channel === DEV && JSON.stringify(c.args.blocks).includes(StandupIds.openAnswer),
            )
            .at(-1);
          expect(prompt).toBeDefined();
          const standupId = buttonValue(prompt?.args.blocks, StandupIds.openAnswer);
          const before = t.fake.callsTo("views.open").length;
          await t.slack.blockAction({
            userId: DEV,
            actions: [
              { action_id: StandupIds.openAnswer, block_id: "standup_prompt", value: String(standupId) },
            ],
          });
          const form = (await t.fake.waitForCount("views.open", before + 1))[before]?.response.view as Record<
            string,
            unknown
          >;
          const answers = fillModal(form, {});
          forge(answers, `${StandupIds.answerBlockPrefix}0`, done);
          forge(answers, `${StandupIds.answerBlockPrefix}1`, "more of the same");
          forge(answers, `${StandupIds.answerBlockPrefix}2`, blocker);
          await t.slack.viewSubmission({ userId: DEV, view: form, values: answers });
          await t.bot.settle();
          await (await command("/standup", "list")).waitReply();
          const shown = expectNothingLive();
          if (!tooLong(blocker)) expect(shown).toBeGreaterThan(0);

          // Errors quote what was typed: a standup that doesn't exist, through the global error handler.
          const missing = await command("/standup", `${name.slice(0, 60)} QQnomatch`, DEV);
          const refusal = await missing.waitReply();
          expect(JSON.stringify(refusal.body)).toContain("QQnomatch");
          expect(expectNothingLive()).toBeGreaterThan(0);
        },
      ),
      { numRuns: 2, endOnFailure: true },
    );
  });
});
