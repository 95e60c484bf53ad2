/**
 * `npm run bench:ack`: acknowledgement latency of /story and /backlog in the real app
 * next to a bare Bolt app that only acks the same commands, in the same run.
 *
 * Both apps run as separate processes (`tsx`), so the load generator and the fake Slack
 * (in this process) don't share their event loop. The real app runs `src/main.ts` in HTTP
 * mode on a SQLite file seeded with 500 stories. Latency = round trip of the signed
 * request until Slack would see the ack (the HTTP response), at concurrency 20.
 *
 * The two apps run in interleaved rounds (scrumbot, bare, bare, scrumbot, …; BENCH_ROUNDS, default
 * 6), each round a share of the requests, so a burst of load from another process on the shared
 * machine lands on both sides rather than skewing one. Goal: p99 ratio ≤ 1.3 per command.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import hdr from "hdr-histogram-js";
import { createUnitOfWork } from "../src/db/unit-of-work.js";
import { FakeClock } from "../src/lib/clock.js";
import { createStoryService } from "../src/services/story.service.js";
import { TEST_SIGNING_SECRET } from "../test/support/app-harness.js";
import { createTestDatabase } from "../test/support/db.js";
import { FakeSlack } from "../test/support/fake-slack.js";
import { createSlackRequester } from "../test/support/slack-requests.js";
import { headline, QUICK } from "./support/headline.js";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? (QUICK ? 120 : 400));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const WARMUP = 60;

type Send = () => Promise<{ status: number; ms: number }>;
interface Stats {
  p50: number;
  p99: number;
  max: number;
  errors: number;
}

type Histogram = ReturnType<typeof hdr.build>;
const histogram = (): Histogram =>
  hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: 3,
  });

/** Sends `n` requests at CONCURRENCY into `h` (microseconds); returns the errors. */
async function measure(send: Send, n: number, h: Histogram = histogram()): Promise<number> {
  let errors = 0;
  let started = 0;
  const worker = async () => {
    while (started < n) {
      started++;
      const r = await send();
      if (r.status !== 200) errors++;
      h.recordValue(Math.max(1, Math.round(r.ms * 1000)));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return errors;
}

function stats(h: Histogram, errors: number): Stats {
  const s = {
    p50: h.getValueAtPercentile(50) / 1000,
    p99: h.getValueAtPercentile(99) / 1000,
    max: h.maxValue / 1000,
    errors,
  };
  h.destroy();
  return s;
}

/** Both apps in interleaved rounds (ABBA order), REQUESTS each in all. */
async function interleaved(a: Send, b: Send): Promise<[Stats, Stats]> {
  const ha = histogram();
  const hb = histogram();
  let ea = 0;
  let eb = 0;
  const per = Math.ceil(REQUESTS / ROUNDS);
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      ea += await measure(a, per, ha);
      eb += await measure(b, per, hb);
    } else {
      eb += await measure(b, per, hb);
      ea += await measure(a, per, ha);
    }
  }
  return [stats(ha, ea), stats(hb, eb)];
}

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

async function spawnAndWait(
  script: string,
  env: Record<string, string>,
  healthUrl: string | null,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const deadline = performance.now() + 60_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
    try {
      const url = healthUrl ?? `http://127.0.0.1:${env.PORT}/`;
      const res = await fetch(url);
      if (healthUrl ? res.status === 200 : res.status > 0) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${script} did not start`);
}

async function main() {
  const fake = await FakeSlack.start();
  fake.addUser({ id: "U1", name: "bench" });
  fake.addChannel({ id: "C1", name: "bench" });

  const db = await createTestDatabase("file");
  const stories = createStoryService({
    uow: createUnitOfWork(db.db),
    clock: new FakeClock("2026-11-28T10:00:00Z"),
  });
  for (let i = 0; i < 500; i++) {
    await stories.createStory({
      teamId: fake.teamId,
      userId: "U1",
      draft: {
        title: `Story ${i} about exporting reports`,
        persona: "product owner",
        want: "see the backlog",
        benefit: "plan",
        acceptanceCriteria: ["one", "two"],
        estimate: 3,
        priority: "medium",
        labels: ["bench"],
      },
    });
  }
  await db.close();

  const [appPort, barePort] = [await freePort(), await freePort()];
  const common = {
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    LOG_LEVEL: "error",
  };
  const app = await spawnAndWait(
    "src/main.ts",
    {
      ...common,
      SLACK_BOT_TOKEN: "xoxb-bench",
      PORT: String(appPort),
      DATABASE_URL: db.path,
      SLACK_APP_TOKEN: "",
    },
    `http://127.0.0.1:${appPort}/healthz`,
  );
  const bare = await spawnAndWait("bench/bare-bolt.ts", { ...common, PORT: String(barePort) }, null);

  const scrumbot = createSlackRequester({
    appUrl: `http://127.0.0.1:${appPort}/slack/events`,
    signingSecret: TEST_SIGNING_SECRET,
    fake,
  });
  const baseline = createSlackRequester({
    appUrl: `http://127.0.0.1:${barePort}/slack/events`,
    signingSecret: TEST_SIGNING_SECRET,
    fake,
  });
  const opts = { userId: "U1", channelId: "C1" };

  console.log(
    `ack latency: ${REQUESTS} requests per case in ${ROUNDS} interleaved rounds, concurrency ${CONCURRENCY}, 500 stories in the backlog (ms)`,
  );
  const figures: [string, number][] = [];
  console.log("command   | scrumbot p50 |    p99 | bare Bolt p50 |    p99 | ratio p50 | ratio p99 | errors");
  for (const [name, text] of [
    ["/story", "Bench story"],
    ["/backlog", ""],
  ] as const) {
    const a: Send = () => scrumbot.command(name, text, opts);
    const b: Send = () => baseline.command(name, text, opts);
    await measure(a, WARMUP);
    await measure(b, WARMUP);
    const [sa, sb] = await interleaved(a, b);
    const f = (n: number, w: number) => n.toFixed(2).padStart(w);
    console.log(
      `${name.padEnd(9)} | ${f(sa.p50, 12)} | ${f(sa.p99, 6)} | ${f(sb.p50, 13)} | ${f(sb.p99, 6)} | ${f(sa.p50 / sb.p50, 9)} | ${f(sa.p99 / sb.p99, 9)} | ${sa.errors + sb.errors}`,
    );
    figures.push(
      [`${name.slice(1)}_ack_p99_ratio`, sa.p99 / sb.p99],
      [`${name.slice(1)}_ack_errors`, sa.errors + sb.errors],
    );
  }
  for (const [figure, value] of figures)
    headline("ack", figure, value, figure.endsWith("errors") ? "==0" : "<=1.3");
  app.kill("SIGTERM");
  bare.kill("SIGTERM");
  await fake.stop();
  await db.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
