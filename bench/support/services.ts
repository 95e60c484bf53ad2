/**
 * The app's services exactly as `src/app/composition.ts` wires them (people directory, access,
 * stories, requests, backlog, Home tab with all its sources…), over a test database and the fake
 * Slack, for benchmarks that time a service without HTTP.
 */
import { WebClient } from "@slack/web-api";
import { composeServices, type Services } from "../../src/app/composition.js";
import { createCpuPool } from "../../src/app/cpu/pool.js";
import { loadConfig } from "../../src/config.js";
import type { DatabaseHandle } from "../../src/db/connection.js";
import type { Clock } from "../../src/lib/clock.js";
import { createLogger } from "../../src/lib/logger.js";
import type { FakeSlack } from "../../test/support/fake-slack.js";

export function composeBenchServices(deps: {
  fake: FakeSlack;
  database: DatabaseHandle & { path: string };
  clock: Clock;
}): { services: Services; close(): Promise<void> } {
  const config = loadConfig({
    SLACK_BOT_TOKEN: "xoxb-bench",
    SLACK_SIGNING_SECRET: "bench-signing-secret-0123456789abcdef",
    SLACK_API_URL: deps.fake.apiUrl,
    DATABASE_URL: deps.database.path,
    LOG_LEVEL: "silent",
  });
  const cpu = createCpuPool();
  const client = new WebClient(config.slackBotToken, {
    slackApiUrl: config.slackApiUrl,
    retryConfig: { retries: 0 },
  });
  const services = composeServices({
    config,
    database: deps.database,
    clock: deps.clock,
    logger: createLogger("silent"),
    client,
    cpu,
  });
  return { services, close: () => cpu.close() };
}
