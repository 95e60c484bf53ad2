/**
 * Planning poker end to end over HTTP: /poker → channel message → private votes through the
 * modal → reveal (facilitator, everyone voted, deadline) → accept writes the estimate.
 * Includes 12 concurrent voters and a restart of the app mid-session on the same SQLite file.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createUnitOfWork } from "../../src/db/unit-of-work.js";
import { createStoryService } from "../../src/services/story.service.js";
import { PokerIds } from "../../src/slack/ids.js";
import { startTestApp, type TestApp } from "../support/app-harness.js";
import { validateMessageBlocks } from "../support/block-kit-limits.js";
import { FakeSlack } from "../support/fake-slack.js";
import { fillModal } from "../support/modal.js";
import { grantRole } from "../support/roles.js";

const PO = "U0PO";
const CHANNEL = "C0TEAM";

let t: TestApp;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(opts: Parameters<typeof startTestApp>[0] = {}) {
  t = await startTestApp({ scheduling: { jobs: { timers: false } }, ...opts });
  const app = t;
  cleanups.push(() => app.stop());
  t.fake.addUser({ id: PO, name: "pat" });
  t.fake.addChannel({ id: CHANNEL, name: "team", botIsMember: true });
  return t;
}

async function seedStory(app: TestApp, title: string) {
  const service = createStoryService({ uow: createUnitOfWork(app.db.db), clock: app.clock });
  const entry = await service.createStory({
    teamId: "T0001",
    userId: PO,
    draft: {
      title,
      persona: "user",
      want: "do things",
      benefit: "it helps",
      acceptanceCriteria: ["works"],
      estimate: null,
      priority: "medium",
      labels: [],
    },
  });
  return entry.story;
}

const voters = (n: number) => Array.from({ length: n }, (_, i) => `U0V${String(i + 1).padStart(2, "0")}`);

async function startSession(app: TestApp, text: string, channel = CHANNEL) {
  const before = app.fake.callsTo("chat.postMessage").length;
  const res = await app.slack.command("/poker", text, { userId: PO, channelId: channel });
  expect(res.status).toBe(200);
  const calls = await app.fake.waitForCount("chat.postMessage", before + 1);
  const post = calls[before];
  expect(post?.response.ok).toBe(true);
  const ts = String(post?.response.ts);
  // The ts is saved right after Slack answers; wait for that write.
  for (let i = 0; i < 250; i++) {
    const session = await app.db.db
      .selectFrom("poker_sessions")
      .select("id")
      .where("message_ts", "=", ts)
      .executeTakeFirst();
    if (session) return { ts, sessionId: session.id, channel };
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("the session never recorded its message ts");
}

function currentMessage(app: TestApp, channel: string, ts: string) {
  const m = app.fake.messagesIn(channel).find((x) => x.ts === ts);
  if (!m) throw new Error("session message not found");
  return m;
}

async function vote(
  app: TestApp,
  sessionId: number,
  userId: string,
  card: string,
  reason = "",
  channel = CHANNEL,
) {
  const click = await app.slack.blockAction({
    userId,
    channelId: channel,
    message: { ts: "1.0" },
    actions: [{ action_id: PokerIds.vote, block_id: `poker_actions_${sessionId}`, value: String(sessionId) }],
  });
  expect(click.status).toBe(200);
  const open = await app.fake.waitFor("views.open", (c) => c.args.trigger_id === click.triggerId);
  const view = open.args.view as Record<string, unknown>;
  return app.slack.viewSubmission({
    userId,
    view,
    values: fillModal(view, { [PokerIds.cardBlock]: card, [PokerIds.reasonBlock]: reason }),
  });
}

async function waitForText(app: TestApp, channel: string, ts: string, needle: string) {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (JSON.stringify(currentMessage(app, channel, ts).blocks).includes(needle)) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(
    `message never showed ${needle}: ${JSON.stringify(currentMessage(app, channel, ts).blocks)}`,
  );
}

describe("planning poker", () => {
  it("hides values while voting, reveals votes with reasons, spread and suggestion, and accepting writes the estimate", async () => {
    const app = await start();
    const story = await seedStory(app, "Export invoices");
    const [a, b, c] = voters(3) as [string, string, string];
    const { ts, sessionId } = await startSession(app, `${story.number} <@${a}|a> <@${b}|b> <@${c}|c>`);

    expect((await vote(app, sessionId, a, "3", "only the CSV writer")).body).toBe("");
    expect((await vote(app, sessionId, b, "13", "needs a new queue")).body).toBe("");
    await waitForText(app, CHANNEL, ts, "Voted (2/3)");
    const during = JSON.stringify(currentMessage(app, CHANNEL, ts).blocks);
    expect(during).toContain("Voted (2/3)");
    expect(during).not.toContain("only the CSV writer");
    expect(during).not.toContain("*13*");
    expect(during).toContain(`Waiting for:* <@${c}>`);

    // The vote is stored as cast.
    const stored = await app.db.db.selectFrom("poker_votes").selectAll().orderBy("user_id").execute();
    expect(stored.map((v) => [v.user_id, v.value, v.reason])).toEqual([
      [a, "3", "only the CSV writer"],
      [b, "13", "needs a new queue"],
    ]);

    // a opens the vote form again but only submits after the reveal.
    const lateClick = await app.slack.blockAction({
      userId: a,
      channelId: CHANNEL,
      message: { ts },
      actions: [
        { action_id: PokerIds.vote, block_id: `poker_actions_${sessionId}`, value: String(sessionId) },
      ],
    });
    const lateView = (await app.fake.waitFor("views.open", (x) => x.args.trigger_id === lateClick.triggerId))
      .args.view as Record<string, unknown>;

    // The last invited vote reveals the cards by itself.
    await vote(app, sessionId, c, "5");
    await waitForText(app, CHANNEL, ts, "Spread");
    const revealed = currentMessage(app, CHANNEL, ts);
    const text = JSON.stringify(revealed.blocks);
    expect(text).toContain("only the CSV writer");
    expect(text).toContain("*13*");
    expect(text).toContain("Spread:* 3 → 13");
    expect(text).toContain("Suggested:* 5 pts");
    expect(text).toContain("Wide spread");
    expect(text).toContain(PokerIds.revote);
    expect(validateMessageBlocks(revealed.blocks ?? [])).toEqual([]);

    // A vote after the reveal is refused politely, on the field.
    const late = await app.slack.viewSubmission({
      userId: a,
      view: lateView,
      values: fillModal(lateView, { [PokerIds.cardBlock]: "8" }),
    });
    const errors = (late.json as { errors: Record<string, string> }).errors;
    expect(errors[PokerIds.cardBlock]).toMatch(/already on the table/);
    const aVote = await app.db.db
      .selectFrom("poker_votes")
      .select("value")
      .where("user_id", "=", a)
      .executeTakeFirst();
    expect(aVote).toEqual({ value: "3" });
    // …and the Vote button of the old message answers privately instead of opening a form.
    await app.slack.blockAction({
      userId: b,
      channelId: CHANNEL,
      message: { ts },
      actions: [
        { action_id: PokerIds.vote, block_id: `poker_actions_${sessionId}`, value: String(sessionId) },
      ],
    });
    const refusal = await app.fake.waitForResponse((r) =>
      JSON.stringify(r.body).includes("votes are closed"),
    );
    expect(JSON.stringify(refusal.body)).toContain("re-vote");

    // Re-vote, then accept.
    await app.slack.blockAction({
      userId: PO,
      channelId: CHANNEL,
      message: { ts },
      actions: [
        { action_id: PokerIds.revote, block_id: `poker_decide_${sessionId}`, value: String(sessionId) },
      ],
    });
    await waitForText(app, CHANNEL, ts, "round 2");
    for (const [u, v] of [
      [a, "5"],
      [b, "8"],
      [c, "5"],
    ] as const)
      await vote(app, sessionId, u, v);
    await waitForText(app, CHANNEL, ts, "Suggested:* 5 pts");
    await app.slack.blockAction({
      userId: PO,
      channelId: CHANNEL,
      message: { ts },
      actions: [
        { action_id: PokerIds.accept, block_id: `poker_decide_${sessionId}`, value: `${sessionId}:5` },
      ],
    });
    await waitForText(app, CHANNEL, ts, "now estimated at");
    const row = await app.db.db
      .selectFrom("stories")
      .select("estimate")
      .where("id", "=", story.id)
      .executeTakeFirstOrThrow();
    expect(row.estimate).toBe(5);
    const events = await app.db.db
      .selectFrom("backlog_events")
      .select(["kind", "data"])
      .where("kind", "=", "estimated")
      .execute();
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]?.data ?? "{}")).toMatchObject({ from: null, to: 5 });
  });

  it("only the facilitator reveals; others are told who can", async () => {
    const app = await start();
    const story = await seedStory(app, "Reveal rights");
    const { ts, sessionId } = await startSession(app, `${story.number}`);
    await vote(app, sessionId, "U0OTHER", "8");
    const res = await app.slack.blockAction({
      userId: "U0OTHER",
      channelId: CHANNEL,
      message: { ts },
      actions: [
        { action_id: PokerIds.reveal, block_id: `poker_actions_${sessionId}`, value: String(sessionId) },
      ],
    });
    expect(res.status).toBe(200);
    const refusal = await app.fake.waitForResponse((r) => JSON.stringify(r.body).includes("facilitator"));
    expect(JSON.stringify(refusal.body)).toContain(`<@${PO}>`);
    await app.slack.blockAction({
      userId: PO,
      channelId: CHANNEL,
      message: { ts },
      actions: [
        { action_id: PokerIds.reveal, block_id: `poker_actions_${sessionId}`, value: String(sessionId) },
      ],
    });
    await waitForText(app, CHANNEL, ts, "Suggested:* 8 pts");
  });

  it("only the facilitator or a product owner accepts; others are told privately who can; the board names who accepted", async () => {
    const app = await start();
    const OWNER = "U0OWNER";
    await grantRole(app.db.db, OWNER, "product_owner", OWNER);
    const story = await seedStory(app, "Accept rights");
    const { ts, sessionId } = await startSession(app, `${story.number}`);
    await vote(app, sessionId, "U0OTHER", "8");
    const press = (userId: string, action_id: string, value: string) =>
      app.slack.blockAction({
        userId,
        channelId: CHANNEL,
        message: { ts },
        actions: [{ action_id, block_id: "b", value }],
      });
    const decide = (userId: string) => press(userId, PokerIds.accept, `${sessionId}:8`);
    await press(PO, PokerIds.reveal, String(sessionId));
    await waitForText(app, CHANNEL, ts, "Suggested:* 8 pts");

    // A voter (a team member) can't settle it while the facilitator may still ask for a re-vote.
    const before = app.fake.responses.length;
    expect((await decide("U0OTHER")).status).toBe(200);
    const refusal = await app.fake.waitForResponse(
      (r) =>
        app.fake.responses.indexOf(r) >= before && JSON.stringify(r.body).includes("accept the estimate"),
    );
    expect(JSON.stringify(refusal.body)).toContain(`<@${PO}>`);
    expect(JSON.stringify(refusal.body)).toContain("product owner");
    expect((refusal.body as { response_type?: string }).response_type).not.toBe("in_channel");
    const estimate = () =>
      app.db.db.selectFrom("stories").select("estimate").where("id", "=", story.id).executeTakeFirstOrThrow();
    expect((await estimate()).estimate).toBeNull();
    expect(JSON.stringify(currentMessage(app, CHANNEL, ts).blocks)).not.toContain("now estimated at");

    // A product owner who isn't the facilitator may; the board says who accepted.
    expect((await decide(OWNER)).status).toBe(200);
    await waitForText(app, CHANNEL, ts, `accepted by <@${OWNER}>`);
    expect((await estimate()).estimate).toBe(8);
  });

  it("takes 12 concurrent votes: none lost, one reveal showing all twelve", async () => {
    const app = await start();
    const story = await seedStory(app, "Busy session");
    const people = voters(12);
    const { ts, sessionId } = await startSession(
      app,
      `${story.number} ${people.map((u) => `<@${u}>`).join(" ")}`,
    );
    const cards = ["1", "2", "3", "5", "8", "13", "21", "?", "coffee", "5", "5", "3"];
    // Open the twelve modals, then submit all twelve at once.
    const clicks = await Promise.all(
      people.map((u) =>
        app.slack.blockAction({
          userId: u,
          channelId: CHANNEL,
          message: { ts },
          actions: [
            { action_id: PokerIds.vote, block_id: `poker_actions_${sessionId}`, value: String(sessionId) },
          ],
        }),
      ),
    );
    const views = await Promise.all(
      clicks.map(
        async (click) =>
          (await app.fake.waitFor("views.open", (c) => c.args.trigger_id === click.triggerId)).args
            .view as Record<string, unknown>,
      ),
    );
    const results = await Promise.all(
      people.map((u, i) =>
        app.slack.viewSubmission({
          userId: u,
          view: views[i] as Record<string, unknown>,
          values: fillModal(views[i], {
            [PokerIds.cardBlock]: cards[i] ?? "5",
            [PokerIds.reasonBlock]: `reason ${i + 1}`,
          }),
        }),
      ),
    );
    for (const r of results) {
      expect(r.status).toBe(200);
      expect(r.body).toBe("");
    }
    const stored = await app.db.db
      .selectFrom("poker_votes")
      .selectAll()
      .where("session_id", "=", sessionId)
      .execute();
    expect(stored).toHaveLength(12);
    const session = await app.db.db
      .selectFrom("poker_sessions")
      .selectAll()
      .where("id", "=", sessionId)
      .executeTakeFirstOrThrow();
    expect(session.state).toBe("revealed");
    await waitForText(app, CHANNEL, ts, "reason 12");
    const text = JSON.stringify(currentMessage(app, CHANNEL, ts).blocks);
    for (let i = 1; i <= 12; i++) expect(text).toContain(`reason ${i}`);
    expect(text).toContain("☕");
    // Coalesced: far fewer updates than votes.
    expect(app.fake.callsTo("chat.update").length).toBeLessThan(12);
  });

  it("keeps every vote across a restart mid-session (same database file)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scrumbot-poker-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const databasePath = join(dir, "scrumbot.db");
    const fake = await FakeSlack.start();
    cleanups.push(() => fake.stop());
    const first = await start({ fake, databasePath });
    const story = await seedStory(first, "Survives restarts");
    const people = voters(4);
    const { ts, sessionId } = await startSession(
      first,
      `${story.number} ${people.map((u) => `<@${u}>`).join(" ")}`,
    );
    await vote(first, sessionId, people[0] ?? "", "3", "before restart");
    await vote(first, sessionId, people[1] ?? "", "5");
    await first.stop();
    cleanups.splice(cleanups.indexOf(cleanups.at(-1) as never), 1);

    const second = await start({ fake, databasePath });
    await vote(second, sessionId, people[2] ?? "", "5");
    await vote(second, sessionId, people[3] ?? "", "8", "after restart");
    await waitForText(second, CHANNEL, ts, "Suggested");
    const text = JSON.stringify(currentMessage(second, CHANNEL, ts).blocks);
    expect(text).toContain("before restart");
    expect(text).toContain("after restart");
    for (const u of people) expect(text).toContain(`<@${u}>`);
    expect(fake.callsTo("chat.postMessage").filter((c) => c.args.channel === CHANNEL)).toHaveLength(1);
  });

  it("runs independent sessions in different channels and reveals at the deadline", async () => {
    const app = await start();
    app.fake.addChannel({ id: "C0OTHER", name: "other", botIsMember: true });
    const s1 = await seedStory(app, "Channel one");
    const s2 = await seedStory(app, "Channel two");
    const one = await startSession(app, `${s1.number} 30m`);
    const two = await startSession(app, `${s2.number}`, "C0OTHER");
    await vote(app, one.sessionId, "U0A", "2", "", CHANNEL);
    await vote(app, two.sessionId, "U0A", "21", "", "C0OTHER");

    // 30 minutes later the scheduler reveals the first session only.
    await app.bot.jobs.tick(new Date("2026-11-28T10:31:00Z"));
    await waitForText(app, CHANNEL, one.ts, "Suggested:* 2 pts");
    // Channel two's board update is coalesced and may land after channel one's reveal.
    await waitForText(app, "C0OTHER", two.ts, "Voted (1)");
    // The board's card buttons say "21" for everyone; no section may show the vote.
    const other = JSON.stringify(
      (currentMessage(app, "C0OTHER", two.ts).blocks ?? []).filter(
        (b) => (b as { type: string }).type !== "actions",
      ),
    );
    expect(other).not.toContain("21");
    expect(other).toContain("Voted (1)");
  });

  it("votes in one click on the board, confirms privately, and never shows the current estimate before the reveal", async () => {
    const app = await start();
    const estimated = await seedStory(app, "Anchored story");
    await app.db.db.updateTable("stories").set({ estimate: 8 }).where("id", "=", estimated.id).execute();
    const fresh = await seedStory(app, "Fresh story");
    const [a, b] = voters(2) as [string, string];
    const one = await startSession(app, `${estimated.number} <@${a}> <@${b}>`);

    // The board shows the user story and its criteria, and a button per card with a spoken label.
    const board = currentMessage(app, CHANNEL, one.ts);
    const shown = JSON.stringify(board.blocks);
    expect(shown).toContain("As a user, I want to do things, so that it helps.");
    expect(shown).toContain("Acceptance criteria");
    expect(shown).toContain("works");
    const cardRow = (board.blocks ?? []).find(
      (x) => (x as { block_id?: string }).block_id === `poker_cards_${one.sessionId}`,
    ) as { elements: { action_id: string; value: string; accessibility_label: string }[] };
    expect(cardRow.elements.map((e) => e.value)).toEqual(
      ["1", "2", "3", "5", "8", "13", "21", "?", "coffee"].map((c) => `${one.sessionId}:${c}`),
    );
    expect(cardRow.elements.find((e) => e.value.endsWith(":8"))?.accessibility_label).toBe("Vote 8 points");

    const pick = (userId: string, card: string, sessionId = one.sessionId) =>
      app.slack.blockAction({
        userId,
        channelId: CHANNEL,
        message: { ts: one.ts },
        actions: [
          {
            action_id: `${PokerIds.pick}${card}`,
            block_id: `poker_cards_${sessionId}`,
            value: `${sessionId}:${card}`,
          },
        ],
      });

    // One click votes; the card is confirmed to the voter only; a second click changes it.
    const first = await pick(a, "5");
    expect(first.status).toBe(200);
    const confirm = await app.fake.waitForResponse((r) => r.url === first.responseUrl);
    expect(JSON.stringify(confirm.body)).toContain("Your vote *5*");
    expect((confirm.body as { response_type?: string }).response_type).toBe("ephemeral");
    await waitForText(app, CHANNEL, one.ts, "Voted (1/2)");
    const again = await pick(a, "8");
    await app.fake.waitForResponse((r) => r.url === again.responseUrl);
    const stored = () => app.db.db.selectFrom("poker_votes").select(["user_id", "value", "reason"]).execute();
    expect(await stored()).toEqual([{ user_id: a, value: "8", reason: "" }]);

    // Until the reveal nothing Slack received says what the story is estimated at: the board of an
    // estimated story is the board of an unestimated one, in every post and update.
    const two = await startSession(app, `${fresh.number} <@${a}> <@${b}>`);
    await pick(a, "8", two.sessionId);
    await waitForText(app, CHANNEL, two.ts, "Voted (1/2)");
    const normalise = (blocks: unknown, s: { sessionId: number }, story: { number: number; title: string }) =>
      JSON.stringify(blocks)
        .replaceAll(story.title, "TITLE")
        .replaceAll(`#${story.number}`, "#N")
        .replaceAll(`poker_cards_${s.sessionId}"`, 'poker_cards_S"')
        .replaceAll(`poker_actions_${s.sessionId}"`, 'poker_actions_S"')
        .replace(/"block_id":"blk[0-9a-z]+"/g, "")
        .replaceAll(`"${s.sessionId}:`, '"S:')
        .replaceAll(`"value":"${s.sessionId}"`, '"value":"S"');
    expect(normalise(currentMessage(app, CHANNEL, one.ts).blocks, one, estimated)).toBe(
      normalise(currentMessage(app, CHANNEL, two.ts).blocks, two, fresh),
    );
    const sentToChannel = [...app.fake.callsTo("chat.postMessage"), ...app.fake.callsTo("chat.update")]
      .filter((c) => c.args.channel === CHANNEL)
      .map((c) => JSON.stringify(c.args));
    for (const payload of sentToChannel) expect(payload).not.toMatch(/8 pts|estimated|currently/);
    for (const r of app.fake.responses) expect(JSON.stringify(r.body)).not.toMatch(/8 pts|estimated at/);

    // The last invited vote reveals; the story's estimate appears only now.
    const before = app.fake.responses.length;
    const last = await pick(b, "?");
    expect(last.status).toBe(200);
    await waitForText(app, CHANNEL, one.ts, "estimated at 8 pts before");
    expect(app.fake.responses.slice(before).filter((r) => r.url === last.responseUrl)).toEqual([]);

    // A card clicked after the reveal is refused privately, the vote unchanged.
    const late = await pick(a, "1");
    const refusal = await app.fake.waitForResponse((r) => r.url === late.responseUrl);
    expect(JSON.stringify(refusal.body)).toContain("votes are closed");
    expect((await stored()).find((v) => v.user_id === a)?.value).toBe("8");
  });

  it("says how to use it when the story number is missing or unknown", async () => {
    const app = await start();
    await app.slack.command("/poker", "", { userId: PO, channelId: CHANNEL });
    const usage = await app.fake.waitForResponse();
    expect(JSON.stringify(usage.body)).toContain("Usage");
    await app.slack.command("/poker", "999", { userId: PO, channelId: CHANNEL });
    const missing = await app.fake.waitForResponse((r) => JSON.stringify(r.body).includes("#999"));
    expect(JSON.stringify(missing.body)).toContain("couldn't find story #999");
  });
});
