/**
 * `npm run bench:ack`: acknowledgement latency of /story and /backlog in the real app
 * (HTTP mode, SQLite file with 500 stories, fake Slack on loopback) next to a bare Bolt
 * app that only acks the same commands, in the same run. Prints p50/p99 and the ratio.
 *
 * Latency = client-side round trip of the signed request until Slack would see the ack
 * (the HTTP response), at concurrency 20.
 */
import { App, HTTPReceiver } from "@slack/bolt";
import hdr from "hdr-histogram-js";
import { createUnitOfWork } from "../src/db/unit-of-work.js";
import { createStoryService } from "../src/services/story.service.js";
import { startTestApp, TEST_SIGNING_SECRET, TEST_TEAM_ID } from "../test/support/app-harness.js";
import type { FakeSlack } from "../test/support/fake-slack.js";
import { createSlackRequester } from "../test/support/slack-requests.js";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);
const CONCURRENCY = 20;
const WARMUP = 40;

type Send = () => Promise<{ status: number; ms: number }>;

async function measure(
  send: Send,
  n: number,
): Promise<{ p50: number; p99: number; max: number; errors: number }> {
  const h = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: 3,
  });
  let errors = 0;
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      const r = await send();
      if (r.status !== 200) errors++;
      h.recordValue(Math.max(1, Math.round(r.ms * 1000))); // microseconds
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const result = {
    p50: h.getValueAtPercentile(50) / 1000,
    p99: h.getValueAtPercentile(99) / 1000,
    max: h.maxValue / 1000,
    errors,
  };
  h.destroy();
  return result;
}

async function startBareBolt(fake: FakeSlack) {
  const receiver = new HTTPReceiver({ signingSecret: TEST_SIGNING_SECRET, endpoints: "/slack/events" });
  const app = new App({
    token: "xoxb-bare",
    receiver,
    deferInitialization: true,
    clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
  });
  await app.init();
  app.command("/story", async ({ ack }) => ack());
  app.command("/backlog", async ({ ack }) => ack());
  const server = (await app.start(0)) as unknown as import("node:http").Server;
  const port = (server.address() as import("node:net").AddressInfo).port;
  return { app, url: `http://127.0.0.1:${port}/slack/events` };
}

async function main() {
  const t = await startTestApp({ logLevel: "error" });
  t.fake.addUser({ id: "U1", name: "bench" });
  t.fake.addChannel({ id: "C1", name: "bench" });
  const stories = createStoryService({ uow: createUnitOfWork(t.db.db), clock: t.clock });
  for (let i = 0; i < 500; i++) {
    await stories.createStory({
      teamId: TEST_TEAM_ID,
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
  const bare = await startBareBolt(t.fake);
  const bareSlack = createSlackRequester({
    appUrl: bare.url,
    signingSecret: TEST_SIGNING_SECRET,
    fake: t.fake,
  });

  const cases: [string, Send, Send][] = [
    [
      "/story",
      () => t.slack.command("/story", "Bench story", { userId: "U1", channelId: "C1" }),
      () => bareSlack.command("/story", "Bench story", { userId: "U1", channelId: "C1" }),
    ],
    [
      "/backlog",
      () => t.slack.command("/backlog", "", { userId: "U1", channelId: "C1" }),
      () => bareSlack.command("/backlog", "", { userId: "U1", channelId: "C1" }),
    ],
  ];

  console.log(`ack latency, ${REQUESTS} requests per case at concurrency ${CONCURRENCY} (ms)`);
  console.log("command   | scrumbot p50 | p99    | bare Bolt p50 | p99    | ratio p50 | ratio p99 | errors");
  for (const [name, app, baseline] of cases) {
    await measure(app, WARMUP);
    await measure(baseline, WARMUP);
    const a = await measure(app, REQUESTS);
    const b = await measure(baseline, REQUESTS);
    console.log(
      `${name.padEnd(9)} | ${a.p50.toFixed(2).padStart(12)} | ${a.p99.toFixed(2).padStart(6)} | ${b.p50
        .toFixed(2)
        .padStart(13)} | ${b.p99.toFixed(2).padStart(6)} | ${(a.p50 / b.p50).toFixed(2).padStart(9)} | ${(
        a.p99 / b.p99
      )
        .toFixed(2)
        .padStart(9)} | ${a.errors + b.errors}`,
    );
  }
  await bare.app.stop();
  await t.stop();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
