/**
 * `npx tsx bench/home.bench.ts`: server time to build the Home tab (model + Block Kit) for a
 * team with 10,000 stories, with the services composed exactly as the app composes them
 * (`bench/support/composed-services.ts`), the people directory warm as in production.
 * Prints p50/p95 and the load average.
 */
import { loadavg } from "node:os";
import { FakeClock } from "../src/lib/clock.js";
import { homeView } from "../src/views/home.view.js";
import { createTestDatabase } from "../test/support/db.js";
import { FakeSlack } from "../test/support/fake-slack.js";
import { composedApp } from "./support/composed-services.js";
import { headline } from "./support/headline.js";
import { percentile } from "./support/percentile.js";

const N = 10_000;
const fake = await FakeSlack.start();
fake.addUser({ id: "UADMIN", is_admin: true });
fake.addUser({ id: "UPO" });
const db = await createTestDatabase("file");
const clock = new FakeClock("2026-11-28T12:00:00Z");
const rows = Array.from({ length: N }, (_, i) => ({
  team_id: "T0001",
  number: i + 1,
  title: `Story ${i + 1} with a realistic title about invoices 🧾`,
  persona: "user",
  want: "do things",
  benefit: "",
  acceptance_criteria: "[]",
  estimate: i % 2 ? 3 : null,
  priority: "medium",
  status: i % 4 === 0 ? "ready" : "new",
  rank: (i + 1) * 1024,
  labels: "[]",
  created_by: i % 7 === 0 ? "UPO" : "UDEV",
  source_permalink: null,
  created_at: "2026-11-28T09:00:00.000Z",
  updated_at: "2026-11-28T09:00:00.000Z",
}));
for (let i = 0; i < rows.length; i += 500)
  await db.db
    .insertInto("stories")
    .values(rows.slice(i, i + 500))
    .execute();
await db.db
  .insertInto("team_roles")
  .values({
    team_id: "T0001",
    user_id: "UPO",
    role: "product_owner",
    assigned_by: "UADMIN",
    assigned_at: "2026-11-01T00:00:00Z",
  })
  .execute();

// The Home service exactly as the app composes it: goals, the team's Definition of Ready, retro
// action items and the running sprint are all sources of the model the tab renders.
const app = composedApp({ database: db, clock, slackApiUrl: fake.apiUrl });
const { home, requests, stories, access } = app.services;
for (let i = 0; i < 50; i++) {
  await requests.submit({
    teamId: "T0001",
    userId: "USTAKE",
    channelId: null,
    draft: { what: `Request ${i}`, why: "", whoAsks: "", urgency: "normal" },
  });
}

await homeView(await home.model("T0001", "UPO")); // warm the people directory
const times: number[] = [];
let blocks = 0;
for (let i = 0; i < 200; i++) {
  const t0 = performance.now();
  const view = homeView(await home.model("T0001", "UPO"));
  times.push(performance.now() - t0);
  blocks = view.blocks.length;
}
times.sort((a, b) => a - b);
if (process.env.PROFILE) {
  for (const [name, fn] of [
    ["backlog", () => stories.backlog({ teamId: "T0001", limit: 10 })],
    ["inbox", () => requests.inbox({ teamId: "T0001", userId: "UPO", limit: 3 })],
    ["role", () => access.roleOf("T0001", "UPO")],
  ] as const) {
    const t0 = performance.now();
    for (let i = 0; i < 50; i++) await fn();
    process.stdout.write(`${name}: ${((performance.now() - t0) / 50).toFixed(2)} ms\n`);
  }
}
const pct = (p: number) => percentile(times, p).toFixed(2);
process.stdout.write(
  `Home tab, ${N} stories, 50 open requests, PO viewer: p50 ${pct(50)} ms, p95 ${pct(95)} ms, ${blocks} blocks; load average ${loadavg()[0]?.toFixed(1)}\n`,
);
headline("home", "home_tab_build_p95_ms", Number(pct(95)), "<=100");
await app.close();
await db.dispose();
await fake.stop();
