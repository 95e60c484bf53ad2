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
import { freePort, type RunningProcess, startProcess, waitForStatus } from "../support/process.js";

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
  const ports = await Promise.all(Array.from({ length: REPLICAS }, () => freePort()));
  for (const port of ports) {
    processes.push(
      startProcess("src/main.ts", {
        SLACK_BOT_TOKEN: "xoxb-test",
        SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
        PORT: String(port),
        DATABASE_URL: dbPath.path,
        DATABASE_POOL_SIZE: "2",
        LOG_LEVEL: "info",
      }),
    );
  }
  await Promise.all(
    ports.map((port, i) => waitForStatus(`http://127.0.0.1:${port}/healthz`, 200, 80_000, processes[i])),
  );
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
