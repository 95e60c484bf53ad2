/**
 * `npm run bench:loop`: does one person's heavy request delay everyone else's acks?
 *
 * The real app runs IN THIS PROCESS (HTTP mode, fake Slack, a SQLite file with 10,000 stories,
 * 200 finished sprints and a running sprint), so `perf_hooks.monitorEventLoopDelay` measures the
 * app's event loop. A second process (`bench/support/loop-load.ts`, as Slack is another machine)
 * sends a steady interactive load — signed `/story` (opens a modal) at BENCH_RATE per second — and
 * times each ack, in windows of BENCH_WINDOW_MS that alternate quiet and heavy: in a heavy window
 * one of the heaviest operations goes beside the load every BENCH_HEAVY_EVERY_MS, the kinds in turn
 * (`/forecast` of the last of 10,000 stories, `/sprint` with its burndown PNG, an unsigned 16 MB
 * body). `BENCH_KIND_PER_WINDOW=1` (a diagnosis, not the goal's load) runs one kind per heavy
 * window and prints the ratio per kind.
 *
 * Goals: event-loop delay p99 ≤ 20 ms (the median heavy window's) and max ≤ 100 ms (any heavy
 * window's); ack p99 ≤ 1.3 × the quiet windows', as the median over pairs of neighbouring windows
 * (a heavy window's p99 ÷ the quiet one's before it). Paired windows of one app, not two phases
 * one after the other: a pooled p99 of two 30 s phases moved with whatever else the machine did in
 * either (A/A 0.91 and a real run 2.02 within minutes, session 12). The first second of each window
 * is left out (heavy work sent just before still running). Prints one JSON line per figure and
 * exits 1 when a goal is missed. `BENCH_AA=1` sends nothing heavy: the ratio is then the noise
 * floor under the 1.3.
 */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type IntervalHistogram, monitorEventLoopDelay } from "node:perf_hooks";
import { startTestApp, TEST_SIGNING_SECRET } from "../test/support/app-harness.js";
import { createTestDatabase } from "../test/support/db.js";
import { QUICK } from "./support/headline.js";
import { HEAVY_KIND_NAMES, heavyKindOf } from "./support/loop-kinds.js";
import { percentile } from "./support/percentile.js";
import { seedBacklog } from "./support/seed-backlog.js";

const N = 10_000;
const SPRINTS = 200;
/** 6 s windows at 20/s: 100 acks after each window's first second (its p99 is the 2nd slowest). */
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 6_000);
/** Left out at the start of each window: heavy work sent just before it may still be running. */
const GUARD_MS = 1_000;
/** Sixteen pairs of windows (two in quick mode): single pairs range 0.2–2.6 on this machine. */
const PAIRS = Number(process.env.BENCH_PAIRS ?? (QUICK ? 2 : 16));
const RATE = Number(process.env.BENCH_RATE ?? 20);
const HEAVY_EVERY_MS = Number(process.env.BENCH_HEAVY_EVERY_MS ?? 300);
const T = "T0001";
const USER = "U0BENCH";
const CHANNEL = "C0BENCH";
const NOW = "2026-12-07T14:00:00Z";
const AA = process.env.BENCH_AA === "1";
const KIND_PER_WINDOW = process.env.BENCH_KIND_PER_WINDOW === "1";

async function seed(): Promise<string> {
  const db = await createTestDatabase("file");
  const iso = NOW;
  await seedBacklog(db.db, { teamId: T, stories: N, sprints: SPRINTS, createdBy: USER, at: iso });
  // The running sprint (the burndown): 30 items, a third done.
  const sprint = await db.db
    .insertInto("sprints")
    .values({
      team_id: T,
      name: "Sprint now",
      goal: "Invoices",
      starts_on: "2026-11-30",
      ends_on: "2026-12-11",
      state: "active",
      channel_id: CHANNEL,
      created_by: USER,
      created_at: iso,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.db
    .insertInto("sprint_items")
    .values(
      Array.from({ length: 30 }, (_, i) => ({
        team_id: T,
        sprint_id: sprint.id,
        story_id: i + 3,
        status: i % 3 === 0 ? "done" : "todo",
        added_at: iso,
        done_at: i % 3 === 0 ? `2026-12-0${1 + (i % 6)}T10:00:00.000Z` : null,
      })),
    )
    .execute();
  await db.close();
  return db.path;
}

const round = (n: number) => Math.round(n * 10) / 10;

async function run(databasePath: string) {
  const t = await startTestApp({
    databasePath,
    now: NOW,
    logLevel: "silent",
    scheduling: { jobs: { timers: false } },
  });
  t.fake.addUser({ id: USER, name: "bench" });
  t.fake.addChannel({ id: CHANNEL, name: "bench", botIsMember: true });
  const jobFile = join(tmpdir(), `loop-load-${process.pid}.json`);
  const durationMs = 2 * PAIRS * WINDOW_MS;
  writeFileSync(
    jobFile,
    JSON.stringify({
      appUrl: `${t.baseUrl}/slack/events`,
      signingSecret: TEST_SIGNING_SECRET,
      teamId: T,
      userId: USER,
      channelId: CHANNEL,
      durationMs,
      warmupMs: 3_000,
      rate: RATE,
      heavy: !AA,
      heavyEveryMs: HEAVY_EVERY_MS,
      windowMs: WINDOW_MS,
      kindPerWindow: KIND_PER_WINDOW,
      lastStory: N,
      // Each URL takes 5 posts; enough for every request of the run.
      responseUrls: Array.from({ length: Math.ceil(((durationMs + 3_000) / 1000) * (RATE + 10)) }, () =>
        t.fake.mintResponseUrl(),
      ),
    }),
  );
  const child = spawn(process.execPath, ["--import", "tsx", "bench/support/loop-load.ts", jobFile], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  // The event loop is watched in the heavy (odd) windows only, by one monitor per window (a
  // monitor enabled again would count the quiet window in between as one long delay).
  const loopWindows: { p99: number; max: number }[] = [];
  let watching: IntervalHistogram | null = null;
  const stopWatching = () => {
    if (!watching) return;
    watching.disable();
    if (watching.count > 0) loopWindows.push({ p99: watching.percentile(99) / 1e6, max: watching.max / 1e6 });
    watching = null;
  };
  child.stdout.on("data", (c: Buffer) => {
    const text = c.toString();
    out += text;
    for (const m of text.matchAll(/^window (\d+)$/gm)) {
      stopWatching();
      if (Number(m[1]) % 2 === 1) {
        watching = monitorEventLoopDelay({ resolution: 5 });
        watching.enable();
      }
    }
  });
  await new Promise<void>((resolve) => child.on("exit", () => resolve()));
  stopWatching();
  await t.bot.settle();
  await t.stop();
  const result = JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as {
    acks: [number, number, number][];
    errors: number;
    heavySent: number;
  };
  return {
    ...result,
    // The median heavy window's p99, and the longest delay of any heavy window.
    loopP99: percentile(
      loopWindows.map((w) => w.p99),
      50,
    ),
    loopWorstP99: Math.max(...loopWindows.map((w) => w.p99)),
    loopMax: Math.max(...loopWindows.map((w) => w.max)),
    loopMaxByWindow: loopWindows.map((w) => w.max),
  };
}

const databasePath = await seed();
const result = await run(databasePath);
// Acks by window, leaving out those sent in each window's first second.
const byWindow = new Map<number, number[]>();
for (const [k, ms, at] of result.acks) {
  if (at < GUARD_MS) continue;
  const list = byWindow.get(k) ?? [];
  list.push(ms);
  byWindow.set(k, list);
}
const measured = (k: number) => byWindow.get(k) ?? [];
const pairs: { quiet: number; heavy: number }[] = [];
for (let p = 0; p < PAIRS; p++) {
  const quiet = percentile(measured(2 * p), 99);
  const heavy = percentile(measured(2 * p + 1), 99);
  if (Number.isFinite(quiet) && Number.isFinite(heavy)) pairs.push({ quiet, heavy });
}
const ratios = pairs.map((x) => x.heavy / Math.max(0.001, x.quiet));
// Pair p's heavy window is 2p + 1: its kind, for the median ratio per kind.
const byKind = HEAVY_KIND_NAMES.map((name, kind) => {
  const mine = ratios.filter((_, p) => heavyKindOf(2 * p + 1) === kind);
  return `${name} ${mine.length ? percentile(mine, 50).toFixed(2) : "-"} (${mine.length})`;
});
const ratio = percentile(ratios, 50);
const pooled = (parity: number) =>
  percentile(
    [...byWindow.keys()].filter((k) => k % 2 === parity).flatMap((k) => measured(k)),
    99,
  );
process.stderr.write(
  `bench:loop ${N.toLocaleString("en-US")} stories, ${RATE}/s /story, ${PAIRS} pairs of ${WINDOW_MS / 1000} s windows (quiet, then ${AA ? "quiet again (A/A)" : `heavy: an operation every ${HEAVY_EVERY_MS} ms, ${result.heavySent} sent`}), each window's first ${GUARD_MS / 1000} s left out\n` +
    `  ack p99 per pair, quiet → heavy (ms): ${pairs.map((x) => `${round(x.quiet)}→${round(x.heavy)}`).join(" ")}\n` +
    `  ratio per pair: ${ratios.map((r) => r.toFixed(2)).join(" ")}; median ${ratio.toFixed(2)}; pooled p99 quiet ${round(pooled(0))} ms, heavy ${round(pooled(1))} ms; ${result.errors} errors\n` +
    (KIND_PER_WINDOW && !AA ? `  median ratio by the heavy window's kind: ${byKind.join(", ")}\n` : "") +
    `  event loop in heavy windows: p99 ${round(result.loopP99)} ms (median window; worst ${round(result.loopWorstP99)} ms), max ${round(result.loopMax)} ms\n` +
    `  event loop max per heavy window (ms): ${result.loopMaxByWindow.map((m) => Math.round(m)).join(" ")}\n`,
);
const figures = [
  { figure: "loop_delay_p99_ms", value: round(result.loopP99), goal: "<=20", ok: result.loopP99 <= 20 },
  { figure: "loop_delay_max_ms", value: round(result.loopMax), goal: "<=100", ok: result.loopMax <= 100 },
  { figure: "ack_p99_ms_quiet", value: round(pooled(0)), goal: "info", ok: true },
  { figure: "ack_p99_ms_heavy", value: round(pooled(1)), goal: "info", ok: true },
  { figure: "ack_p99_ratio", value: Math.round(ratio * 100) / 100, goal: "<=1.3", ok: ratio <= 1.3 },
  { figure: "ack_errors", value: result.errors, goal: "==0", ok: result.errors === 0 },
];
for (const f of figures) process.stdout.write(`${JSON.stringify({ bench: "loop", ...f })}\n`);
process.exit(figures.every((f) => f.ok) ? 0 : 1);
