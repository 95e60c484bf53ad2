/**
 * The real app as a child process for benchmarks: HTTP mode, a SQLite file, production defaults
 * (pacing, retries, wake-up timer), against the fake Slack at SLACK_API_URL. Its clock runs at
 * real speed from APP_CLOCK_START (e.g. "2026-11-30T07:59:30Z"), so "09:00" comes when the bench
 * wants it. Prints `listening <port>` once it serves requests; stops on SIGTERM.
 */
import { createScrumbot } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { openDatabase } from "../../src/db/connection.js";
import { migrateToLatest } from "../../src/db/migrate.js";
import { type Clock, monotonicMs } from "../../src/lib/clock.js";
import { createLogger } from "../../src/lib/logger.js";

const config = loadConfig({ PORT: "0", LOG_LEVEL: "warn", ...process.env });
const start = new Date(process.env.APP_CLOCK_START ?? "2026-11-30T07:59:30Z").getTime();
const t0 = monotonicMs();
const clock: Clock = { now: () => new Date(start + (monotonicMs() - t0)) };
const logger = createLogger(config.logLevel);
const database = openDatabase(config.databaseUrl);
await migrateToLatest(database.db);
const bot = await createScrumbot({ config, database, clock, logger });
const { port } = await bot.start();
// How long the app's clock has been running: the bench maps the app's "09:00" to real time.
process.stdout.write(`listening ${port} clock ${Math.round(monotonicMs() - t0)}\n`);
process.on("SIGTERM", () => {
  void bot
    .stop(2000)
    .then(() => database.close())
    .then(() => process.exit(0));
});
