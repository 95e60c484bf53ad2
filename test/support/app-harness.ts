/**
 * Starts the real app for e2e tests: HTTP mode on a loopback port, `SLACK_API_URL`
 * pointing at a fresh fake Slack, a migrated temp SQLite file, and an injected clock.
 * Tests talk to it only over HTTP (signed requests in, recorded Web API calls out), or, with
 * `socketMode: true`, over the fake's WebSocket (`fake.socketMode`: envelopes in, acks out).
 * A second workspace sits beside the test's own (other-workspace.ts); `stop()` fails the test when
 * the test reached it.
 */
import { createScrumbot, type Scrumbot, type ScrumbotDeps } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { FakeClock } from "../../src/lib/clock.js";
import { createLogger, type Logger } from "../../src/lib/logger.js";
import { createTestDatabase, openTestDatabaseAt, type TestDatabase } from "./db.js";
import { FakeSlack, type FakeSlackOptions } from "./fake-slack.js";
import {
  addOtherWorkspaceToFake,
  OTHER_TEAM_ID,
  otherRows,
  seedOtherWorkspace,
  type TeamTables,
  teamTables,
  watchForLeaks,
} from "./other-workspace.js";
import { createSlackRequester } from "./slack-requests.js";

export const TEST_SIGNING_SECRET = "test-signing-secret-0123456789abcdef";
export const TEST_TEAM_ID = "T0001";
/** The app-level token the socket-mode harness configures (`apps.connections.open` wants `xapp-`). */
export const TEST_APP_TOKEN = "xapp-1-A0001-1-test-app-token";

export interface TestApp {
  bot: Scrumbot;
  fake: FakeSlack;
  db: TestDatabase;
  clock: FakeClock;
  /** Base URL of the app, e.g. http://127.0.0.1:54321 */
  baseUrl: string;
  slack: ReturnType<typeof createSlackRequester>;
  /**
   * Signed requests from another workspace (its team id in every payload), for tests with two
   * workspaces. Same app, same fake Slack.
   */
  slackAs(teamId: string, teamDomain?: string): ReturnType<typeof createSlackRequester>;
  /** Signed requests from another workspace (OAuth tests: several workspaces installed). */
  requesterFor(
    teamId: string,
    grid?: { enterpriseId: string; enterpriseInstall?: boolean },
  ): ReturnType<typeof createSlackRequester>;
  /** Log lines the app wrote (JSON). */
  logs: string[];
  /** Stops the app; throws when the other workspace's rows changed or Slack was told about it. */
  stop(): Promise<void>;
}

export interface StartOptions {
  fake?: FakeSlack;
  fakeOptions?: FakeSlackOptions;
  now?: string;
  logLevel?: "debug" | "info" | "warn" | "error" | "silent";
  /** Web API retry policy of the listener client; default none (benchmarks pass production's). */
  retryConfig?: ScrumbotDeps["retryConfig"];
  /** Scheduler/outbox tuning (timer on/off, Slack pacing), passed to `createScrumbot`. */
  scheduling?: ScrumbotDeps["scheduling"];
  /** Bounds of the post-ack work queue, passed to `createScrumbot`. */
  afterAck?: ScrumbotDeps["afterAck"];
  /** Use (and keep) this SQLite file instead of a fresh temp one: restart tests start twice on one path. */
  databasePath?: string;
  /**
   * Socket Mode (SLACK_APP_TOKEN set, no signing secret): `start` resolves once the app has connected to
   * `fake.socketMode`; only `/healthz` is served over HTTP, so `slack` (signed HTTP requests) is unused.
   */
  socketMode?: boolean;
  /** Extra environment for `loadConfig`, e.g. `{ SLACK_TIMEOUT_MS: "300" }`. */
  env?: Record<string, string>;
  /** Circuit-breaker and `/healthz` tuning, passed to `createScrumbot`. */
  slackFetch?: ScrumbotDeps["slackFetch"];
  health?: ScrumbotDeps["health"];
  /**
   * OAuth mode (no SLACK_BOT_TOKEN; SLACK_CLIENT_ID/SECRET/STATE_SECRET set) with the fake's OAuth
   * side enabled and pointed at the app's redirect URL. Workspaces are installed by the test.
   */
  oauth?: { rotation?: boolean; expiresInSeconds?: number };
  /** Token rotation tuning, passed to `createScrumbot`. */
  rotation?: ScrumbotDeps["rotation"];
  /**
   * The second workspace (test/support/other-workspace.ts), on by default: seeded beside the test's
   * own, and checked untouched and unmentioned by `stop()`. `false` only for tests that set up their
   * workspaces themselves (OAuth installs) or start on a database that isn't theirs to seed.
   */
  otherWorkspace?: boolean;
}

export const TEST_CLIENT_ID = "1111.2222";
export const TEST_CLIENT_SECRET = "test-client-secret-0123456789abcdef";
export const TEST_STATE_SECRET = "test-state-secret-0123456789abcdef0123456789";

export async function startTestApp(options: StartOptions = {}): Promise<TestApp> {
  const fake = options.fake ?? (await FakeSlack.start(options.fakeOptions));
  const db = options.databasePath
    ? await openTestDatabaseAt(options.databasePath)
    : await createTestDatabase("file");
  const clock = new FakeClock(options.now ?? "2026-11-28T10:00:00Z");
  const logs: string[] = [];
  const logLevel = options.logLevel ?? "warn";
  const logger: Logger = createLogger(logLevel, (line) => logs.push(line));
  const other = options.otherWorkspace ?? !options.oauth;
  let botToken = "xoxb-test-token";
  if (other && !options.oauth) {
    // The bot token is one the fake issued for the test's workspace, so the fake checks every call:
    // a call touching the other workspace's channel or people with it is refused (channel_not_found).
    fake.addWorkspace({ teamId: fake.teamId, name: "Fake Team", domain: "fake-team" });
    botToken = fake.issueToken({ teamId: fake.teamId }).token;
  }
  if (other) addOtherWorkspaceToFake(fake);
  const config = loadConfig({
    ...(options.oauth
      ? {
          SLACK_CLIENT_ID: TEST_CLIENT_ID,
          SLACK_CLIENT_SECRET: TEST_CLIENT_SECRET,
          SLACK_STATE_SECRET: TEST_STATE_SECRET,
        }
      : { SLACK_BOT_TOKEN: botToken }),
    ...(options.socketMode
      ? { SLACK_APP_TOKEN: TEST_APP_TOKEN }
      : { SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET }),
    SLACK_API_URL: fake.apiUrl,
    PORT: "0",
    DATABASE_URL: db.path,
    LOG_LEVEL: logLevel,
    ...options.env,
  });
  const bot = await createScrumbot({
    config,
    database: db,
    clock,
    logger,
    retryConfig: options.retryConfig ?? { retries: 0 },
    scheduling: options.scheduling,
    slackFetch: options.slackFetch,
    health: options.health,
    afterAck: options.afterAck,
    rotation: options.rotation,
  });
  let snapshot: { schema: TeamTables; rows: string[]; leaks: ReturnType<typeof watchForLeaks> } | null = null;
  if (other) {
    const schema = await teamTables(db.db, db.dialect, !options.databasePath);
    // A database reopened by a restart test may hold the seed already (a fresh one never does).
    const before = options.databasePath ? await otherRows(db.db, schema) : [];
    const rows = before.length > 0 ? before : await seedOtherWorkspace(db.db, schema, clock.now());
    snapshot = { schema, rows, leaks: watchForLeaks(fake) };
  }
  const { port } = await bot.start();
  const baseUrl = `http://127.0.0.1:${port}`;
  if (options.oauth) {
    fake.enableOAuth({
      clientId: TEST_CLIENT_ID,
      clientSecret: TEST_CLIENT_SECRET,
      redirectUri: `${baseUrl}/slack/oauth_redirect`,
      rotation: options.oauth.rotation ?? false,
      ...(options.oauth.expiresInSeconds ? { expiresInSeconds: options.oauth.expiresInSeconds } : {}),
    });
  }
  const requesterFor = (teamId: string, grid?: { enterpriseId: string; enterpriseInstall?: boolean }) =>
    createSlackRequester({
      appUrl: `${baseUrl}/slack/events`,
      signingSecret: TEST_SIGNING_SECRET,
      fake,
      teamId,
      ...(grid
        ? { enterpriseId: grid.enterpriseId, enterpriseInstall: grid.enterpriseInstall ?? false }
        : {}),
    });
  const slack = requesterFor(TEST_TEAM_ID);
  return {
    bot,
    fake,
    db,
    clock,
    baseUrl,
    slack,
    slackAs: (teamId, teamDomain) =>
      createSlackRequester({
        appUrl: `${baseUrl}/slack/events`,
        signingSecret: TEST_SIGNING_SECRET,
        fake,
        teamId,
        teamDomain: teamDomain ?? `team-${teamId.toLowerCase()}`,
      }),
    requesterFor,
    logs,
    async stop() {
      await bot.stop(2_000);
      try {
        if (snapshot) await expectOtherWorkspaceUntouched(snapshot, db);
      } finally {
        await db.dispose();
        if (!options.fake) await fake.stop();
      }
    },
  };
}

/** The other workspace's rows are as seeded and nothing sent to Slack names it (see other-workspace.ts). */
async function expectOtherWorkspaceUntouched(
  snapshot: { schema: TeamTables; rows: string[]; leaks: ReturnType<typeof watchForLeaks> },
  db: TestDatabase,
): Promise<void> {
  const problems: string[] = [];
  if (db.isOpen()) {
    const after = await otherRows(db.db, snapshot.schema);
    const gone = snapshot.rows.filter((r) => !after.includes(r));
    const added = after.filter((r) => !snapshot.rows.includes(r));
    for (const r of gone) problems.push(`${OTHER_TEAM_ID} row changed or deleted: ${r.slice(0, 300)}`);
    for (const r of added) problems.push(`${OTHER_TEAM_ID} row written: ${r.slice(0, 300)}`);
  }
  problems.push(...snapshot.leaks.found());
  if (problems.length > 0) {
    throw new Error(`The test reached the other workspace (${OTHER_TEAM_ID}):\n${problems.join("\n")}`);
  }
}
