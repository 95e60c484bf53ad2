/**
 * `npm run bench:fanout`: how fast the outbox delivers a 1,000-DM fan-out when Slack enforces a
 * stated limit, as a ratio to the floor that limit implies.
 *
 * Stated limit (enforced by the fake Slack, answering 429 + Retry-After beyond it):
 *   chat.postMessage: at most LIMIT (100) calls in any sliding second per workspace, and 1 per second
 *   per conversation (each DM is its own conversation).
 * Floor: the first LIMIT calls can go at t = 0, the next LIMIT at t = 1 s, …, so N calls need at
 * least (ceil(N / LIMIT) - 1) s between the first and the last: 9 s for 1,000 at 100/s.
 *
 * The app runs as a separate process (`test/support/outbox-fanout-child.ts`: the real app, SQLite
 * file, system clock; it enqueues the 1,000 DMs on start like a feature would) so the fake Slack in
 * this process doesn't share its event loop. Goal: ratio <= 1.1, no 429s, no duplicates, no losses.
 */
import { tempDatabasePath } from "../test/support/db.js";
import { FakeSlack } from "../test/support/fake-slack.js";
import { startProcess } from "../test/support/process.js";

const N = Number(process.env.BENCH_DMS ?? 1000);
const LIMIT = Number(process.env.BENCH_LIMIT ?? 100);

async function main(): Promise<void> {
  const fake = await FakeSlack.start();
  fake.setRateLimit("chat.postMessage", { perSecond: LIMIT, perSecondPerChannel: 1 });
  const db = tempDatabasePath();
  const child = startProcess("test/support/outbox-fanout-child.ts", {
    SLACK_API_URL: fake.apiUrl,
    DATABASE_URL: db.path,
    FANOUT_N: String(N),
    PACING_PER_SECOND: String(LIMIT),
    ...(process.env.OUTBOX_CONCURRENCY ? { OUTBOX_CONCURRENCY: process.env.OUTBOX_CONCURRENCY } : {}),
  });
  try {
    const accepted = () => fake.callsTo("chat.postMessage").filter((c) => c.response.ok);
    const deadline = performance.now() + 120_000;
    let startedAt: number | undefined;
    for (;;) {
      if (startedAt === undefined && child.stdout().includes("started")) startedAt = Date.now();
      if (new Set(accepted().map((c) => c.args.channel)).size >= N) break;
      if (performance.now() > deadline) throw new Error(`timed out; child stderr:\n${child.stderr()}`);
      if (child.child.exitCode !== null) throw new Error(`child exited; stderr:\n${child.stderr()}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    // Give stragglers (duplicates) a moment to show up before counting.
    await new Promise((r) => setTimeout(r, 500));
    const calls = accepted();
    const first = Math.min(...calls.map((c) => c.at));
    const last = Math.max(...calls.map((c) => c.at));
    const perUser = new Map<string, number>();
    for (const c of calls)
      perUser.set(String(c.args.channel), (perUser.get(String(c.args.channel)) ?? 0) + 1);
    const duplicates = [...perUser.values()].reduce((s, n) => s + n - 1, 0);
    const expected = Array.from({ length: N }, (_, i) => `U${String(i).padStart(5, "0")}`);
    const losses = expected.filter((u) => !perUser.has(u)).length;
    const floorMs = (Math.ceil(N / LIMIT) - 1) * 1000;
    // How much later than the window allowed each call came: t[i] - t[i - LIMIT] - 1 s.
    const times = calls.map((c) => c.at).sort((a, b) => a - b);
    const excess = times.slice(LIMIT).map((t, i) => t - (times[i] ?? t) - 1000);
    const meanExcess = excess.reduce((a, b) => a + b, 0) / Math.max(1, excess.length);
    const deliveryMs = last - first;
    const endToEndMs = last - (startedAt ?? first);
    const rows = [
      ["DMs", String(N)],
      ["stated limit", `${LIMIT}/s per workspace (sliding 1 s), 1/s per conversation`],
      ["floor (first → last delivery)", `${(floorMs / 1000).toFixed(2)} s`],
      ["measured (first → last delivery)", `${(deliveryMs / 1000).toFixed(2)} s`],
      ["ratio to floor", (deliveryMs / floorMs).toFixed(3)],
      [
        "end to end (app started → last delivery, includes enqueueing)",
        `${(endToEndMs / 1000).toFixed(2)} s`,
      ],
      ["end-to-end ratio", (endToEndMs / floorMs).toFixed(3)],
      ["mean slack per slot (t[i] - t[i-limit] - 1 s)", `${meanExcess.toFixed(1)} ms`],
      ["429 answers", String(fake.rateLimitedCount)],
      ["duplicates", String(duplicates)],
      ["losses", String(losses)],
    ];
    const width = Math.max(...rows.map((r) => r[0]?.length ?? 0));
    process.stdout.write(
      `\nbench:fanout\n${rows.map(([k, v]) => `  ${k?.padEnd(width)}  ${v}`).join("\n")}\n`,
    );
  } finally {
    child.child.kill("SIGTERM");
    await child.exited;
    await fake.stop();
    db.cleanup();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
