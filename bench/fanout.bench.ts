/**
 * `npm run bench:fanout`: 1,000 people of one standup, all in Berlin, due at 09:00: when does the
 * last prompt reach Slack, next to the floor the app's own pacing implies?
 *
 * Realistic Slack (`test/support/fake-slack/realism.ts`): every Web API answer after 50–150 ms,
 * Slack's tier limits enforced with 429 + Retry-After (users.info Tier 4, users.list Tier 2,
 * chat.postMessage ~1/s per conversation with short bursts and a workspace cap, …).
 * The app runs as a separate process with its production defaults (pacing, retries, wake-up timer;
 * `bench/support/app-child.ts`), its clock starting at 08:59:40 Berlin. The standup is set up over
 * signed HTTP (the setup modal) before 09:00.
 *
 * Floor: the outbox spaces a workspace's posts evenly at DEFAULT_WORKSPACE_PER_SECOND (4) a second, so N DMs need
 * at least (ceil(N / 4) - 1) s between the first and the last: 249 s for 1,000.
 * Goals: last prompt within floor × 1.1 of 09:00; no users.info / users.list between 09:00 and the
 * last prompt; 0 lost; 0 doubled.
 * env: BENCH_PEOPLE (default 1,000; 100 with BENCH_QUICK=1).
 */

import { DEFAULT_WORKSPACE_PER_SECOND } from "../src/services/outbox-pacing.js";
import { StandupIds } from "../src/slack/ids.js";
import { TEST_SIGNING_SECRET } from "../test/support/app-harness.js";
import { tempDatabasePath } from "../test/support/db.js";
import { FakeSlack } from "../test/support/fake-slack.js";
import { fillModal } from "../test/support/modal.js";
import { createSlackRequester } from "../test/support/slack-requests.js";
import { startAppChild } from "./support/app-child-process.js";
import { headline, QUICK } from "./support/headline.js";

const N = Number(process.env.BENCH_PEOPLE ?? (QUICK ? 100 : 1000));
const OWNER = "U0OWNER";
const CHANNEL = "C0TEAM";
/** Monday 08:59:40 Berlin: the setup has 20 s before 09:00 (BENCH_CLOCK_START for a slower app). */
const CLOCK_START = process.env.BENCH_CLOCK_START ?? "2026-11-30T07:59:40Z";
const DUE = Date.parse("2026-11-30T08:00:00Z"); // 09:00 Berlin, on the app's clock

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const fake = await FakeSlack.start({ latency: true, tierLimits: true });
  fake.addUser({ id: OWNER, name: "Olga", tz: "Europe/Berlin" });
  fake.addChannel({ id: CHANNEL, name: "team" });
  const people = Array.from({ length: N }, (_, i) => `U1${String(i).padStart(5, "0")}`);
  for (const id of people) fake.addUser({ id, tz: "Europe/Berlin" });
  const db = tempDatabasePath();
  const { app, port } = await startAppChild({
    apiUrl: fake.apiUrl,
    databasePath: db.path,
    clockStart: CLOCK_START,
  });
  try {
    const listeningAt = Date.now();
    const slack = createSlackRequester({
      appUrl: `http://127.0.0.1:${port}/slack/events`,
      signingSecret: TEST_SIGNING_SECRET,
      fake,
    });
    await slack.command("/standup", "setup", { userId: OWNER, channelId: CHANNEL });
    const open = await fake.waitFor("views.open", () => true, 20_000);
    const view = open.response.view as Record<string, unknown>;
    const values = fillModal(view, {
      [StandupIds.nameBlock]: "Everyone",
      [StandupIds.channelBlock]: CHANNEL,
      [StandupIds.participantsBlock]: people,
      [StandupIds.timeBlock]: "09:00",
      [StandupIds.closeAfterBlock]: "240",
      [StandupIds.reminderBlock]: "120",
    });
    const res = await slack.viewSubmission({ userId: OWNER, view, values });
    if (res.status !== 200 || res.body !== "") throw new Error(`setup refused: ${res.status} ${res.body}`);
    const confirmed = await fake.waitFor("chat.postMessage", (c) => c.args.channel === OWNER, 120_000);

    // Real time of 09:00 on the app's clock: it had run `clock` ms when it printed "listening" (seen
    // here a little later, so 09:00 is placed a little late: the delay is at most understated by
    // the pipe's few ms).
    const startupMs = Number(/clock (\d+)/.exec(app.stdout())?.[1] ?? 0);
    const dueAt = listeningAt - startupMs + (DUE - Date.parse(CLOCK_START));
    if (confirmed.at > dueAt)
      throw new Error("the standup was confirmed after 09:00: raise CLOCK_START's lead");

    const prompt = (c: (typeof fake.calls)[number]) =>
      c.method === "chat.postMessage" &&
      c.response.ok &&
      typeof c.args.channel === "string" &&
      c.args.channel.startsWith("U1");
    const deadline = Date.now() + 120_000 + (N / DEFAULT_WORKSPACE_PER_SECOND) * 2000;
    while (new Set(fake.calls.filter(prompt).map((c) => c.args.channel)).size < N) {
      if (Date.now() > deadline) throw new Error("timed out waiting for the prompts");
      if (app.child.exitCode !== null) throw new Error(`app exited:\n${app.stderr()}`);
      await sleep(50);
    }
    await sleep(1500); // stragglers (a doubled prompt) show up
    const prompts = fake.calls.filter(prompt);
    const perUser = new Map<string, number>();
    for (const c of prompts)
      perUser.set(String(c.args.channel), (perUser.get(String(c.args.channel)) ?? 0) + 1);
    const doubled = [...perUser.values()].reduce((s, n) => s + n - 1, 0);
    const lost = people.filter((u) => !perUser.has(u)).length;
    const first = Math.min(...prompts.map((c) => c.at));
    const last = Math.max(...prompts.map((c) => c.at));
    const lookups = fake.calls.filter(
      (c) => (c.method === "users.info" || c.method === "users.list") && c.at >= dueAt && c.at <= last,
    ).length;
    const limited = fake.calls.filter((c) => c.status === 429 && c.at >= dueAt).length;
    const firstCall = Math.min(...fake.calls.filter((c) => c.at >= dueAt).map((c) => c.at));
    const floorMs = (Math.ceil(N / DEFAULT_WORKSPACE_PER_SECOND) - 1) * 1000;
    const lastMs = last - dueAt;
    const rows = [
      ["people (one zone, due 09:00)", String(N)],
      ["Slack", "50–150 ms latency, tier limits (429 + Retry-After)"],
      [
        "app pacing",
        `production default, ${DEFAULT_WORKSPACE_PER_SECOND} calls a second per workspace, evenly spaced`,
      ],
      ["floor (first → last at the pacing)", `${(floorMs / 1000).toFixed(1)} s`],
      ["09:00 → first Slack call", `${((firstCall - dueAt) / 1000).toFixed(2)} s`],
      ["09:00 → first prompt", `${((first - dueAt) / 1000).toFixed(2)} s`],
      ["09:00 → last prompt", `${(lastMs / 1000).toFixed(2)} s`],
      ["ratio to floor", (lastMs / floorMs).toFixed(3)],
      ["user look-ups between 09:00 and the last prompt", String(lookups)],
      ["429 answers after 09:00", String(limited)],
      ["lost", String(lost)],
      ["doubled", String(doubled)],
    ];
    const width = Math.max(...rows.map((r) => r[0]?.length ?? 0));
    process.stdout.write(
      `\nbench:fanout\n${rows.map(([k, v]) => `  ${k?.padEnd(width)}  ${v}`).join("\n")}\n`,
    );
    headline("fanout", "fanout_last_prompt_ratio_to_floor", lastMs / floorMs, "<=1.1");
    headline("fanout", "fanout_user_lookups_after_due", lookups, "==0");
    headline("fanout", "fanout_lost", lost, "==0");
    headline("fanout", "fanout_doubled", doubled, "==0");
  } finally {
    app.child.kill("SIGTERM");
    await app.exited;
    await fake.stop();
    db.cleanup();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
