/**
 * `npx tsx bench/reorder.bench.ts`: server time of a backlog reorder (permission check, team lock,
 * neighbour lookup, rank write, event, commit) and of the `/backlog` page with story controls
 * (page + readiness marks + Block Kit) for a team with 10,000 stories. Also the worst case: a move
 * that must rebalance all 10,000 ranks. Prints p50/p95.
 */
import type { MoveRequest } from "../src/domain/ordering.js";
import { checkReadiness } from "../src/domain/readiness.js";
import { FakeClock } from "../src/lib/clock.js";
import { backlogMessage } from "../src/views/backlog.view.js";
import { createTestDatabase } from "../test/support/db.js";
import { FakeSlack } from "../test/support/fake-slack.js";
import { headline } from "./support/headline.js";
import { composeBenchServices } from "./support/services.js";

const N = 10_000;
const T = "T0001";
const fake = await FakeSlack.start();
fake.addUser({ id: "UADMIN", is_admin: true });
fake.addUser({ id: "UPO" });
const db = await createTestDatabase("file");
const clock = new FakeClock("2026-11-28T12:00:00Z");
const rows = Array.from({ length: N }, (_, i) => ({
  team_id: T,
  number: i + 1,
  title: `Story ${i + 1} with a realistic title about invoices 🧾`,
  persona: "user",
  want: "do things",
  benefit: i % 3 ? "it helps" : "",
  acceptance_criteria: i % 2 ? '["Given a when b then c"]' : "[]",
  estimate: i % 2 ? 3 : null,
  priority: "medium",
  status: "new",
  rank: (i + 1) * 1024,
  labels: "[]",
  created_by: "UPO",
  source_permalink: null,
  created_at: "2026-11-28T09:00:00.000Z",
  updated_at: "2026-11-28T09:00:00.000Z",
}));
for (let i = 0; i < rows.length; i += 500)
  await db.db
    .insertInto("stories")
    .values(rows.slice(i, i + 500))
    .execute();

// The services exactly as the app wires them (src/app/composition.ts: the people directory, roles).
const bench = composeBenchServices({ fake, database: db, clock });
const { access, backlog, stories } = bench.services;
await access.assignRole({ teamId: T, actorId: "UADMIN", userId: "UPO", role: "product_owner" });

const pct = (times: number[], p: number) => {
  const s = [...times].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]?.toFixed(2);
};

// Deterministic mix of moves across the whole backlog (LCG, no Math.random).
let seed = 42;
const next = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed;
};
const kinds: MoveRequest[] = [{ kind: "top" }, { kind: "up" }, { kind: "down" }, { kind: "bottom" }];
await backlog.move({ teamId: T, userId: "UPO", storyNumber: 1, move: { kind: "down" } }); // warm the people directory
const moveTimes: number[] = [];
let rebalances = 0;
for (let i = 0; i < 300; i++) {
  const move =
    i % 5 === 4 ? { kind: "to" as const, position: (next() % N) + 1 } : (kinds[i % 4] as MoveRequest);
  const t0 = performance.now();
  const r = await backlog.move({ teamId: T, userId: "UPO", storyNumber: (next() % N) + 1, move });
  moveTimes.push(performance.now() - t0);
  if (r.rebalanced) rebalances++;
}

const pageTimes: number[] = [];
let blocks = 0;
for (let i = 0; i < 200; i++) {
  const t0 = performance.now();
  const [page, settings, canReorder] = await Promise.all([
    stories.backlog({ teamId: T, limit: 20 }),
    backlog.settings(T),
    access.can(T, "UPO", "backlog.reorder"),
  ]);
  const readiness = new Map(
    page.entries.map((e) => {
      const r = checkReadiness(e.story, { sizeLimit: settings.sizeLimit, disabled: settings.dorDisabled });
      return [e.story.number, r] as const;
    }),
  );
  blocks = backlogMessage(page, { controls: canReorder ? "po" : "none", readiness }).blocks.length;
  pageTimes.push(performance.now() - t0);
}

// Worst case: squeeze ranks to 1..N so the next move must rebalance every story.
await db.db
  .updateTable("stories")
  .set((eb) => ({ rank: eb("rank", "-", 10 ** 9) }))
  .execute();
const ids = await db.db.selectFrom("stories").select("id").orderBy("rank").execute();
for (const [i, r] of ids.entries())
  await db.db
    .updateTable("stories")
    .set({ rank: i + 1 })
    .where("id", "=", r.id)
    .execute();
const t0 = performance.now();
const worst = await backlog.move({
  teamId: T,
  userId: "UPO",
  storyNumber: 5000,
  move: { kind: "to", position: 3 },
});
const rebalanceMs = performance.now() - t0;

process.stdout.write(
  `Reorder, ${N} stories: p50 ${pct(moveTimes, 50)} ms, p95 ${pct(moveTimes, 95)} ms (300 moves, ${rebalances} rebalanced)\n` +
    `/backlog page with controls, ${N} stories: p50 ${pct(pageTimes, 50)} ms, p95 ${pct(pageTimes, 95)} ms, ${blocks} blocks\n` +
    `Worst case move with a full rebalance of ${N} ranks: ${rebalanceMs.toFixed(1)} ms (rebalanced: ${worst.rebalanced})\n`,
);
headline("reorder", "reorder_p95_ms", Number(pct(moveTimes, 95)), "<=50");
headline("reorder", "backlog_page_p95_ms", Number(pct(pageTimes, 95)), "<=50");
headline("reorder", "full_rebalance_ms", rebalanceMs, "<=1000");
await bench.close();
await db.dispose();
await fake.stop();
