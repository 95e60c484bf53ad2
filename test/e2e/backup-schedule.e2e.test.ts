/** BACKUP_SCHEDULE: the real app takes backups from its durable scheduler and keeps the newest N. */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { createScrumbot, type Scrumbot } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { BACKUP_JOB } from "../../src/jobs/backup.job.js";
import { FakeClock } from "../../src/lib/clock.js";
import { ConfigError } from "../../src/lib/errors.js";
import { createLogger } from "../../src/lib/logger.js";
import { TEST_SIGNING_SECRET } from "../support/app-harness.js";
import { createTestDatabase, onPostgres, type TestDatabase } from "../support/db.js";
import { FakeSlack } from "../support/fake-slack.js";

const base = { SLACK_BOT_TOKEN: "xoxb-test", SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, PORT: "0" };
let fake: FakeSlack | undefined;
let bot: Scrumbot | undefined;
let db: TestDatabase | undefined;
let dir: string | undefined;
afterEach(async () => {
  await bot?.stop(1000);
  await db?.dispose();
  await fake?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  bot = db = fake = dir = undefined;
});

// SQLite only: BACKUP_SCHEDULE copies the SQLite file (refused on PostgreSQL).
describe.skipIf(onPostgres)("scheduled backups", () => {
  it("backs up daily at BACKUP_SCHEDULE in BACKUP_TIME_ZONE and keeps BACKUP_KEEP files", async () => {
    fake = await FakeSlack.start();
    db = await createTestDatabase("file");
    dir = mkdtempSync(join(tmpdir(), "scrumbot-backups-"));
    const clock = new FakeClock("2026-12-01T12:00:00Z");
    const config = loadConfig({
      ...base,
      SLACK_API_URL: fake.apiUrl,
      DATABASE_URL: db.path,
      BACKUP_SCHEDULE: "03:30",
      BACKUP_TIME_ZONE: "Europe/Berlin",
      BACKUP_DIR: dir,
      BACKUP_KEEP: "2",
    });
    const logs: string[] = [];
    bot = await createScrumbot({
      config,
      database: db,
      clock,
      logger: createLogger("info", (l) => logs.push(l)),
      retryConfig: { retries: 0 },
      scheduling: { jobs: { timers: false } },
    });
    await bot.start();
    db.sqlite
      .prepare(
        "insert into stories (team_id, number, title, rank, created_by, created_at, updated_at) values ('T1', 1, 'Kept', 1, 'U1', 'x', 'x')",
      )
      .run();
    // 03:30 in Berlin is 02:30Z in winter.
    // Counted by the backup's own runs: the daily workspace purge (issue 15) runs beside it.
    const sqlite = db.sqlite;
    const backupsDone = () =>
      (
        sqlite
          .prepare(
            "select count(*) as n from schedule_runs r join schedules s on s.id = r.schedule_id where s.job_kind = 'ops.backup' and r.state = 'done'",
          )
          .get() as { n: number }
      ).n;
    for (const [i, day] of ["02", "03", "04"].entries()) {
      await bot.jobs.tick(new Date(`2026-12-${day}T02:30:10Z`));
      expect(backupsDone()).toBe(i + 1);
    }
    expect(readdirSync(dir).sort()).toEqual([
      "scrumbot-2026-12-03T023010Z.db",
      "scrumbot-2026-12-04T023010Z.db",
    ]);
    const copy = new SQLite(join(dir, "scrumbot-2026-12-04T023010Z.db"), { readonly: true });
    expect(copy.prepare("select title from stories").all()).toEqual([{ title: "Kept" }]);
    copy.close();
    expect(logs.join("\n")).toContain("database backed up");
  });

  it("removes the schedule when BACKUP_SCHEDULE is unset again", async () => {
    fake = await FakeSlack.start();
    const database = await createTestDatabase("file");
    db = database;
    const clock = new FakeClock("2026-12-01T12:00:00Z");
    const env = { ...base, SLACK_API_URL: fake.apiUrl, DATABASE_URL: db.path };
    const logger = createLogger("silent");
    await createScrumbot({
      config: loadConfig({ ...env, BACKUP_SCHEDULE: "30 3 * * 0" }),
      database: db,
      clock,
      logger,
      scheduling: { jobs: { timers: false } },
    });
    const kinds = () =>
      (
        database.sqlite
          .prepare("select job_kind from schedules where job_kind != 'ops.workspace-purge'")
          .all() as { job_kind: string }[]
      ).map((r) => r.job_kind);
    expect(kinds()).toEqual([BACKUP_JOB]);
    await createScrumbot({
      config: loadConfig(env),
      database: db,
      clock,
      logger,
      scheduling: { jobs: { timers: false } },
    });
    expect(kinds()).toEqual([]);
  });

  it("explains a bad backup setting at start-up", () => {
    const error = (() => {
      try {
        loadConfig({
          ...base,
          BACKUP_SCHEDULE: "every night",
          BACKUP_KEEP: "0",
          BACKUP_TIME_ZONE: "Mars/Olympus",
        });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('BACKUP_SCHEDULE must be a daily time like "03:30"');
    expect(message).toContain("BACKUP_KEEP must be at least 1");
    expect(message).toContain("BACKUP_TIME_ZONE must be an IANA time zone");
  });
});
