/**
 * Acks first (docs/development-acks.md): over signed HTTP, a request's work after its ack never
 * delays another request's ack, and a full post-ack queue still acks and tells the person privately.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startTestApp, TEST_TEAM_ID, type TestApp } from "../support/app-harness.js";

let t: TestApp;
afterEach(() => t.stop());

async function start(afterAck?: NonNullable<Parameters<typeof startTestApp>[0]>["afterAck"]) {
  t = await startTestApp(afterAck ? { afterAck } : {});
  t.fake.addUser({ id: "U1", name: "ana" });
  t.fake.addChannel({ id: "C1", name: "team" });
}

const opts = { userId: "U1", channelId: "C1" };

describe("acks first", () => {
  it("acks before the work, and a slow views.open does not delay another request's ack or reply", async () => {
    await start();
    t.fake.delayNext("views.open", 1_500);
    const story = await t.slack.command("/story", "Slow Slack", opts);
    expect(story.status).toBe(200);
    const backlog = await t.slack.command("/backlog", "", opts);
    expect(backlog.status).toBe(200);
    // The /story job is still waiting for Slack's answer to views.open…
    const open = await t.fake.waitFor("views.open", (c) => c.args.trigger_id === story.triggerId);
    // …while /backlog has been acked and answered on its response_url.
    const reply = await t.fake.waitForResponse((r) => r.url === backlog.responseUrl);
    expect(reply.at - open.at).toBeLessThan(1_500);
    expect(backlog.ms).toBeLessThan(1_000);
    await t.bot.settle();
    expect(t.bot.registry.work.stats()).toEqual({ running: 0, waiting: 0, refused: 0 });
  });

  it("with the queue full, acks and tells the person privately to try again; queued work still runs", async () => {
    // One job at a time, one waiting: the third request overflows.
    await start({ maxRunning: 1, maxWaiting: 1 });
    t.fake.delayNext("views.open", 800);
    const first = await t.slack.command("/story", "First", opts);
    await t.fake.waitFor("views.open", (c) => c.args.trigger_id === first.triggerId);
    const second = await t.slack.command("/story", "Second", opts);
    const third = await t.slack.command("/backlog", "", opts);
    expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);

    const busy = await t.fake.waitForResponse((r) => r.url === third.responseUrl);
    expect(busy.body).toMatchObject({ response_type: "ephemeral" });
    expect(JSON.stringify(busy.body)).toContain("try again in a minute");
    await t.bot.settle();
    // The waiting /story opened its modal once the first was done; the refused /backlog did nothing else.
    const opened = t.fake.callsTo("views.open").map((c) => c.args.trigger_id);
    expect(opened).toEqual([first.triggerId, second.triggerId]);
    expect(t.fake.responses.filter((r) => r.url === third.responseUrl)).toHaveLength(1);
    expect(t.bot.registry.work.stats()).toMatchObject({ running: 0, waiting: 0, refused: 1 });
  });

  it("holds post-ack work while requests keep arriving over HTTP, then does it", async () => {
    // A wide quiet window makes the hold visible at test speed (the default is 2 ms).
    await start({ quietMs: 400, maxHoldMs: 10_000 });
    const first = await t.slack.command("/backlog", "", opts);
    const sentAt: number[] = [];
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 100));
      sentAt.push(Date.now());
      expect((await t.slack.command("/backlog", "", opts)).status).toBe(200);
    }
    const reply = await t.fake.waitForResponse((r) => r.url === first.responseUrl, 5_000);
    // The first page waited for the requests after it to pause (the receiver tells the scheduler).
    expect(reply.at).toBeGreaterThanOrEqual((sentAt.at(-1) ?? 0) + 300);
    expect(first.status).toBe(200);
    await t.bot.settle();
    expect(t.fake.responses).toHaveLength(4);
  });

  it("holds post-ack work while envelopes keep arriving in Socket Mode too", async () => {
    t = await startTestApp({ socketMode: true, afterAck: { quietMs: 400, maxHoldMs: 10_000 } });
    t.fake.addUser({ id: "U1", name: "ana" });
    t.fake.addChannel({ id: "C1", name: "team", botIsMember: true });
    const push = () => {
      const responseUrl = t.fake.mintResponseUrl();
      t.fake.socketMode.push({
        type: "slash_commands",
        payload: {
          team_id: TEST_TEAM_ID,
          channel_id: "C1",
          user_id: "U1",
          command: "/backlog",
          text: "",
          api_app_id: "A0001",
          response_url: responseUrl,
          trigger_id: t.fake.mintTriggerId(),
        },
      });
      return responseUrl;
    };
    const first = push();
    let lastAt = 0;
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 100));
      lastAt = Date.now();
      push();
    }
    const reply = await t.fake.waitForResponse((r) => r.url === first, 5_000);
    expect(reply.at).toBeGreaterThanOrEqual(lastAt + 300);
  });
});
