/**
 * Issue 14, migrations with several replicas: five replicas of `src/main.ts` started at once on an
 * empty database all reach `/healthz` 200, and exactly one of them ran the migrations (the others
 * waited for it and found nothing to do). On PostgreSQL an advisory lock decides; on SQLite the
 * file's write lock does (the loser of a stale snapshot retries, see src/db/migrate.ts).
 */
import { afterEach, expect, it } from "vitest";
import { migrations } from "../../db/migrations/index.js";
import { TEST_SIGNING_SECRET } from "../support/app-harness.js";
import { openTestDatabaseAt, tempDatabasePath } from "../support/db.js";
import { FakeSlack } from "../support/fake-slack.js";
import { type RunningProcess, startReplicas } from "../support/process.js";

const REPLICAS = 5;
const processes: RunningProcess[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const p of processes.splice(0)) {
    if (p.child.exitCode === null) {
      p.child.kill("SIGTERM");
      await p.exited;
    }
  }
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** `migrationsApplied` of each replica's "database ready" log line. */
function migrationsApplied(p: RunningProcess): number[] {
  return `${p.stdout()}\n${p.stderr()}`
    .split("\n")
    .filter((l) => l.includes('"database ready"'))
    .map((l) => (JSON.parse(l) as { migrationsApplied: number }).migrationsApplied);
}

it("five replicas started at once on an empty database: all serve, one migration run", async () => {
  const fake = await FakeSlack.start();
  cleanups.push(() => fake.stop());
  const dbPath = tempDatabasePath();
  cleanups.push(dbPath.cleanup);
  await startReplicas({
    count: REPLICAS,
    apiUrl: fake.apiUrl,
    databaseUrl: dbPath.path,
    signingSecret: TEST_SIGNING_SECRET,
    into: processes,
    env: { DATABASE_POOL_SIZE: "2", LOG_LEVEL: "info" },
    timeoutMs: 80_000,
  });
  const applied = processes.map(migrationsApplied);
  expect(applied.every((a) => a.length === 1)).toBe(true);
  const total = Object.keys(migrations).length;
  expect(applied.flat().sort((a, b) => a - b)).toEqual([...Array(REPLICAS - 1).fill(0), total]);
  const db = await openTestDatabaseAt(dbPath.path);
  cleanups.push(() => db.close());
  const recorded = await db.db
    .selectFrom("kysely_migration" as never)
    .selectAll()
    .execute();
  expect(recorded).toHaveLength(total);
}, 90_000);
