/**
 * Three replicas of the real entry point (`src/main.ts` as child processes) on ONE database and one
 * fake Slack, started together on an empty database, with requests spread across them: a person's
 * rate limit holds across processes (the windows are in the database), and each replica's
 * `/metrics` reports its own acks while the outbox gauges, read from the shared database, agree.
 * Runs on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set (then with pool gauges).
 */
import { afterEach, expect, it } from "vitest";
import { TEST_SIGNING_SECRET } from "../support/app-harness.js";
import { tempDatabasePath } from "../support/db.js";
import { FakeSlack } from "../support/fake-slack.js";
import { type RunningProcess, startReplicas } from "../support/process.js";
import { createSlackRequester } from "../support/slack-requests.js";

const USER = "U0DEV";
const CHANNEL = "C0TEAM";

const replicas: RunningProcess[] = [];
let fake: FakeSlack | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const p of replicas.splice(0)) {
    if (p.child.exitCode === null) {
      p.child.kill("SIGTERM");
      await p.exited;
    }
  }
  await fake?.stop();
  for (const c of cleanups.splice(0)) c();
});

/** `count` of the `/poker` ack histogram in one replica's exposition. */
function pokerAcks(text: string): number {
  const m = /^scrumbot_ack_duration_seconds_count\{surface="command",name="\/poker"\} (\d+)$/m.exec(text);
  return Number(m?.[1] ?? 0);
}

it("three replicas on one database: one rate-limit budget per person, metrics per replica", async () => {
  fake = await FakeSlack.start();
  fake.addUser({ id: USER, name: "dev" });
  fake.addChannel({ id: CHANNEL, name: "team", botIsMember: true });
  const db = tempDatabasePath();
  cleanups.push(db.cleanup);
  // All three at once on an empty database: one migrates, the others wait for it.
  const { ports, eventUrls } = await startReplicas({
    count: 3,
    apiUrl: fake.apiUrl,
    databaseUrl: db.path,
    signingSecret: TEST_SIGNING_SECRET,
    into: replicas,
    env: { LOG_LEVEL: "warn" },
  });
  const slack = eventUrls.map((appUrl) =>
    createSlackRequester({
      appUrl,
      signingSecret: TEST_SIGNING_SECRET,
      fake,
    }),
  );

  // 12 `/poker` from one person, round-robin over the replicas: 10 go through, 2 are refused.
  const answers: string[] = [];
  for (let i = 0; i < 12; i++) {
    const before = fake.responses.length;
    const res = await slack[i % 3]?.command("/poker", "999", { userId: USER, channelId: CHANNEL });
    expect(res?.status).toBe(200);
    const r = await fake.waitForResponse((x) => fake?.responses.indexOf(x) === before, 10_000);
    answers.push(JSON.stringify(r.body));
  }
  expect(answers.filter((a) => a.includes("couldn't find story #999"))).toHaveLength(10);
  const refused = answers.filter((a) => a.includes("You have used `/poker` 10 times in the last 10 minutes"));
  expect(refused).toHaveLength(2);

  // Each replica counts the acks it made (4 each), and reads the same shared outbox.
  const expositions = await Promise.all(
    ports.map(async (port) => (await fetch(`http://127.0.0.1:${port}/metrics`)).text()),
  );
  expect(expositions.map(pokerAcks)).toEqual([4, 4, 4]);
  const pending = expositions.map((t) => /^scrumbot_outbox_pending (\S+)$/m.exec(t)?.[1]);
  expect(new Set(pending).size).toBe(1);
  expect(pending[0]).toBe("0");
  // Which database they share, and on PostgreSQL each replica's own pool.
  const postgres = db.path.startsWith("postgres");
  for (const text of expositions) {
    expect(text).toContain(`scrumbot_info{mode="http",dialect="${postgres ? "postgres" : "sqlite"}"} 1`);
    if (postgres) expect(text).toMatch(/^scrumbot_db_pool_connections\{state="total"\} [1-9]\d*$/m);
    else expect(text).not.toContain("scrumbot_db_pool_connections");
  }
}, 120_000);
