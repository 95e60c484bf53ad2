/**
 * `GET /metrics` end to end: traffic on every surface, outbox deliveries (sent, failed, retried,
 * a 429) and a late scheduled run move the right series with the right labels; the outbox gauges
 * come from the database; METRICS_TOKEN guards the endpoint; each app instance has its own
 * registry; Socket Mode serves /metrics on its health server.
 */
import { afterEach, describe, expect, it } from "vitest";
import { RequestBlocks, SprintIds } from "../../src/slack/ids.js";
import { startTestApp, TEST_TEAM_ID, type TestApp } from "../support/app-harness.js";
import { onPostgres } from "../support/db.js";
import { fillModal } from "../support/modal.js";

const USER = "U0DEV";
const CHANNEL = "C0TEAM";
const TYPED = "Export the ledger for Zoë";

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition. */
function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? "").matchAll(/([a-zA-Z_]+)="((?:[^"\\]|\\.)*)"/g))
      labels[l[1] as string] = l[2] as string;
    samples.push({ name: m[1] as string, labels, value: Number(m[3]) });
  }
  return samples;
}

function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    ?.value;
}

async function scrape(t: TestApp, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.baseUrl}/metrics`, { headers });
  const text = await res.text();
  return { res, text, samples: res.status === 200 ? parse(text) : [] };
}

const apps: TestApp[] = [];
afterEach(async () => {
  for (const t of apps.splice(0).reverse()) await t.stop();
});

async function start(options: Parameters<typeof startTestApp>[0] = {}): Promise<TestApp> {
  const t = await startTestApp({
    now: "2026-11-30T07:00:00Z",
    scheduling: { jobs: { timers: false }, pacing: { quickRetries: 0 } },
    ...options,
  });
  apps.push(t);
  t.fake.addUser({ id: USER, name: "dev" });
  t.fake.addChannel({ id: CHANNEL, name: "team", botIsMember: true });
  return t;
}

describe("GET /metrics", () => {
  it("counts acks per surface, outbox outcomes, 429s and scheduler lag, with low-cardinality labels", async () => {
    const t = await start();
    const before = await scrape(t);
    expect(before.res.status).toBe(200);
    expect(before.res.headers.get("content-type")).toContain("text/plain");
    expect(value(before.samples, "scrumbot_info", { mode: "http", dialect: t.db.dialect })).toBe(1);
    expect(value(before.samples, "scrumbot_outbox_pending")).toBe(0);
    expect(value(before.samples, "scrumbot_outbox_oldest_pending_age_seconds")).toBe(0);

    // A command, a view submission, an action and an event.
    expect((await t.slack.command("/scrum", "help", { userId: USER, channelId: CHANNEL })).status).toBe(200);
    await t.slack.command("/request", TYPED, { userId: USER, channelId: CHANNEL });
    const open = await t.fake.waitFor("views.open", () => true);
    const view = open.response.view as Record<string, unknown>;
    const values = fillModal(view, {
      [RequestBlocks.why]: "the auditors need it",
      [RequestBlocks.whoAsks]: "Finance",
      [RequestBlocks.urgency]: "urgent",
    });
    expect((await t.slack.viewSubmission({ userId: USER, view, values })).status).toBe(200);
    await t.slack.blockAction({
      userId: USER,
      channelId: CHANNEL,
      actions: [{ action_id: SprintIds.carry, block_id: "sprint_close", value: "1" }],
    });
    await t.slack.event({ type: "app_home_opened", user: USER, channel: "D0DEV", tab: "home" });
    await t.bot.settle();

    // Outbox: one sent after a 429, one failing for good, one failing for now (stays pending).
    const enqueue = (channel: string, key: string) =>
      t.bot.outbox.enqueue({ teamId: TEST_TEAM_ID, channel, text: "hello", idempotencyKey: key });
    t.fake.failNextHttp("chat.postMessage", 429, 1);
    await enqueue(CHANNEL, "sent");
    await t.bot.outbox.drain();
    t.fake.failNext("chat.postMessage", "channel_not_found", 1);
    await enqueue("C0GONE", "failed");
    await t.bot.outbox.drain();
    t.fake.failNextHttp("chat.postMessage", 503, 1);
    await enqueue(CHANNEL, "retried");
    await t.bot.outbox.drain();
    expect((await t.bot.outbox.find(TEST_TEAM_ID, "retried"))?.state).toBe("pending");

    // A scheduled occurrence due at 08:00 that runs 90 s late.
    t.bot.scheduler.registerJob("test.metrics", async () => {});
    await t.bot.scheduler.upsert({
      teamId: TEST_TEAM_ID,
      jobKind: "test.metrics",
      refId: "once",
      recurrence: { kind: "weekly", days: [1], time: "08:00" },
      timeZone: "UTC",
      label: "metrics probe",
    });
    t.clock.set("2026-11-30T08:01:30Z");
    await t.bot.jobs.tick(t.clock.now());

    const { samples, text } = await scrape(t);
    const acks = (surface: string, name: string) =>
      value(samples, "scrumbot_ack_duration_seconds_count", { surface, name });
    expect(acks("command", "/scrum")).toBe(1);
    expect(acks("command", "/request")).toBe(1);
    expect(acks("view", "request_submit")).toBe(1);
    expect(acks("action", SprintIds.carry)).toBe(1);
    expect(acks("event", "app_home_opened")).toBe(1);
    // Within the last bucket (+Inf) and, on any machine, under Slack's 3 s.
    expect(
      value(samples, "scrumbot_ack_duration_seconds_bucket", { surface: "command", name: "/scrum", le: "3" }),
    ).toBe(1);
    // Label values are registered ids, never what people typed.
    expect(text).not.toContain("Zoë");
    expect(text).not.toContain("ledger");

    expect(value(samples, "scrumbot_outbox_deliveries_total", { outcome: "sent" })).toBe(1);
    expect(value(samples, "scrumbot_outbox_deliveries_total", { outcome: "failed" })).toBe(1);
    expect(value(samples, "scrumbot_outbox_deliveries_total", { outcome: "retried" })).toBe(1);
    expect(value(samples, "scrumbot_slack_rate_limited_total", { call: "chat.postMessage" })).toBe(1);

    // Read from the database at the scrape: the retried row, enqueued at 07:00, is 61.5 minutes old.
    expect(value(samples, "scrumbot_outbox_pending")).toBe(1);
    expect(value(samples, "scrumbot_outbox_oldest_pending_age_seconds")).toBe(90 + 60 * 60);

    const lag = (le: string) =>
      value(samples, "scrumbot_scheduler_lag_seconds_bucket", { job: "test.metrics", le });
    expect(lag("60")).toBe(0);
    expect(lag("300")).toBe(1);
    expect(value(samples, "scrumbot_scheduler_lag_seconds_sum", { job: "test.metrics" })).toBe(90);

    // prom-client's process metrics, event-loop delay included; pool gauges only where there is a pool.
    expect(value(samples, "nodejs_eventloop_lag_p99_seconds")).toBeGreaterThanOrEqual(0);
    expect(value(samples, "process_cpu_seconds_total")).toBeGreaterThan(0);
    expect(samples.some((s) => s.name === "scrumbot_db_pool_connections")).toBe(onPostgres);
  });

  it("keeps one registry per app instance", async () => {
    const a = await start();
    const b = await start({ fake: a.fake });
    await a.slack.command("/scrum", "help", { userId: USER, channelId: CHANNEL });
    await a.bot.settle();
    const count = (s: Awaited<ReturnType<typeof scrape>>) =>
      value(s.samples, "scrumbot_ack_duration_seconds_count", { surface: "command", name: "/scrum" });
    expect(count(await scrape(a))).toBe(1);
    expect(count(await scrape(b))).toBeUndefined();
  });

  it("asks for the bearer token when METRICS_TOKEN is set", async () => {
    const token = "s3cret-metrics-token-0123";
    const t = await start({ env: { METRICS_TOKEN: token } });
    const anonymous = await scrape(t);
    expect(anonymous.res.status).toBe(401);
    expect(anonymous.res.headers.get("www-authenticate")).toContain("Bearer");
    expect((await scrape(t, { authorization: "Bearer wrong-token-0123456789" })).res.status).toBe(401);
    const allowed = await scrape(t, { authorization: `Bearer ${token}` });
    expect(allowed.res.status).toBe(200);
    expect(value(allowed.samples, "scrumbot_info", { mode: "http" })).toBe(1);
    // /healthz stays open for load balancers.
    expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
  });

  it("is served by the health server in Socket Mode, acks over the socket included", async () => {
    const t = await start({ socketMode: true });
    const envelopeId = t.fake.socketMode.push({
      type: "slash_commands",
      payload: {
        team_id: TEST_TEAM_ID,
        channel_id: CHANNEL,
        user_id: USER,
        user_name: "dev",
        command: "/scrum",
        text: "help",
        api_app_id: "A0001",
        response_url: t.fake.mintResponseUrl(),
        trigger_id: t.fake.mintTriggerId(),
      },
    });
    await t.fake.socketMode.waitForAck(envelopeId, 3000);
    await t.bot.settle();
    const { res, samples } = await scrape(t);
    expect(res.status).toBe(200);
    expect(value(samples, "scrumbot_info", { mode: "socket" })).toBe(1);
    expect(
      value(samples, "scrumbot_ack_duration_seconds_count", { surface: "command", name: "/scrum" }),
    ).toBe(1);
  });
});
