/**
 * The app's services built exactly as `src/app/composition.ts` wires them (people directory in the
 * database, access, stories, backlog, Home with every source…), over a bench database and the fake
 * Slack, so service-level benchmarks measure what the app runs, not a hand-picked subset.
 */

import { WebClient } from "@slack/web-api";
import { composeServices, type Services } from "../../src/app/composition.js";
import { createCpuPool } from "../../src/app/cpu/pool.js";
import { createAppMetrics } from "../../src/app/metrics.js";
import { loadConfig } from "../../src/config.js";
import type { DatabaseHandle } from "../../src/db/connection.js";
import { createOutboxBacklogReader } from "../../src/db/outbox-metrics.repository.js";
import type { Clock } from "../../src/lib/clock.js";
import { createLogger } from "../../src/lib/logger.js";
import type { ListenerDeps } from "../../src/listeners/deps.js";
import { commandCatalog } from "../../src/slack/catalog.js";
import { singleTokenClients } from "../../src/slack/workspace-clients.js";

export interface ComposedApp {
  services: Services;
  /** What listeners get (the services plus clock, logger, catalog), for the `/backlog` renderers. */
  deps: ListenerDeps;
  close(): Promise<void>;
}

export function composedApp(opts: {
  database: DatabaseHandle;
  clock: Clock;
  slackApiUrl: string;
}): ComposedApp {
  const config = loadConfig({
    SLACK_BOT_TOKEN: "xoxb-bench",
    SLACK_SIGNING_SECRET: "bench",
    SLACK_API_URL: opts.slackApiUrl,
    DATABASE_URL: ":memory:",
    LOG_LEVEL: "error",
  });
  const logger = createLogger(config.logLevel);
  const cpu = createCpuPool();
  const client = new WebClient(config.slackBotToken, {
    slackApiUrl: config.slackApiUrl,
    retryConfig: { retries: 0 },
  });
  const services = composeServices({
    config,
    database: opts.database,
    clock: opts.clock,
    logger,
    clients: singleTokenClients(client),
    outboxClients: singleTokenClients(client),
    cpu,
    metrics: createAppMetrics({
      clock: opts.clock,
      mode: config.mode,
      dialect: opts.database.dialect,
      outboxBacklog: createOutboxBacklogReader(opts.database.db),
    }),
  });
  const deps: ListenerDeps = {
    ...services,
    clock: opts.clock,
    logger,
    commands: commandCatalog,
  };
  return { services, deps, close: () => cpu.close() };
}
