/**
 * Retrospective end to end over HTTP: anonymous cards from two people (and proof, from a dump of every
 * table and the app's own logs, that nothing ties a card to its author), the reveal grouped by column,
 * dot votes with the per-person limit, action items with an owner and due date, and open items carried
 * to the next retro and listed for their owner.
 */
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RetroIds } from "../../src/slack/ids.js";
import { startTestApp, type TestApp } from "../support/app-harness.js";
import { validateMessageBlocks, validateView } from "../support/block-kit-limits.js";
import { fillModal } from "../support/modal.js";

const ALICE = "U0ALICE";
const BOB = "U0BOB";
const FAC = "U0FACIL";
const CHANNEL = "C0TEAM";

let t: TestApp;
beforeEach(async () => {
  // Debug level: the most the app ever logs, so the log check below covers everything.
  t = await startTestApp({ logLevel: "debug", now: "2026-12-01T10:00:00Z" });
  for (const [id, name] of [
    [ALICE, "alice"],
    [BOB, "bob"],
    [FAC, "fran"],
  ] as const) {
    t.fake.addUser({ id, name, tz: "Europe/Berlin" });
  }
  t.fake.addChannel({ id: CHANNEL, name: "team", botIsMember: true });
});
afterEach(() => t.stop());

async function addCard(userId: string, category: string, text: string) {
  t.fake.clearCalls();
  await t.slack.command("/retro", "", { userId, channelId: CHANNEL });
  const view = (await t.fake.waitFor("views.open")).args.view as Record<string, unknown>;
  expect(validateView(view)).toEqual([]);
  const res = await t.slack.viewSubmission({
    userId,
    view,
    values: fillModal(view, { [RetroIds.categoryBlock]: category, [RetroIds.textBlock]: text }),
  });
  expect(res.status).toBe(200);
  return res.json as { response_action?: string; view?: unknown; errors?: Record<string, string> };
}

/** Every row of every table in the database (this test's schema on PostgreSQL), as JSON text per table. */
async function dumpAllTables(): Promise<Record<string, string[]>> {
  const db = t.db.db;
  const tables =
    t.db.dialect === "postgres"
      ? await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables
          WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(db)
      : await sql<{ name: string }>`SELECT name FROM sqlite_master
          WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`.execute(db);
  const dump: Record<string, string[]> = {};
  for (const { name } of tables.rows) {
    const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(name)}`.execute(db);
    dump[name] = rows.rows.map((r) => JSON.stringify(r));
  }
  return dump;
}

async function reveal(userId = FAC) {
  t.fake.clearCalls();
  await t.slack.command("/retro", "reveal", { userId, channelId: CHANNEL });
  const post = await t.fake.waitFor("chat.postMessage");
  return { ts: (post.response as unknown as { ts: string }).ts, blocks: post.args.blocks as unknown[] };
}

function cardButton(blocks: unknown[], text: string): string {
  const b = (
    blocks as { text?: { text?: string }; accessory?: { action_id?: string; value?: string } }[]
  ).find((x) => x.accessory?.action_id === RetroIds.vote && x.text?.text === text);
  if (!b?.accessory?.value) throw new Error(`no vote button for ${text}`);
  return b.accessory.value;
}

async function vote(userId: string, value: string, ts: string) {
  const before = t.fake.responses.length;
  await t.slack.blockAction({
    userId,
    channelId: CHANNEL,
    message: { ts },
    actions: [{ action_id: RetroIds.vote, block_id: "b", value }],
  });
  return t.fake.waitForResponse(
    (r) => t.fake.responses.indexOf(r) >= before && JSON.stringify(r.body).includes("ephemeral"),
  );
}

describe("retro", () => {
  it("stores cards without any trace of their authors: every table, and the logs", async () => {
    const aliceText = "Pairing on the importer was great";
    const bobText = "Deploys took forever <!channel>";
    const a = await addCard(ALICE, "well", aliceText);
    expect(a.response_action).toBe("update");
    expect(JSON.stringify(a.view)).not.toContain(aliceText);
    const b = await addCard(BOB, "improve", bobText);
    expect(JSON.stringify(b.view)).toContain("2 cards");

    const dump = await dumpAllTables();
    expect(Object.keys(dump)).toContain("retro_cards");
    for (const [table, rows] of Object.entries(dump)) {
      for (const row of rows) {
        expect(row, `${table} row mentions a card author`).not.toContain(ALICE);
        expect(row, `${table} row mentions a card author`).not.toContain(BOB);
      }
    }
    // The cards are there, with their text and column only.
    const cards: Record<string, unknown>[] = await t.db.db
      .selectFrom("retro_cards")
      .selectAll()
      .where("team_id", "=", "T0001")
      .orderBy("id")
      .execute();
    expect(cards.map((c) => Object.keys(c).sort())).toEqual([
      ["category", "id", "public_id", "retro_id", "team_id", "text"],
      ["category", "id", "public_id", "retro_id", "team_id", "text"],
    ]);
    // The retro the first card opened keeps neither that card's channel nor its time.
    expect(
      await t.db.db
        .selectFrom("retros")
        .select(["channel_id", "opened_by", "created_at"])
        .where("team_id", "=", "T0001")
        .execute(),
    ).toEqual([{ channel_id: "", opened_by: "", created_at: "1970-01-01T00:00:00.000Z" }]);
    expect(cards.map((c) => [c.category, c.text])).toEqual([
      ["well", aliceText],
      ["improve", bobText],
    ]);
    // The card text never reaches the logs (which do carry user ids for other things).
    expect(t.logs.length).toBeGreaterThan(0);
    for (const line of t.logs) {
      expect(line).not.toContain("Pairing on the importer");
      expect(line).not.toContain("Deploys took forever");
    }
  });

  it("refuses an empty card on the field and stores nothing", async () => {
    const res = await addCard(ALICE, "idea", "   ");
    expect(res.response_action).toBe("errors");
    expect(Object.keys(res.errors ?? {})).toEqual([RetroIds.textBlock]);
    expect(
      await t.db.db.selectFrom("retro_cards").selectAll().where("team_id", "=", "T0001").execute(),
    ).toHaveLength(0);
  });

  it("reveals grouped by column, takes dot votes within the limit, records action items and carries open ones", async () => {
    await addCard(ALICE, "well", "Great demo");
    await addCard(BOB, "improve", "Flaky CI");
    await addCard(BOB, "idea", "Mob on Fridays");
    await addCard(ALICE, "improve", "Too many meetings");

    const { ts, blocks } = await reveal();
    expect(validateMessageBlocks(blocks)).toEqual([]);
    const text = JSON.stringify(blocks);
    // Columns in order, each card under its column.
    const well = text.indexOf("Went well");
    const improve = text.indexOf("To improve");
    const idea = text.indexOf("Idea");
    expect(well).toBeGreaterThan(-1);
    expect(well).toBeLessThan(text.indexOf("Great demo"));
    expect(text.indexOf("Great demo")).toBeLessThan(improve);
    expect(improve).toBeLessThan(text.indexOf("Flaky CI"));
    expect(text.indexOf("Too many meetings")).toBeLessThan(idea);
    expect(idea).toBeLessThan(text.indexOf("Mob on Fridays"));
    expect(text).not.toContain(ALICE);
    expect(text).not.toContain(BOB);

    // Dot votes: 3 each, a click again takes one back, the 4th is refused politely.
    const flaky = cardButton(blocks, "Flaky CI");
    const r1 = await vote(ALICE, flaky, ts);
    expect(JSON.stringify(r1.body)).toContain("2 left");
    const board = t.fake.responses.find(
      (r) => (r.body as { replace_original?: boolean }).replace_original === true,
    );
    expect(JSON.stringify(board?.body)).toContain("Vote · 1");
    await vote(BOB, flaky, ts);
    await vote(ALICE, cardButton(blocks, "Great demo"), ts);
    await vote(ALICE, cardButton(blocks, "Mob on Fridays"), ts);
    const before = t.fake.responses.length;
    await t.slack.blockAction({
      userId: ALICE,
      channelId: CHANNEL,
      message: { ts },
      actions: [{ action_id: RetroIds.vote, block_id: "b", value: cardButton(blocks, "Too many meetings") }],
    });
    const refused = await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= before);
    expect(JSON.stringify(refused.body)).toMatch(/used your 3 dots/);
    const votes = await t.db.db.selectFrom("retro_votes").select(["user_id", "card_id"]).execute();
    expect(votes).toHaveLength(4);
    // Un-vote: click again.
    const undo = await vote(ALICE, flaky, ts);
    expect(JSON.stringify(undo.body)).toContain("Dot taken back");
    expect(await t.db.db.selectFrom("retro_votes").selectAll().execute()).toHaveLength(3);

    // Action item: owner and due date.
    const retroId = flaky.split(":")[0] ?? "";
    t.fake.clearCalls();
    await t.slack.blockAction({
      userId: FAC,
      channelId: CHANNEL,
      message: { ts },
      actions: [{ action_id: RetroIds.addAction, block_id: "b", value: retroId }],
    });
    const modal = (await t.fake.waitFor("views.open")).args.view as Record<string, unknown>;
    expect(validateView(modal)).toEqual([]);
    const bad = await t.slack.viewSubmission({
      userId: FAC,
      view: modal,
      values: fillModal(modal, {
        [RetroIds.actionTextBlock]: "Quarantine flaky tests",
        [RetroIds.ownerBlock]: BOB,
        [RetroIds.dueBlock]: "2026-11-01",
      }),
    });
    expect((bad.json as { errors: Record<string, string> }).errors[RetroIds.dueBlock]).toMatch(/past/);
    const ok = await t.slack.viewSubmission({
      userId: FAC,
      view: modal,
      values: fillModal(modal, {
        [RetroIds.actionTextBlock]: "Quarantine flaky tests",
        [RetroIds.ownerBlock]: BOB,
        [RetroIds.dueBlock]: "2026-12-10",
      }),
    });
    expect(ok.status).toBe(200);
    const update = await t.fake.waitFor("chat.update");
    expect(update.args.ts).toBe(ts);
    expect(JSON.stringify(update.args.blocks)).toContain("Quarantine flaky tests");
    expect(JSON.stringify(update.args.blocks)).toContain(`<@${BOB}>`);
    expect(JSON.stringify(update.args.blocks)).toContain("due Thu 10 Dec");
    // The owner is told in a DM (the board's mention alone notifies nobody), once, through the outbox.
    const dm = await t.fake.waitFor("chat.postMessage", (c) => c.args.channel === BOB);
    expect(String(dm.args.text)).toContain("Quarantine flaky tests");
    expect(String(dm.args.text)).toContain("due Thu 10 Dec");
    expect(String(dm.args.text)).toContain(`<@${FAC}>`);
    expect(
      await t.db.db.selectFrom("outbox").select("idempotency_key").where("channel", "=", BOB).execute(),
    ).toHaveLength(1);
    expect(
      await t.db.db
        .selectFrom("retro_actions")
        .select(["text", "owner_id", "due_on", "state", "created_by"])
        .execute(),
    ).toEqual([
      { text: "Quarantine flaky tests", owner_id: BOB, due_on: "2026-12-10", state: "open", created_by: FAC },
    ]);

    // Close; the owner sees the item; the next retro lists it as still open.
    await t.slack.blockAction({
      userId: FAC,
      channelId: CHANNEL,
      message: { ts },
      actions: [{ action_id: RetroIds.close, block_id: "b", value: retroId }],
    });
    await t.fake.waitForResponse((r) => JSON.stringify(r.body).includes("Retrospective (closed)"));
    const n = t.fake.responses.length;
    await t.slack.command("/retro", "actions", { userId: BOB, channelId: CHANNEL });
    const mine = await t.fake.waitForResponse((r) => t.fake.responses.indexOf(r) >= n);
    expect(JSON.stringify(mine.body)).toContain("Quarantine flaky tests");

    await addCard(ALICE, "well", "Fewer meetings");
    const next = await reveal();
    expect(JSON.stringify(next.blocks)).toContain("Still open from earlier retros");
    expect(JSON.stringify(next.blocks)).toContain("Quarantine flaky tests");
  });

  it("keeps the board order fixed while people vote, sorts by votes once closed, never by writing order", async () => {
    // Written in an order that is neither alphabetical nor the final vote order.
    await addCard(BOB, "well", "Gamma");
    await addCard(ALICE, "well", "Alpha");
    await addCard(BOB, "well", "Beta");
    const { ts, blocks } = await reveal();
    const order = (b: unknown) =>
      ["Alpha", "Beta", "Gamma"].sort((x, y) => JSON.stringify(b).indexOf(x) - JSON.stringify(b).indexOf(y));
    expect(order(blocks)).toEqual(["Alpha", "Beta", "Gamma"]);
    // Button values carry random public ids, not row numbers.
    const gamma = cardButton(blocks, "Gamma");
    expect(gamma).toMatch(/^\d+:[0-9a-f]{16}$/);
    const publicIds = await t.db.db.selectFrom("retro_cards").select("public_id").execute();
    expect(publicIds.map((r) => `${gamma.split(":")[0]}:${r.public_id}`)).toContain(gamma);

    await vote(ALICE, gamma, ts);
    await vote(BOB, gamma, ts);
    const boards = t.fake.responses.filter(
      (r) => (r.body as { replace_original?: boolean }).replace_original,
    );
    expect(boards).toHaveLength(2);
    for (const b of boards) expect(order(b.body)).toEqual(["Alpha", "Beta", "Gamma"]);
    expect(JSON.stringify(boards[1]?.body)).toContain("Vote · 2");

    await t.slack.blockAction({
      userId: FAC,
      channelId: CHANNEL,
      message: { ts },
      actions: [{ action_id: RetroIds.close, block_id: "b", value: gamma.split(":")[0] ?? "" }],
    });
    const closed = await t.fake.waitForResponse((r) =>
      JSON.stringify(r.body).includes("Retrospective (closed)"),
    );
    expect(order(closed.body)).toEqual(["Gamma", "Alpha", "Beta"]);
  });

  it("fits Slack's limits with 150 cards: buttons for some, a select for the rest", async () => {
    const retro = await t.db.db
      .insertInto("retros")
      .values({
        team_id: "T0001",
        channel_id: CHANNEL,
        state: "collecting",
        opened_by: "",
        created_at: "2026-12-01T00:00:00Z",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (let i = 0; i < 150; i++) {
      await t.db.db
        .insertInto("retro_cards")
        .values({
          team_id: "T0001",
          retro_id: retro.id,
          category: ["well", "improve", "idea"][i % 3] ?? "well",
          text: `${"Card ".repeat(100)}${i} 🎉 <b>`,
          public_id: randomBytes(8).toString("hex"),
        })
        .execute();
    }
    const { blocks } = await reveal();
    expect(validateMessageBlocks(blocks)).toEqual([]);
    expect(JSON.stringify(blocks)).toContain(RetroIds.voteSelect);
    expect(JSON.stringify(blocks)).not.toContain("<b>");
  });
});
