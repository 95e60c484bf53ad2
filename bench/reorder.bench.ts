/**
 * `npx tsx bench/reorder.bench.ts`: server time of a backlog reorder (permission check, team lock,
 * neighbour lookup, rank write, event, commit) and of the `/backlog` page as the PO sees it
 * (`renderBacklog`: read model + readiness + Block Kit) for a team with 10,000 stories and for a
 * 200-story backlog (pages of 20 and 100). Also the worst case: a move when no rank of
 * the 10,000 has a free integer next to it (a local rebalance since issue 12's leftover; it was a
 * renumbering of all 10,000 rows, 230–1,030 ms on this machine). Services are composed as the app composes them. Prints p50/p95 and the load average.
 */
import { loadavg } from "node:os";
import type { MoveRequest } from "../src/domain/ordering.js";
import { FakeClock } from "../src/lib/clock.js";
import { renderBacklog } from "../src/listeners/commands/backlog/render.js";
import { createTestDatabase } from "../test/support/db.js";
import { FakeSlack } from "../test/support/fake-slack.js";
import { composedApp } from "./support/composed-services.js";
import { headline } from "./support/headline.js";
import { percentile } from "./support/percentile.js";

const N = 10_000;
const T = "T0001";
const fake = await FakeSlack.start();
fake.addUser({ id: "UADMIN", is_admin: true });
fake.addUser({ id: "UPO" });
const db = await createTestDatabase("file");
const clock = new FakeClock("2026-11-28T12:00:00Z");
const rowsFor = (team: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    team_id: team,
    number: i + 1,
    title: `Story ${i + 1} with a realistic title about invoices 🧾`,
    persona: "user",
    want: "do things",
    benefit: i % 3 ? "it helps" : "",
    acceptance_criteria: i % 2 ? '["Given a when b then c"]' : "[]",
    estimate: i % 2 ? 3 : null,
    priority: "medium",
    status: i % 10 === 9 ? "done" : "new",
    rank: (i + 1) * 1024,
    labels: i % 4 ? "[]" : '["billing","export"]',
    created_by: "UPO",
    source_permalink: null,
    created_at: "2026-11-28T09:00:00.000Z",
    updated_at: "2026-11-28T09:00:00.000Z",
  }));
// T0001: 10,000 stories (moves, rebalance); T0200: the 200-story backlog whose render is profiled.
for (const [team, n] of [
  [T, N],
  ["T0200", 200],
] as const) {
  const rows = rowsFor(team, n);
  for (let i = 0; i < rows.length; i += 500)
    await db.db
      .insertInto("stories")
      .values(rows.slice(i, i + 500))
      .execute();
}

// The services exactly as the app composes them (people directory, access, backlog, …).
const app = composedApp({ database: db, clock, slackApiUrl: fake.apiUrl });
const { backlog } = app.services;
// UPO is a product owner in both teams (as `/scrum roles po @UPO` leaves it in team_roles).
for (const team of [T, "T0200"])
  await db.db
    .insertInto("team_roles")
    .values({
      team_id: team,
      user_id: "UPO",
      role: "product_owner",
      assigned_by: "UADMIN",
      assigned_at: "2026-11-01T00:00:00Z",
    })
    .execute();
const pct = (times: number[], p: number) => percentile(times, p).toFixed(2);

// Deterministic mix of moves across the whole backlog (LCG, no Math.random).
let seed = 42;
const next = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed;
};
const kinds: MoveRequest[] = [{ kind: "top" }, { kind: "up" }, { kind: "down" }, { kind: "bottom" }];
await backlog.move({ teamId: T, userId: "UPO", storyNumber: 1, move: { kind: "down" } }); // warm users.info
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

/** p50/p95 of rendering a /backlog page as the PO sees it (read model + Block Kit), as the listener does. */
async function renderTimes(teamId: string, limit: number, rounds: number) {
  const times: number[] = [];
  let blocks = 0;
  let bytes = 0;
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    const message = await renderBacklog(app.deps, { teamId, userId: "UPO", limit });
    times.push(performance.now() - t0);
    blocks = message.blocks.length;
    bytes = JSON.stringify(message).length;
  }
  return { times, blocks, bytes };
}
await renderTimes(T, 20, 20); // warm: the people directory knows UPO, code paths are hot
const page = await renderTimes(T, 20, 200);
const pageTimes = page.times;
const blocks = page.blocks;
const small = await renderTimes("T0200", 20, 300);
const whole = await renderTimes("T0200", 100, 300);

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

const load = loadavg()[0]?.toFixed(1);
process.stdout.write(
  `Reorder, ${N} stories: p50 ${pct(moveTimes, 50)} ms, p95 ${pct(moveTimes, 95)} ms (300 moves, ${rebalances} rebalanced)\n` +
    `/backlog page with controls, ${N} stories: p50 ${pct(pageTimes, 50)} ms, p95 ${pct(pageTimes, 95)} ms, ${blocks} blocks\n` +
    `/backlog render, 200 stories, page of 20: p50 ${pct(small.times, 50)} ms, p95 ${pct(small.times, 95)} ms, ${small.blocks} blocks, ${small.bytes} bytes\n` +
    `/backlog render, 200 stories, page of 100: p50 ${pct(whole.times, 50)} ms, p95 ${pct(whole.times, 95)} ms, ${whole.blocks} blocks, ${whole.bytes} bytes\n` +
    `Worst case move, ${N} ranks 1, 2, 3, … (no free integer anywhere): ${rebalanceMs.toFixed(1)} ms (rebalanced: ${worst.rebalanced}, locally)\n` +
    `load average ${load} (1 min)\n`,
);
headline("reorder", "reorder_p95_ms", Number(pct(moveTimes, 95)), "<=50");
headline("reorder", "backlog_page_p95_ms", Number(pct(pageTimes, 95)), "<=50");
headline("reorder", "backlog_render_200_p95_ms", Number(pct(small.times, 95)), "<=20");
headline("reorder", "dense_move_rebalance_ms", rebalanceMs, "<=100");
await app.close();
await db.dispose();
await fake.stop();
