/**
 * Every outside call is bounded (hardening item 5): a Slack that never answers, a failing Slack
 * (circuit breaker), and `/healthz` turning 503 when the database can't be written or the
 * scheduler stalls.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app-harness.js";
import { onPostgres } from "../support/db.js";

const USER = "U0PO";
const CHANNEL = "C0TEAM";
let t: TestApp | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

async function start(opts: Parameters<typeof startTestApp>[0] = {}): Promise<TestApp> {
  t = await startTestApp({ env: { SLACK_TIMEOUT_MS: "300" }, ...opts });
  t.fake.addUser({ id: USER, name: "pat" });
  t.fake.addChannel({ id: CHANNEL, name: "team", botIsMember: true });
  return t;
}

async function health(app: TestApp): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${app.baseUrl}/healthz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("Slack calls are bounded", () => {
  it("a handler whose Slack call never answers finishes after the timeout and the person is told", async () => {
    const app = await start();
    app.fake.delayNext("views.open", 20_000);
    const startedAt = performance.now();
    const res = await app.slack.command("/story", "Slow Slack", { userId: USER, channelId: CHANNEL });
    expect(res.status).toBe(200);
    const reply = await app.fake.waitForResponse((r) => JSON.stringify(r.body).includes("didn't answer"));
    expect(JSON.stringify(reply.body)).toContain("try again in a minute");
    await app.bot.settle();
    expect(app.bot.inFlight()).toBe(0);
    // 300 ms timeout, no retries in tests: far below the 20 s Slack would have taken.
    expect(performance.now() - startedAt).toBeLessThan(5_000);
  });

  it("after repeated failures calls pause (no request reaches Slack) and resume after the pause", async () => {
    const app = await start({
      env: { SLACK_TIMEOUT_MS: "200", SLACK_BREAKER_THRESHOLD: "2" },
      slackFetch: { basePauseMs: 1_000 },
    });
    app.fake.delayNext("views.open", 20_000, 2);
    for (const title of ["one", "two"]) {
      await app.slack.command("/story", title, { userId: USER, channelId: CHANNEL });
      const seen = app.fake.responses.length;
      await app.fake.waitForResponse((r) => app.fake.responses.indexOf(r) >= seen);
      await app.bot.settle();
    }
    expect(app.fake.callsTo("views.open")).toHaveLength(2);
    // Open: the third attempt is refused at once, without a request to Slack, and the person is told.
    const before = app.fake.responses.length;
    await app.slack.command("/story", "three", { userId: USER, channelId: CHANNEL });
    const reply = await app.fake.waitForResponse((r) => app.fake.responses.indexOf(r) >= before);
    expect(JSON.stringify(reply.body)).toContain("didn't answer in time");
    await app.bot.settle();
    expect(app.fake.callsTo("views.open")).toHaveLength(2);
    expect(app.bot.inFlight()).toBe(0);
    expect(app.logs.some((l) => l.includes("slack keeps failing; pausing calls"))).toBe(true);
    // After the pause the next call goes through and succeeds.
    await new Promise((r) => setTimeout(r, 1_100));
    await app.slack.command("/story", "four", { userId: USER, channelId: CHANNEL });
    const fourth = await app.fake.waitFor(
      "views.open",
      (c) =>
        app.fake.calls.indexOf(c) > 0 &&
        c.args.view !== undefined &&
        JSON.stringify(c.args.view).includes("four"),
    );
    expect(fourth.response.ok).toBe(true);
    expect(app.fake.callsTo("views.open")).toHaveLength(3);
  });
});

describe("/healthz", () => {
  // SQLite only: read-only and full-disk failures are provoked through the SQLite file.
  it.skipIf(onPostgres)("answers 503 when the database refuses writes", async () => {
    const app = await start({ health: { probeEveryMs: 0 } });
    expect((await health(app)).status).toBe(200);
    app.db.sqlite.pragma("query_only = ON");
    const down = await health(app);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: "database_unwritable" });
    app.db.sqlite.pragma("query_only = OFF");
    expect((await health(app)).status).toBe(200);
  });

  it.skipIf(onPostgres)(
    "answers 503 with one clear log line when the database is full (SQLITE_FULL)",
    async () => {
      const app = await start({ health: { probeEveryMs: 0 } });
      const sqlite = app.db.sqlite;
      sqlite.exec("CREATE TABLE filler (b BLOB)");
      const pages = sqlite.pragma("page_count", { simple: true }) as number;
      sqlite.pragma(`max_page_count = ${pages + 4}`);
      expect(() => {
        for (let i = 0; i < 100; i++) sqlite.prepare("INSERT INTO filler VALUES (zeroblob(4096))").run();
      }).toThrow(/full/i);
      const down = await health(app);
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ status: "database_full" });
      await health(app);
      const lines = app.logs.filter((l) => l.includes("SQLITE_FULL"));
      expect(lines).toHaveLength(1); // once, not once per probe
      expect(lines[0]).toContain("free disk space");
    },
  );

  it("answers 503 when the scheduler has not ticked for over a minute", async () => {
    const app = await start({ scheduling: { jobs: { tickIntervalMs: 3_600_000 } } });
    expect((await health(app)).status).toBe(200);
    app.clock.advance(59_000);
    expect((await health(app)).status).toBe(200);
    app.clock.advance(2_000);
    const down = await health(app);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: "scheduler_stalled" });
  });
});
