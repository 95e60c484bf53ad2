/**
 * Retro anonymity in the logs, at debug level (the most the app ever logs), in both modes: two
 * people add cards, then no captured log line holds a card's text, so none can pair it with its
 * author's user id. Socket Mode matters most: its client logs every received envelope whole.
 */
import { afterEach, describe, expect, it } from "vitest";
import { RetroIds } from "../../src/slack/ids.js";
import { startTestApp, TEST_TEAM_ID, type TestApp } from "../support/app-harness.js";
import { fillModal } from "../support/modal.js";

const ALICE = "U0ALICE";
const BOB = "U0BOB";
const CHANNEL = "C0TEAM";
const CARDS = [
  { userId: ALICE, category: "well", text: "Pairing on the importer was great" },
  { userId: BOB, category: "improve", text: "Deploys took forever" },
];

let t: TestApp;
afterEach(() => t.stop());

async function start(socketMode: boolean) {
  t = await startTestApp({ socketMode, logLevel: "debug", now: "2026-12-01T10:00:00Z" });
  t.fake.addUser({ id: ALICE, name: "alice", tz: "Europe/Berlin" });
  t.fake.addUser({ id: BOB, name: "bob", tz: "Europe/Berlin" });
  t.fake.addChannel({ id: CHANNEL, name: "team", botIsMember: true });
}

/** `/retro` then the card form, as Slack sends them in Socket Mode (envelopes over the socket). */
async function addCardOverSocket(userId: string, category: string, text: string) {
  const triggerId = t.fake.mintTriggerId();
  const command = t.fake.socketMode.push({
    type: "slash_commands",
    payload: {
      team_id: TEST_TEAM_ID,
      channel_id: CHANNEL,
      user_id: userId,
      command: "/retro",
      text: "",
      api_app_id: "A0001",
      response_url: t.fake.mintResponseUrl(),
      trigger_id: triggerId,
    },
  });
  await t.fake.socketMode.waitForAck(command, 3000);
  const view = (await t.fake.waitFor("views.open", (c) => c.args.trigger_id === triggerId)).response
    .view as Record<string, unknown>;
  const values = fillModal(view, { [RetroIds.categoryBlock]: category, [RetroIds.textBlock]: text });
  const submission = t.fake.socketMode.push({
    type: "interactive",
    payload: {
      type: "view_submission",
      api_app_id: "A0001",
      team: { id: TEST_TEAM_ID, domain: "fake-team" },
      user: { id: userId, username: userId, name: userId, team_id: TEST_TEAM_ID },
      trigger_id: t.fake.mintTriggerId({ viewId: view.id as string }),
      view: { ...view, team_id: TEST_TEAM_ID, app_id: "A0001", state: { values } },
      response_urls: [],
    },
  });
  const ack = await t.fake.socketMode.waitForAck(submission, 3000);
  expect(ack.payload).toMatchObject({ response_action: "update" });
}

async function addCardOverHttp(userId: string, category: string, text: string) {
  t.fake.clearCalls();
  await t.slack.command("/retro", "", { userId, channelId: CHANNEL });
  const view = (await t.fake.waitFor("views.open")).args.view as Record<string, unknown>;
  const res = await t.slack.viewSubmission({
    userId,
    view,
    values: fillModal(view, { [RetroIds.categoryBlock]: category, [RetroIds.textBlock]: text }),
  });
  expect((res.json as { response_action?: string }).response_action).toBe("update");
}

async function expectNoCardInLogs() {
  // Sorted here, not by ORDER BY: PostgreSQL's collation may order text unlike SQLite's binary one.
  const rows = await t.db.db
    .selectFrom("retro_cards")
    .where("team_id", "=", TEST_TEAM_ID)
    .select("text")
    .execute();
  expect(rows.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0))).toEqual([
    { text: CARDS[1]?.text },
    { text: CARDS[0]?.text },
  ]);
  // Debug lines were written, about the requests too (without the payload cut they held them whole).
  expect(t.logs.some((l) => l.includes('"level":"debug"'))).toBe(true);
  expect(t.logs.some((l) => l.includes("[payload redacted]"))).toBe(true);
  for (const line of t.logs) {
    for (const card of CARDS) {
      expect(line, "a log line holds a card's text").not.toContain(card.text.slice(0, 12));
    }
  }
}

describe("retro cards at LOG_LEVEL=debug", () => {
  it("Socket Mode: no log line holds a card's text", async () => {
    await start(true);
    for (const c of CARDS) await addCardOverSocket(c.userId, c.category, c.text);
    await expectNoCardInLogs();
  });

  it("HTTP mode: no log line holds a card's text", async () => {
    await start(false);
    for (const c of CARDS) await addCardOverHttp(c.userId, c.category, c.text);
    await expectNoCardInLogs();
  });
});
