/**
 * `npm run bench:standup`: 1,000 participants of one standup answer within a minute: signed
 * view submissions at concurrency 50 against the real app (in this process, HTTP mode, real SQLite
 * file, fake Slack; the submissions come from a second process, bench/support/answer-load.ts). Prints p50/p99/max ack time (round trip until Slack would see the ack; the
 * answer is committed before it) and the Slack calls made per answer once the outbox has drained.
 *
 * The fake Slack has no per-channel limit here (pacing raised) so the figure counts calls, not
 * waiting: against real Slack the thread replies of 1,000 answers are paced at ~1/s per channel,
 * while parent updates coalesce (only the latest pending one is sent).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import hdr from "hdr-histogram-js";
import { StandupIds } from "../src/slack/ids.js";
import { startTestApp, TEST_SIGNING_SECRET, TEST_TEAM_ID } from "../test/support/app-harness.js";
import { fillModal } from "../test/support/modal.js";
import { headline, QUICK } from "./support/headline.js";

/** Runs bench/support/answer-load.ts in its own process; resolves with its figures. */
function runLoad(jobFile: string): Promise<{ latencies: number[]; errors: number; phaseMs: number }> {
  const script = new URL("./support/answer-load.ts", import.meta.url).pathname;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--import", "tsx", script, jobFile],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`load generator failed: ${stderr || error.message}`));
        else resolve(JSON.parse(stdout));
      },
    );
  });
}

const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? (QUICK ? 200 : 1000));
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const CHANNEL = "C0BENCH";
const OWNER = "U0OWNER";

const t = await startTestApp({
  now: "2026-11-30T07:00:00Z",
  logLevel: "error",
  scheduling: {
    jobs: { timers: process.env.BENCH_TIMERS !== "0", tickIntervalMs: 60_000 },
    pacing: { workspacePerSecond: 100_000, perChannelPerSecond: 100_000, channelBurst: 100_000 },
  },
});
try {
  const users = Array.from({ length: PARTICIPANTS }, (_, i) => `U${String(i).padStart(5, "0")}`);
  t.fake.addUser({ id: OWNER, name: "owner", tz: "Europe/Berlin" });
  for (const [i, id] of users.entries()) t.fake.addUser({ id, name: `person ${i}`, tz: "Europe/Berlin" });
  t.fake.addChannel({ id: CHANNEL, name: "bench", botIsMember: true });

  // Setup through the modal, as an owner would.
  await t.slack.command("/standup", "setup", { userId: OWNER, channelId: CHANNEL });
  const setupView = (await t.fake.waitFor("views.open")).response.view as Record<string, unknown>;
  const setupStarted = performance.now();
  await t.slack.viewSubmission({
    userId: OWNER,
    view: setupView,
    values: fillModal(setupView, {
      [StandupIds.channelBlock]: CHANNEL,
      [StandupIds.participantsBlock]: users,
      [StandupIds.timeBlock]: "09:00",
    }),
  });
  await t.fake.waitFor("chat.postMessage", (c) => c.args.channel === OWNER, 120_000);
  const setupMs = performance.now() - setupStarted;

  // 09:00 Berlin: everyone is prompted (1,000 DMs + the parent).
  t.clock.set("2026-11-30T08:00:00Z");
  const tickStarted = performance.now();
  await t.bot.jobs.tick(new Date("2026-11-30T08:00:00Z"));
  await t.bot.outbox.drain();
  const promptMs = performance.now() - tickStarted;
  const dms = t.fake
    .callsTo("chat.postMessage")
    .filter((c) => String(c.args.channel).startsWith("U0") && c.args.channel !== OWNER).length;

  // One answer form (same standup and day for everyone).
  await t.slack.command("/standup", "", { userId: users[0] ?? "", channelId: CHANNEL });
  const answerView = (
    await t.fake.waitFor("views.open", (c) =>
      JSON.stringify(c.args.view ?? "").includes(StandupIds.answerView),
    )
  ).response.view as Record<string, unknown>;
  const values = fillModal(answerView, {
    [`${StandupIds.answerBlockPrefix}0`]: "Reviewed PRs and fixed the flaky test",
    [`${StandupIds.answerBlockPrefix}1`]: "Payments refactor",
    [`${StandupIds.answerBlockPrefix}2`]: "none",
  });

  t.clock.set("2026-11-30T08:10:00Z");
  t.fake.clearCalls();
  // The answers come from another process, as Slack's requests do: the ack times are then what
  // Slack would see, not the generator's own work on this event loop.
  const jobFile = join(mkdtempSync(join(tmpdir(), "bench-standup-")), "job.json");
  writeFileSync(
    jobFile,
    JSON.stringify({
      appUrl: `${t.baseUrl}/slack/events`,
      signingSecret: TEST_SIGNING_SECRET,
      teamId: TEST_TEAM_ID,
      users,
      concurrency: CONCURRENCY,
      view: answerView,
      values,
      freshConnections: process.env.BENCH_FRESH_CONNECTIONS === "1",
    }),
  );
  const h = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: 3,
  });
  const load = await runLoad(jobFile);
  const errors = load.errors;
  for (const ms of load.latencies) h.recordValue(Math.max(1, Math.round(ms * 1000)));
  // First submission sent → last ack received, measured by the generator.
  const answerPhaseMs = load.phaseMs;
  // Wait for the listeners' post-ack work and the outbox to settle.
  for (let idle = 0; idle < 3; ) {
    const before = t.fake.calls.length;
    await new Promise((r) => setTimeout(r, 300));
    await t.bot.outbox.drain();
    idle = t.fake.calls.length === before ? idle + 1 : 0;
  }
  const rows = await t.db.db
    .selectFrom("standup_answers")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  // Every message must have been accepted (the fake refuses invalid Block Kit, e.g. an oversized report).
  const failedMessages = await t.db.db
    .selectFrom("outbox")
    .select(["idempotency_key", "last_error"])
    .where("state", "=", "failed")
    .execute();
  const refused = t.fake.calls.filter((c) => !c.response.ok).length;
  const posts = t.fake.callsTo("chat.postMessage").length;
  const updates = t.fake.callsTo("chat.update").length;
  const threadReplies = t.fake.callsTo("chat.postMessage").filter((c) => c.args.thread_ts).length;
  const ms = (us: number) => (us / 1000).toFixed(1);
  console.log(
    JSON.stringify(
      {
        participants: PARTICIPANTS,
        concurrency: CONCURRENCY,
        connections:
          process.env.BENCH_FRESH_CONNECTIONS === "1" ? "new per request" : "keep-alive, one per worker",
        setupMs: Math.round(setupMs),
        promptFanOut: { ms: Math.round(promptMs), dms },
        answers: { sent: users.length, saved: Number(rows.n), errors, phaseMs: Math.round(answerPhaseMs) },
        ackMs: {
          p50: ms(h.getValueAtPercentile(50)),
          p99: ms(h.getValueAtPercentile(99)),
          max: ms(h.maxValue),
        },
        undelivered: { outboxFailed: failedMessages.length, refusedBySlack: refused },
        slackCalls: {
          total: t.fake.calls.length,
          perAnswer: (t.fake.calls.length / users.length).toFixed(2),
          threadReplies,
          parentUpdates: updates,
          postMessage: posts,
        },
      },
      null,
      2,
    ),
  );
  headline("standup", "standup_answers_phase_ms", answerPhaseMs, "<=60000");
  headline("standup", "standup_answer_ack_p99_ms", h.getValueAtPercentile(99) / 1000, "<3000");
  headline("standup", "standup_undelivered", failedMessages.length + refused, "==0");
} finally {
  await t.stop();
}
