/**
 * `npm run playground`: the real app wired to the built-in Slack simulator, with a Slack-like page at
 * http://localhost:3000/ (PLAYGROUND_PORT). No Slack account, no tokens, nothing sent to the internet.
 */
import { loadPlaygroundConfig } from "../config.js";
import { ConfigError } from "../lib/errors.js";
import { createLogger } from "../lib/logger.js";
import { startPlaygroundServer } from "./http.js";
import { Playground } from "./playground.js";
import { ensureWebBuild } from "./web-build.js";

async function main(): Promise<void> {
  let config: ReturnType<typeof loadPlaygroundConfig>;
  try {
    config = loadPlaygroundConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`The playground can't start.\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const webRoot = await ensureWebBuild(say);
  const logger = createLogger(config.logLevel);
  const playground = new Playground({ databasePath: config.databasePath, logger, logLevel: config.logLevel });
  const { seeded } = await playground.start();
  if (seeded) say(`Wrote the demo data to ${config.databasePath}.`);
  const { server, port } = await startPlaygroundServer({
    playground,
    webRoot,
    port: config.port,
    host: config.host,
  });
  const shown = config.host === "127.0.0.1" || config.host === "0.0.0.0" ? "localhost" : config.host;
  say(
    `scrumbot playground: http://${shown}:${port}/  (simulated Slack; never talks to real Slack). Ctrl-C stops it.`,
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.closeAllConnections();
    server.close();
    await playground.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(
    `The playground failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
