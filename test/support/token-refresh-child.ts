/**
 * A child-process entry for the token-rotation race (test/unit/slack/token-rotation.test.ts): opens
 * the database, prints `ready`, waits for `go` on stdin, then asks the rotation path for a fresh
 * token of installation INSTALL_KEY and prints the result as one JSON line.
 *
 * env: DATABASE_URL, SLACK_API_URL, SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, INSTALL_KEY.
 */
import { createInterface } from "node:readline";
import { openDatabase } from "../../src/db/connection.js";
import { createInstallationRepository } from "../../src/db/installation.repository.js";
import { systemClock } from "../../src/lib/clock.js";
import { createLogger } from "../../src/lib/logger.js";
import { createRefreshExchange, createTokenRefresher } from "../../src/slack/token-rotation.js";

const env = process.env;
const database = openDatabase(env.DATABASE_URL ?? "");
const repo = createInstallationRepository(database.db);
const refresher = createTokenRefresher({
  repo,
  exchange: createRefreshExchange({
    clientId: env.SLACK_CLIENT_ID ?? "",
    clientSecret: env.SLACK_CLIENT_SECRET ?? "",
    slackApiUrl: env.SLACK_API_URL ?? "",
  }),
  clock: systemClock,
  logger: createLogger("warn"),
  options: { pollMs: 20 },
});
const installation = await repo.find(env.INSTALL_KEY ?? "");
if (!installation) throw new Error(`no installation ${env.INSTALL_KEY}`);
process.stdout.write("ready\n");
const lines = createInterface({ input: process.stdin });
for await (const line of lines) if (line.trim() === "go") break;
try {
  const fresh = await refresher.ensureFresh(installation);
  process.stdout.write(
    `${JSON.stringify({ ok: true, token: fresh.botToken, refreshToken: fresh.refreshToken })}\n`,
  );
} catch (error) {
  process.stdout.write(`${JSON.stringify({ ok: false, error: String(error) })}\n`);
}
await database.close();
