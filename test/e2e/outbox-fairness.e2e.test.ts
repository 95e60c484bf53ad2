/**
 * The real app (HTTP mode, SQLite file, injected clock) against the fake Slack, with two
 * workspaces due at the same minute: A fans out DMs, B has a few prompts. Slack's limits are per
 * workspace (the fake counts a DM to `UA…` against A and one to `UB…` against B), and so is the
 * outbox's pacing: B's prompts go out while A's fan-out is in progress, and a 429 for A holds A only.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app-harness.js";
import type { RecordedCall } from "../support/fake-slack.js";

const DUE = new Date("2026-11-30T08:00:00Z"); // 09:00 Berlin

describe("outbox fairness between workspaces, end to end", () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  async function start(): Promise<TestApp> {
    t = await startTestApp({
      now: "2026-11-30T07:59:00Z",
      fakeOptions: { workspaceOf: ({ args }) => String(args.channel).slice(0, 2) },
      scheduling: { jobs: { timers: false }, pacing: { workspacePerSecond: 10 } },
    });
    const bot = t.bot;
    bot.scheduler.registerJob("test.prompts", async (ctx) => {
      await bot.outbox.enqueueMany(
        (ctx.payload.users as string[]).map((user) => ({
          teamId: ctx.teamId,
          channel: user,
          text: `Standup time (${ctx.localDue})`,
          idempotencyKey: `prompt:${ctx.scheduleId}:${ctx.localDue}:${user}`,
        })),
      );
    });
    return t;
  }
  async function schedule(teamId: string, users: string[], time: string) {
    await t?.bot.scheduler.upsert({
      teamId,
      jobKind: "test.prompts",
      refId: `daily-${time}`,
      recurrence: { kind: "weekly", days: [1, 2, 3, 4, 5], time },
      timeZone: "Europe/Berlin",
      payload: { users },
      label: "Daily standup",
    });
  }
  const people = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, "0")}`);
  const posts = (app: TestApp, prefix: string) =>
    app.fake
      .callsTo("chat.postMessage")
      .filter((c) => c.response.ok && String(c.args.channel).startsWith(prefix));
  const lastAt = (calls: RecordedCall[]) => Math.max(...calls.map((c) => c.at));

  it("B's prompts go out while A's 60-DM fan-out due at the same minute is still in progress", async () => {
    const app = await start();
    await schedule("TA", people("UA", 60), "09:00");
    await schedule("TB", people("UB", 5), "09:00");
    await app.bot.jobs.tick(DUE);
    const startedAt = Date.now();
    const drained = app.bot.outbox.drain();
    await app.fake.waitFor("chat.postMessage", () => posts(app, "UB").length === 5, 10_000);
    // At 10 a second, A's fan-out needs ~6 s; B's 5 prompts don't queue behind it.
    expect(posts(app, "UA").length).toBeLessThan(60);
    expect(lastAt(posts(app, "UB")) - startedAt).toBeLessThan(3000);
    await drained;
    expect(new Set(posts(app, "UA").map((c) => c.args.channel)).size).toBe(60);
    expect(posts(app, "UA")).toHaveLength(60);
    expect(posts(app, "UB")).toHaveLength(5);
    expect(await app.bot.outbox.counts("TB")).toEqual({ sent: 5 });
  }, 60_000);

  it("a 429 for A holds A only: B's prompts go out during A's Retry-After", async () => {
    const app = await start();
    // Slack takes 5 posts a second per workspace; A's 10 a second runs into a 429 (Retry-After 3 s).
    app.fake.setRateLimit("chat.postMessage", { perSecond: 5, retryAfterSeconds: 3 });
    await schedule("TA", people("UA", 20), "09:00");
    await schedule("TB", people("UB", 4), "09:01");
    await app.bot.jobs.tick(DUE);
    const drainedA = app.bot.outbox.drain();
    const limited = await app.fake.waitFor("chat.postMessage", (c) => c.status === 429, 10_000);
    expect(String(limited.args.channel)).toMatch(/^UA/);
    // B's minute comes while A is held.
    await app.bot.jobs.tick(new Date(DUE.getTime() + 60_000));
    const drainedB = app.bot.outbox.drain();
    await app.fake.waitFor("chat.postMessage", () => posts(app, "UB").length === 4, 10_000);
    expect(lastAt(posts(app, "UB"))).toBeLessThan(limited.at + 3000);
    const bLimited = app.fake
      .callsTo("chat.postMessage")
      .filter((c) => c.status === 429 && String(c.args.channel).startsWith("UB"));
    expect(bLimited).toEqual([]);
    // A honoured its Retry-After: nothing new for A inside the hold, beyond calls already on the wire.
    const aInHold = app.fake
      .callsTo("chat.postMessage")
      .filter(
        (c) => String(c.args.channel).startsWith("UA") && c.at > limited.at + 500 && c.at < limited.at + 2990,
      );
    expect(aInHold).toEqual([]);
    await Promise.all([drainedA, drainedB]);
    expect(posts(app, "UA")).toHaveLength(20);
    expect(await app.bot.outbox.counts("TA")).toEqual({ sent: 20 });
  }, 60_000);
});
