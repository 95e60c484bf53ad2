/**
 * Entry point: read config, open the db, run migrations, build the app, start it,
 * and stop cleanly on SIGTERM/SIGINT (stop taking work, finish in-flight handlers,
 * close the db, exit 0).
 */
import "dotenv/config";
import { installProcessHandlers } from "./app/process-handlers.js";
import { createScrumbot } from "./app.js";
import { loadConfig } from "./config.js";
import { openDatabase } from "./db/connection.js";
import { redactDatabaseUrl } from "./db/database-url.js";
import { migrateToLatest } from "./db/migrate.js";
import { systemClock } from "./lib/clock.js";
import { ConfigError } from "./lib/errors.js";
import { createLogger } from "./lib/logger.js";
import { slackErrorCode } from "./slack/api-errors.js";

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(
        `scrumbot can't start.\n${error.message}\nSee .env.example and README.md (Configuration).\n`,
      );
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel, undefined, { pretty: config.logPretty });
  const database = openDatabase(config.databaseUrl, {
    poolSize: config.databasePoolSize,
    preparedStatements: config.databasePreparedStatements,
    onPoolError: (error) => logger.warn("database connection lost; the pool reconnects", { error }),
    backgroundCheckpoints: {
      onError: (message) => logger.warn("WAL checkpoint failed; retrying", { error: message }),
    },
  });
  const applied = await migrateToLatest(database.db);
  logger.info("database ready", {
    dialect: database.dialect,
    path: redactDatabaseUrl(config.databaseUrl),
    migrationsApplied: applied.length,
  });

  let bot: Awaited<ReturnType<typeof createScrumbot>>;
  try {
    // Bolt calls auth.test here: a wrong token or an unreachable SLACK_API_URL fails fast.
    bot = await createScrumbot({ config, database, clock: systemClock, logger });
  } catch (error) {
    await database.close();
    const reason = slackErrorCode(error) ?? (error instanceof Error ? error.message : String(error));
    process.stderr.write(
      `scrumbot can't start: Slack did not accept SLACK_BOT_TOKEN at ${config.slackApiUrl} (${reason}).\nCheck the token (OAuth & Permissions → Bot User OAuth Token) and SLACK_API_URL.\n`,
    );
    process.exit(1);
  }
  await bot.start();

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal, inFlight: bot.inFlight() });
    try {
      await bot.stop();
      await database.close();
      logger.info("stopped cleanly");
      process.exit(0);
    } catch (error) {
      logger.error("shutdown failed", { error });
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  // Rejections keep serving; an uncaught exception stops cleanly with exit code 1 (see the module).
  installProcessHandlers({
    process,
    logger,
    shutdown: async () => {
      stopping = true;
      await bot.stop();
      await database.close();
    },
    exit: (code) => process.exit(code),
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `scrumbot failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
