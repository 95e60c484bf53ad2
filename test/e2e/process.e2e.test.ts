/** The real entry point as a child process: config errors, start-up, graceful shutdown. */
import { afterEach, describe, expect, it } from "vitest";
import { startFlags } from "../../bench/support/start-flags.js";
import { TEST_SIGNING_SECRET } from "../support/app-harness.js";
import { tempDatabasePath } from "../support/db.js";
import { FakeSlack } from "../support/fake-slack.js";
import { freePort, type RunningProcess, repoRoot, startProcess, waitForStatus } from "../support/process.js";
import { createSlackRequester } from "../support/slack-requests.js";

let proc: RunningProcess | undefined;
let fake: FakeSlack | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  if (proc && proc.child.exitCode === null) proc.child.kill("SIGKILL");
  await fake?.stop();
  for (const c of cleanups.splice(0)) c();
  proc = undefined;
  fake = undefined;
});

/** `src/main.ts` against a fresh fake Slack (person U1, channel C1) and SQLite file, once healthy. */
async function startMain(env: Record<string, string>, nodeArgs: string[] = []) {
  fake = await FakeSlack.start();
  fake.addUser({ id: "U1", name: "ana" });
  fake.addChannel({ id: "C1", name: "team" });
  const db = tempDatabasePath();
  cleanups.push(db.cleanup);
  const port = await freePort();
  const started = startProcess(
    "src/main.ts",
    {
      SLACK_BOT_TOKEN: "xoxb-test",
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: String(port),
      DATABASE_URL: db.path,
      ...env,
    },
    nodeArgs,
  );
  proc = started;
  await waitForStatus(`http://127.0.0.1:${port}/healthz`, 200, 60_000, started);
  const slack = createSlackRequester({
    appUrl: `http://127.0.0.1:${port}/slack/events`,
    signingSecret: TEST_SIGNING_SECRET,
    fake,
  });
  return { fake, port, proc: started, slack };
}

describe("src/main.ts", () => {
  it("refuses to start with one message naming every bad variable", async () => {
    proc = startProcess("src/main.ts", {
      SLACK_BOT_TOKEN: "xoxp-wrong",
      PORT: "eighty",
      LOG_LEVEL: "chatty",
    });
    const { code } = await proc.exited;
    expect(code).toBe(1);
    const err = proc.stderr();
    for (const name of ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "PORT", "LOG_LEVEL"])
      expect(err).toContain(name);
    expect(err).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("migrates, serves health, handles a command, and exits 0 on SIGTERM after finishing in-flight work", async () => {
    const { slack, fake: slackFake, proc: app } = await startMain({ LOG_LEVEL: "info" });
    // Slow Slack: the handler is still waiting on views.open when SIGTERM arrives.
    slackFake.delayNext("views.open", 1500);
    const res = await slack.command("/story", "In flight", { userId: "U1", channelId: "C1" });
    expect(res.status).toBe(200);
    await slackFake.waitFor("views.open");
    const killedAt = performance.now();
    app.child.kill("SIGTERM");
    const { code } = await app.exited;
    expect(code).toBe(0);
    // It waited for the in-flight handler (views.open answered after 1.5 s) instead of dropping it.
    expect(performance.now() - killedAt).toBeGreaterThan(1000);
    expect(app.stderr()).toContain('"inFlight":1');
    expect(app.stderr()).toContain("stopped cleanly");
    expect(app.stderr()).toContain("migrationsApplied");
  });
});

describe("src/main.ts with a token Slack refuses", () => {
  it("fails fast with a clear message instead of retrying for half an hour", async () => {
    const refusing = await FakeSlack.start({ validTokens: ["xoxb-the-right-one"] });
    const db = tempDatabasePath();
    const p = startProcess("src/main.ts", {
      SLACK_BOT_TOKEN: "xoxb-wrong",
      SLACK_SIGNING_SECRET: "s",
      SLACK_API_URL: refusing.apiUrl,
      PORT: String(await freePort()),
      DATABASE_URL: db.path,
    });
    const { code } = await p.exited;
    await refusing.stop();
    db.cleanup();
    expect(code).toBe(1);
    expect(p.stderr()).toContain("invalid_auth");
    expect(p.stderr()).toContain("SLACK_BOT_TOKEN");
  });
});

describe("src/main.ts with npm start's Node flags", () => {
  const idleScavenges = async (port: number) => {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    return Number(/^scrumbot_idle_scavenges_total (\d+)$/m.exec(text)?.[1]);
  };

  it("collects the young generation once requests' work is done and counts it (--expose-gc)", async () => {
    const flags = startFlags(repoRoot);
    expect(flags).toContain("--expose-gc");
    const { slack, port } = await startMain({}, flags);
    const before = await idleScavenges(port);
    expect(Number.isInteger(before)).toBe(true);
    // Bursts of requests whose work after the ack (views.open, a backlog page) allocates, each
    // followed by a pause: idle once a burst's jobs are done. One burst may follow a scavenge V8 ran
    // by itself and leave less than an eighth of the young generation in use; the next one won't.
    const opts = { userId: "U1", channelId: "C1" };
    let after = before;
    for (let burst = 0; burst < 8 && after === before; burst++) {
      await Promise.all(
        Array.from({ length: 25 }, async (_, i) => {
          expect((await slack.command("/story", `Story ${burst}.${i}`, opts)).status).toBe(200);
          expect((await slack.command("/backlog", "", opts)).status).toBe(200);
        }),
      );
      await new Promise((r) => setTimeout(r, 300));
      after = await idleScavenges(port);
    }
    expect(after).toBeGreaterThan(before);
  });
});
