/**
 * A replica as a child process for the multi-replica e2e tests: `src/main.ts`'s start-up (config
 * from the environment, migrations, HTTP mode, timers on, SIGTERM stops cleanly) with two test
 * knobs main.ts has no business reading:
 * - CLOCK_OFFSET_MS: the real clock shifted by this much (every replica gets the same offset, so
 *   they agree on "now": a scheduled 09:00 is due in all of them at the same moment);
 *   CLOCK_FILE + SIGUSR2: jumps the clock forward to the instant written in that file (a test
 *   moves every replica to 09:00 together once they all serve);
 * - PACING_PER_SECOND: the outbox's per-workspace and per-channel pacing (the default 1 message
 *   per second per channel would take 1,000 s for a 1,000-reply thread).
 */
import { readFileSync } from "node:fs";
import { createScrumbot } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { openDatabase } from "../../src/db/connection.js";
import { migrateToLatest } from "../../src/db/migrate.js";
import { ShiftedClock } from "../../src/lib/clock.js";
import { createLogger } from "../../src/lib/logger.js";

const config = loadConfig(process.env);
const perSecond = Number(process.env.PACING_PER_SECOND ?? 100_000);
const logger = createLogger(config.logLevel);
const database = openDatabase(config.databaseUrl, {
  poolSize: config.databasePoolSize,
  preparedStatements: config.databasePreparedStatements,
});
await migrateToLatest(database.db);
const clock = new ShiftedClock(Number(process.env.CLOCK_OFFSET_MS ?? 0));
const clockFile = process.env.CLOCK_FILE;
if (clockFile) process.on("SIGUSR2", () => clock.jumpTo(new Date(readFileSync(clockFile, "utf8").trim())));
const bot = await createScrumbot({
  config,
  database,
  clock,
  logger,
  retryConfig: { retries: 0 },
  scheduling: {
    pacing: { workspacePerSecond: perSecond, perChannelPerSecond: perSecond, channelBurst: perSecond },
  },
});
await bot.start();
let stopping = false;
process.on("SIGTERM", () => {
  if (stopping) return;
  stopping = true;
  void (async () => {
    await bot.stop(2000);
    await database.close();
    process.exit(0);
  })();
});
