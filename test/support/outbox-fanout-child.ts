/**
 * A child-process entry for crash tests: starts the real app (system clock, migrations, HTTP mode)
 * against the fake Slack named by SLACK_API_URL, then fans out FANOUT_N DMs through the outbox
 * exactly like a feature would (stable idempotency keys, so a restart re-enqueues nothing new).
 *
 * env: SLACK_API_URL, DATABASE_URL, FANOUT_N (default 1000; 0: a replica that only sends what
 * others enqueued), PACING_PER_SECOND (default 200), OUTBOX_CONCURRENCY, OUTBOX_LEASE_MS,
 * OUTBOX_BATCH_SIZE, plus the
 * usual config (PORT defaults to 0 here).
 */
import { createScrumbot } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { openDatabase } from "../../src/db/connection.js";
import { migrateToLatest } from "../../src/db/migrate.js";
import { systemClock } from "../../src/lib/clock.js";
import { createLogger } from "../../src/lib/logger.js";

const config = loadConfig({
  SLACK_BOT_TOKEN: "xoxb-test-token",
  SLACK_SIGNING_SECRET: "test-signing-secret-0123456789abcdef",
  PORT: "0",
  LOG_LEVEL: "warn",
  ...process.env,
});
const n = Number(process.env.FANOUT_N ?? 1000);
const perSecond = Number(process.env.PACING_PER_SECOND ?? 200);
const logger = createLogger(config.logLevel);
const database = openDatabase(config.databaseUrl);
await migrateToLatest(database.db);
const bot = await createScrumbot({
  config,
  database,
  clock: systemClock,
  logger,
  retryConfig: { retries: 0 },
  scheduling: {
    pacing: { workspacePerSecond: perSecond },
    outbox: {
      ...(process.env.OUTBOX_CONCURRENCY ? { concurrency: Number(process.env.OUTBOX_CONCURRENCY) } : {}),
      ...(process.env.OUTBOX_LEASE_MS ? { leaseMs: Number(process.env.OUTBOX_LEASE_MS) } : {}),
      ...(process.env.OUTBOX_BATCH_SIZE ? { batchSize: Number(process.env.OUTBOX_BATCH_SIZE) } : {}),
    },
  },
});
await bot.start();
process.stdout.write("started\n");
// One transaction for the whole fan-out, like a standup prompting everyone at 09:00.
if (n > 0)
  await bot.outbox.enqueueMany(
    Array.from({ length: n }, (_, i) => {
      const user = `U${String(i).padStart(5, "0")}`;
      return { teamId: "T0001", channel: user, text: `fanout ${user}`, idempotencyKey: `fanout:${user}` };
    }),
  );
process.stdout.write("enqueued\n");
const done = async () => {
  await bot.stop(2000);
  await database.close();
  process.exit(0);
};
process.on("SIGTERM", () => void done());
