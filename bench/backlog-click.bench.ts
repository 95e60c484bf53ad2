/**
 * `npx tsx bench/backlog-click.bench.ts`: the `/backlog` click path as a product owner feels it,
 * over HTTP against the real app (built, as `npm start` runs it: support/built-app.ts; HTTP mode, its
 * own process, production defaults and Node flags)
 * and a fake Slack with realistic latency: a signed button click → the ack (HTTP answer) → the
 * `response_url` POST that replaces the message (the visible reply). 10,000 stories (a tenth done);
 * "Next" to page 1 and to page 50, a search, and the `/backlog` command itself, one request at a
 * time so each figure is that request's own latency. Prints p50/p95 and the load average.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { loadavg } from "node:os";
import { ActionIds } from "../src/slack/ids.js";
import { TEST_SIGNING_SECRET } from "../test/support/app-harness.js";
import { createTestDatabase } from "../test/support/db.js";
import { FakeSlack } from "../test/support/fake-slack.js";
import { createSlackRequester } from "../test/support/slack-requests.js";
import { appEntry } from "./support/built-app.js";
import { headline, QUICK } from "./support/headline.js";
import { percentile } from "./support/percentile.js";
import { seedBacklog } from "./support/seed-backlog.js";
import { startFlags } from "./support/start-flags.js";

const N = 10_000;
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? (QUICK ? 20 : 60));
const PO = "UPO";
const CHANNEL = "C1";
const VISIBLE_GOAL_MS = 300;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as import("node:net").AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

async function startApp(env: Record<string, string>, port: number): Promise<ChildProcess> {
  const { loader, entry } = appEntry(process.cwd());
  const child = spawn(process.execPath, [...startFlags(process.cwd()), ...loader, entry], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = performance.now() + 120_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the app did not start");
}

const fake = await FakeSlack.start({ latency: true });
fake.addUser({ id: PO, name: "po" });
fake.addChannel({ id: CHANNEL, name: "team" });
const db = await createTestDatabase("file");
await seedBacklog(db.db, {
  teamId: fake.teamId,
  stories: N,
  sprints: 0,
  createdBy: PO,
  at: "2026-11-28T09:00:00.000Z",
});
await db.db
  .insertInto("team_roles")
  .values({
    team_id: fake.teamId,
    user_id: PO,
    role: "product_owner",
    assigned_by: "UADMIN",
    assigned_at: "2026-11-01T00:00:00Z",
  })
  .execute();
await db.close();

const port = await freePort();
const app = await startApp(
  {
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    SLACK_BOT_TOKEN: "xoxb-bench",
    SLACK_APP_TOKEN: "",
    LOG_LEVEL: "error",
    PORT: String(port),
    DATABASE_URL: db.path,
  },
  port,
);
const slack = createSlackRequester({
  appUrl: `http://127.0.0.1:${port}/slack/events`,
  signingSecret: TEST_SIGNING_SECRET,
  fake,
  timeoutMs: 30_000,
});

type Scenario = { name: string; send: () => Promise<{ ms: number; status: number; responseUrl?: string }> };
const click = (offset: number, q: string) => () =>
  slack.blockAction({
    userId: PO,
    channelId: CHANNEL,
    actions: [
      {
        action_id: `${ActionIds.backlogPage}_next`,
        block_id: "pager",
        value: JSON.stringify({ o: offset, l: 20, q }),
      },
    ],
  });
const scenarios: Scenario[] = [
  { name: "backlog_command", send: () => slack.command("/backlog", "", { userId: PO, channelId: CHANNEL }) },
  { name: "click_page_1", send: click(0, "") },
  { name: "click_page_50", send: click(49 * 20, "") },
  { name: "click_search", send: click(0, "invoices 77") },
];

const results: { name: string; ack: number[]; visible: number[]; missing: number; bytes: number }[] = [];
const loads: number[] = [];
for (const sc of scenarios) {
  for (let i = 0; i < 5; i++) await sc.send(); // warm
  const r = { name: sc.name, ack: [] as number[], visible: [] as number[], missing: 0, bytes: 0 };
  loads.push(loadavg()[0] ?? 0);
  for (let i = 0; i < SAMPLES; i++) {
    const sentAt = Date.now();
    const res = await sc.send();
    r.ack.push(res.ms);
    try {
      const reply = await fake.waitForResponse((x) => x.url === res.responseUrl, 10_000);
      r.visible.push(reply.at - sentAt);
      r.bytes = JSON.stringify(reply.body).length;
    } catch {
      r.missing++;
    }
    fake.responses.length = 0;
    fake.clearCalls();
  }
  results.push(r);
}

console.error(
  `/backlog click path over HTTP, ${N} stories, ${SAMPLES} sequential requests each; load average ${loads.map((l) => l.toFixed(1)).join(" ")}`,
);
console.error("path            | ack p50 |   p95 | visible p50 |   p95 | reply bytes | no reply");
for (const r of results) {
  const f = (n: number, w: number) => n.toFixed(1).padStart(w);
  console.error(
    `${r.name.padEnd(15)} | ${f(percentile(r.ack, 50), 7)} | ${f(percentile(r.ack, 95), 5)} | ${f(percentile(r.visible, 50), 11)} | ${f(percentile(r.visible, 95), 5)} | ${String(r.bytes).padStart(11)} | ${r.missing}`,
  );
  headline(
    "backlog-click",
    `${r.name}_visible_p95_ms`,
    r.missing ? Number.NaN : percentile(r.visible, 95),
    `<=${VISIBLE_GOAL_MS}`,
  );
}
app.kill("SIGTERM");
await fake.stop();
await db.dispose();
