/**
 * Two projects: `sqlite` runs every test; `postgres` runs again, on PostgreSQL, every test that
 * opens a database (test/unit/db/**, test/e2e/** and any test using the db or app harness), when
 * TEST_DATABASE_URL is a postgres:// URL (`.ci/run` sets it; without it only SQLite runs).
 * test/support/db.ts reads TEST_DATABASE_URL: empty in the sqlite project, the URL in postgres.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

const postgresUrl = /^postgres(ql)?:\/\//.test(process.env.TEST_DATABASE_URL ?? "")
  ? (process.env.TEST_DATABASE_URL as string)
  : null;

/** Test files (relative to the repo root) under `dir`. */
function testFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".test.ts"))
    .map((f) => join(dir, f).replaceAll("\\", "/"));
}

/**
 * Test files that do not pass on PostgreSQL yet (issue 14 is open for them). They are left out of
 * the postgres project by name, loudly: each run prints the list, and the list only shrinks.
 * Everything else that opens a database runs on both dialects.
 */
export const POSTGRES_PENDING: readonly string[] = [];

/** Tests that open a database: by folder, or because they use the db or app harness. */
const OPENS_DATABASE = /support\/(db|app-harness)\.js|src\/db\/connection\.js/;
const databaseTests = postgresUrl
  ? testFiles("test")
      .filter(
        (f) =>
          f.startsWith("test/unit/db/") ||
          f.startsWith("test/e2e/") ||
          OPENS_DATABASE.test(readFileSync(f, "utf8")),
      )
      .filter((f) => !POSTGRES_PENDING.includes(f))
  : [];
if (postgresUrl && POSTGRES_PENDING.length > 0 && !process.env.VITEST_WORKER_ID) {
  console.warn(
    `postgres project: ${POSTGRES_PENDING.length} test files not yet passing on PostgreSQL are left out (vitest.config.ts POSTGRES_PENDING):\n  ${POSTGRES_PENDING.join("\n  ")}`,
  );
}

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // e2e tests start real HTTP servers on loopback ports; files run in parallel workers.
    pool: "forks",
    // Workers: vitest's default (one on a 2-core machine). Two halve the run (~650 s instead of
    // ~1,200 s for both projects) but each trial run exposed another test timed for one worker:
    // see docs/development.md before raising it.
    projects: [
      {
        extends: true as const,
        test: { name: "sqlite", include: ["test/**/*.test.ts"], env: { TEST_DATABASE_URL: "" } },
      },
      ...(postgresUrl
        ? [
            {
              extends: true as const,
              test: { name: "postgres", include: databaseTests, env: { TEST_DATABASE_URL: postgresUrl } },
            },
          ]
        : []),
    ],
  },
});
