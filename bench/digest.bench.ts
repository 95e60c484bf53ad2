/**
 * `npm run bench:digest`: time to build the stakeholder digest (read backlog + history, Monte Carlo
 * forecast of the top 10 with 10,000 trials over 200 past sprints, a week's change set, Block Kit)
 * for a team with 10,000 stories and 2,000 backlog events since the last digest. Real SQLite file.
 * Goal: < 50 ms. Prints the first (cold) build and p50/p95 of the warm ones.
 */
import {
  createDigestHistory,
  createDigestQueueSource,
  createDigestStore,
} from "../src/db/digest.repository.js";
import { createGoalSource, createVelocitySource } from "../src/db/digest-sources.js";
import { FakeClock } from "../src/lib/clock.js";
import { createDigestService } from "../src/services/digest.service.js";
import { createForecastService } from "../src/services/forecast.service.js";
import type { Outbox, Scheduler } from "../src/services/scheduling.ports.js";
import { digestMessage, digestNoticeMessage } from "../src/views/digest.view.js";
import { validateMessageBlocks } from "../test/support/block-kit-limits.js";
import { createTestDatabase } from "../test/support/db.js";
import { headline, QUICK } from "./support/headline.js";
import { percentile } from "./support/percentile.js";
import { seedBacklog } from "./support/seed-backlog.js";

const N = 10_000;
const SPRINTS = 200;
const EVENTS = 2_000;
/** Warm builds measured (`BENCH_RUNS=100 npm run bench:digest` for steadier percentiles on a busy machine). */
const RUNS = Math.max(QUICK ? 10 : 30, Number(process.env.BENCH_RUNS ?? (QUICK ? 10 : 30)) || 30);
const T = "T0001";
const db = await createTestDatabase("file");
const clock = new FakeClock("2026-12-07T14:00:00Z");
const iso = clock.now().toISOString();

await seedBacklog(db.db, { teamId: T, stories: N, sprints: SPRINTS, createdBy: "UPO", at: iso });
const kinds = ["moved", "estimated", "status", "priority"] as const;
for (let start = 0; start < EVENTS; start += 500) {
  await db.db
    .insertInto("backlog_events")
    .values(
      Array.from({ length: 500 }, (_, k) => {
        const i = start + k;
        const kind = kinds[i % kinds.length] ?? "moved";
        const data =
          kind === "moved"
            ? { fromPosition: (i * 37) % N, toPosition: (i * 11) % N }
            : kind === "estimated"
              ? { from: 3, to: 5 }
              : kind === "status"
                ? { from: "ready", to: "in_progress" }
                : { from: "low", to: "high" };
        return {
          team_id: T,
          story_id: ((i * 13) % N) + 1,
          kind,
          data: JSON.stringify(data),
          actor: "UPO",
          at: iso,
        };
      }),
    )
    .execute();
}

const unused = () => {
  throw new Error("not used when building a digest");
};
const digests = createDigestService({
  store: createDigestStore(db.db),
  history: createDigestHistory(db.db),
  goals: createGoalSource(db.db),
  forecasts: createForecastService({
    queue: createDigestQueueSource(db.db),
    velocity: createVelocitySource(db.db),
    clock,
  }),
  channels: { check: async () => "ok" },
  access: { roleOf: unused, can: unused, require: unused },
  scheduler: {
    upsert: unused,
    upsertMany: unused,
    scheduleOnce: unused,
    remove: unused,
    registerJob: unused,
  } as Scheduler,
  outbox: { enqueue: unused, find: unused, retry: unused, onFailed: unused } as Outbox,
  render: { message: digestMessage, notice: digestNoticeMessage },
  clock,
});

async function build() {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const model = await digests.preview({ teamId: T, channel: null, appId: "A0001" });
  const message = digestMessage(model);
  const used = process.cpuUsage(cpu);
  // CPU time next to wall time: on a shared, loaded machine the wall time also counts waiting for a core.
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, message, model };
}

const first = await build();
const problems = validateMessageBlocks(first.message.blocks);
if (problems.length > 0) throw new Error(`invalid digest: ${problems.join("; ")}`);
if (first.model.top.result.kind !== "forecast")
  throw new Error(`expected dates, got ${first.model.top.result.kind}`);
const times: number[] = [];
const cpuTimes: number[] = [];
for (let r = 0; r < RUNS; r++) {
  const b = await build();
  times.push(b.ms);
  cpuTimes.push(b.cpuMs);
}
times.sort((a, b) => a - b);
cpuTimes.sort((a, b) => a - b);
const pct = (p: number) => percentile(times, p);
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
console.log(
  `digest build: ${N.toLocaleString("en-US")} stories, ${SPRINTS} past sprints, ${first.model.top.result.trials.toLocaleString("en-US")} trials, ${EVENTS.toLocaleString("en-US")} events since the last digest, ${first.message.blocks.length} blocks`,
);
console.log(
  `  cold ${fmt(first.ms)} · warm p50 ${fmt(pct(50))} · p95 ${fmt(pct(95))} · max ${fmt(pct(100))} over ${RUNS} runs (goal < 50 ms)`,
);
console.log(
  `  CPU time per build: p50 ${fmt(percentile(cpuTimes, 50))} · p95 ${fmt(percentile(cpuTimes, 95))}`,
);
headline("digest", "digest_build_warm_p50_ms", pct(50), "<50");
if (process.env.KEEP_DB) console.log(db.path);
else await db.dispose();
