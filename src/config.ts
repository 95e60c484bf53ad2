/**
 * The only reader of `process.env`. Parses once with zod; any problem stops
 * start-up with one message that names every bad variable and how to fix it.
 */
import { dirname, join } from "node:path";
import { z } from "zod";
import { checkDatabaseUrl, SUPPORTED_DATABASE_URLS } from "./db/database-url.js";
import { isValidCron, isValidTimeZone } from "./domain/schedule/index.js";
import { ConfigError } from "./lib/errors.js";

const DEFAULT_SLACK_API_URL = "https://slack.com/api/";

/** Where Bolt serves the install page and Slack's redirect after an install (OAuth mode). */
export const INSTALL_PATH = "/slack/install";
export const REDIRECT_PATH = "/slack/oauth_redirect";

const schema = z.object({
  // Required unless OAuth mode (checked below, with the OAuth variables).
  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xoxb-/, {
      error: "must start with xoxb- (the Bot User OAuth Token, not a user or app token)",
    })
    .optional(),
  // OAuth mode (docs/oauth.md): all three together, instead of SLACK_BOT_TOKEN.
  SLACK_CLIENT_ID: z
    .string()
    .regex(/^\d+\.\d+$/, {
      error: "must be the app's Client ID (digits.digits, Basic Information → App Credentials)",
    })
    .optional(),
  SLACK_CLIENT_SECRET: z
    .string()
    .min(16, { error: "must be the app's Client Secret (Basic Information)" })
    .optional(),
  SLACK_STATE_SECRET: z
    .string()
    .min(32, { error: "must be at least 32 random characters (e.g. `openssl rand -hex 32`)" })
    .optional(),
  SLACK_REDIRECT_URI: z
    .url({ error: `must be your public URL ending in ${REDIRECT_PATH}` })
    .refine((u) => new URL(u).pathname === REDIRECT_PATH, {
      error: `must end in ${REDIRECT_PATH} (the Redirect URL under OAuth & Permissions)`,
    })
    .optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-/, {
      error: "must start with xapp- (an app-level token with the connections:write scope)",
    })
    .optional(),
  SLACK_API_URL: z
    .url({ error: "must be a URL such as https://slack.com/api/" })
    .default(DEFAULT_SLACK_API_URL)
    // WebClient joins method names onto the base URL: it needs the trailing slash.
    .transform((u) => (u.endsWith("/") ? u : `${u}/`)),
  PORT: z.coerce
    .number({ error: "must be a port number" })
    .int({ error: "must be a whole number" })
    .min(0, { error: "must be between 0 and 65535" })
    .max(65535, { error: "must be between 0 and 65535" })
    .default(3000),
  DATABASE_URL: z
    .string()
    .min(1, { error: `must be ${SUPPORTED_DATABASE_URLS}` })
    .default("./data/scrumbot.db")
    .superRefine((url, ctx) => {
      const checked = checkDatabaseUrl(url);
      if (typeof checked === "string") ctx.addIssue({ code: "custom", message: checked });
    }),
  DATABASE_POOL_SIZE: z.coerce
    .number({ error: "must be a number of connections, e.g. 10" })
    .int({ error: "must be a whole number of connections" })
    .min(1, { error: "must be at least 1" })
    .max(1000, { error: "must be at most 1000" })
    .default(10),
  DATABASE_PREPARED_STATEMENTS: z
    .enum(["on", "off"], { error: "must be on (the default) or off (behind PgBouncer in transaction mode)" })
    .default("on"),
  LOG_LEVEL: z
    .enum(["debug", "info", "warn", "error", "silent"], {
      error: "must be one of debug, info, warn, error, silent",
    })
    .default("info"),
  SLACK_TIMEOUT_MS: z.coerce
    .number({ error: "must be a number of milliseconds, e.g. 10000" })
    .int({ error: "must be a whole number of milliseconds" })
    .min(100, { error: "must be at least 100 (milliseconds)" })
    .max(120_000, { error: "must be at most 120000 (2 minutes)" })
    .default(10_000),
  SLACK_BREAKER_THRESHOLD: z.coerce
    .number({ error: "must be a number of failures, e.g. 5" })
    .int({ error: "must be a whole number" })
    .min(1, { error: "must be at least 1" })
    .max(1000, { error: "must be at most 1000" })
    .default(5),
  MAX_BODY_BYTES: z.coerce
    .number({ error: "must be a number of bytes, e.g. 1048576" })
    .int({ error: "must be a whole number of bytes" })
    .min(65_536, { error: "must be at least 65536 (Slack's payloads can be that large)" })
    .max(4_194_304, { error: "must be at most 4194304 (4 MiB)" })
    .default(1_048_576),
  METRICS_TOKEN: z.string().min(16, { error: "must be at least 16 characters (a random secret)" }).optional(),
  LOG_PRETTY: z.enum(["0", "1"], { error: "must be 1 (readable logs) or 0 (JSON lines)" }).optional(),
  // Scheduled backups (docs/operations.md): off unless BACKUP_SCHEDULE is set.
  BACKUP_SCHEDULE: z
    .string()
    .refine((v) => /^([01]\d|2[0-3]):[0-5]\d$/.test(v) || isValidCron(v), {
      error: 'must be a daily time like "03:30" or a 5-field cron expression like "30 3 * * *"',
    })
    .optional(),
  BACKUP_TIME_ZONE: z
    .string()
    .refine(isValidTimeZone, { error: "must be an IANA time zone such as UTC or Europe/Berlin" })
    .default("UTC"),
  BACKUP_DIR: z.string().min(1).optional(),
  // How long an uninstalled workspace's data is kept before the daily purge (docs/data-retention.md).
  DATA_RETENTION_DAYS: z.coerce
    .number({ error: "must be a number of days, e.g. 30" })
    .int({ error: "must be a whole number of days" })
    .min(0, { error: "must be 0 (delete at the next daily purge) or more" })
    .max(3650, { error: "must be at most 3650 (10 years)" })
    .default(30),
  BACKUP_KEEP: z.coerce
    .number({ error: "must be a number of backups to keep, e.g. 7" })
    .int({ error: "must be a whole number" })
    .min(1, { error: "must be at least 1" })
    .default(7),
});

export type Config = {
  /** Single-workspace mode's bot token; undefined in OAuth mode. */
  slackBotToken: string | undefined;
  /** OAuth mode (many workspaces, installed through /slack/install), or null for one bot token. */
  oauth: OAuthConfig | null;
  slackSigningSecret: string | undefined;
  slackAppToken: string | undefined;
  slackApiUrl: string;
  port: number;
  databaseUrl: string;
  /** DATABASE_POOL_SIZE: connections of the PostgreSQL pool (ignored for SQLite). */
  databasePoolSize: number;
  /** DATABASE_PREPARED_STATEMENTS: PostgreSQL statements prepared once per connection (db/prepared-statements.ts). */
  databasePreparedStatements: boolean;
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
  /** SLACK_TIMEOUT_MS: every outgoing Slack request (Web API, response_url) is aborted after this. */
  slackTimeoutMs: number;
  /** MAX_BODY_BYTES: larger requests to /slack/events are refused with 413 before being read. */
  maxBodyBytes: number;
  /** SLACK_BREAKER_THRESHOLD: consecutive Slack failures after which calls pause (see app/slack-fetch.ts). */
  slackBreakerThreshold: number;
  /** LOG_PRETTY: readable logs (pino-pretty, a dev dependency); unset = when stderr is a terminal. */
  logPretty?: boolean;
  /** METRICS_TOKEN: when set, `GET /metrics` needs `Authorization: Bearer <token>`. */
  metricsToken?: string;
  /** Socket Mode when an app-level token is configured, HTTP otherwise. */
  mode: "socket" | "http";
  /** Scheduled backups, or null when BACKUP_SCHEDULE is unset. */
  backup: BackupConfig | null;
  /** DATA_RETENTION_DAYS: an uninstalled workspace's data is deleted this many days later. */
  dataRetentionDays: number;
};

export interface OAuthConfig {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  /** SLACK_REDIRECT_URI, sent to Slack when set (it must match one of the app's Redirect URLs). */
  redirectUri: string | undefined;
}

export interface BackupConfig {
  /** "HH:MM" (daily) or a 5-field cron expression, read in `timeZone`. */
  schedule: string;
  timeZone: string;
  /** Default: `backups/` beside the database file. */
  dir: string;
  /** How many backups to keep (older ones are deleted after each backup). */
  keep: number;
}

/** Parses the environment; throws `ConfigError` listing every problem. Empty strings count as unset. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(
    Object.entries(env)
      .filter(([, v]) => v !== undefined && v.trim() !== "")
      .map(([k, v]) => [k, v?.trim()]),
  );
  const result = schema.safeParse(cleaned);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join(".") || "environment"} ${issue.message}`);
  // Checked outside zod so it is reported together with the other problems.
  if (!cleaned.SLACK_APP_TOKEN && !cleaned.SLACK_SIGNING_SECRET) {
    problems.push(
      "SLACK_SIGNING_SECRET is required in HTTP mode (Basic Information → Signing Secret); or set SLACK_APP_TOKEN (xapp-…) to use Socket Mode",
    );
  }
  if (cleaned.BACKUP_SCHEDULE && /^postgres(ql)?:\/\//i.test(cleaned.DATABASE_URL ?? "")) {
    problems.push(
      "BACKUP_SCHEDULE is SQLite only (it copies the database file); on PostgreSQL unset it and back up with pg_dump (docs/postgresql.md)",
    );
  }
  problems.push(...authProblems(cleaned));
  if (!result.success || problems.length > 0) throw new ConfigError(problems);
  const e = result.data;
  return {
    slackBotToken: e.SLACK_BOT_TOKEN,
    oauth:
      e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET && e.SLACK_STATE_SECRET
        ? {
            clientId: e.SLACK_CLIENT_ID,
            clientSecret: e.SLACK_CLIENT_SECRET,
            stateSecret: e.SLACK_STATE_SECRET,
            redirectUri: e.SLACK_REDIRECT_URI,
          }
        : null,
    slackSigningSecret: e.SLACK_SIGNING_SECRET,
    slackAppToken: e.SLACK_APP_TOKEN,
    slackApiUrl: e.SLACK_API_URL,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    databasePreparedStatements: e.DATABASE_PREPARED_STATEMENTS === "on",
    logLevel: e.LOG_LEVEL,
    slackTimeoutMs: e.SLACK_TIMEOUT_MS,
    slackBreakerThreshold: e.SLACK_BREAKER_THRESHOLD,
    maxBodyBytes: e.MAX_BODY_BYTES,
    logPretty: e.LOG_PRETTY === undefined ? undefined : e.LOG_PRETTY === "1",
    metricsToken: e.METRICS_TOKEN,
    mode: e.SLACK_APP_TOKEN ? "socket" : "http",
    dataRetentionDays: e.DATA_RETENTION_DAYS,
    backup: e.BACKUP_SCHEDULE
      ? {
          schedule: e.BACKUP_SCHEDULE,
          timeZone: e.BACKUP_TIME_ZONE,
          dir: e.BACKUP_DIR ?? join(dirname(e.DATABASE_URL), "backups"),
          keep: e.BACKUP_KEEP,
        }
      : null,
  };
}

const playgroundSchema = z.object({
  PLAYGROUND_PORT: z.coerce
    .number({ error: "must be a port number" })
    .int({ error: "must be a whole number" })
    .min(0, { error: "must be between 0 and 65535" })
    .max(65535, { error: "must be between 0 and 65535" })
    .default(3000),
  PLAYGROUND_HOST: z.string().min(1).default("127.0.0.1"),
  PLAYGROUND_DATABASE: z.string().min(1).default("./data/playground.db"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("warn"),
});

/** `npm run playground` (docs/playground.md): its page's port and host, its own database, its log level. */
export interface PlaygroundConfig {
  port: number;
  host: string;
  databasePath: string;
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
}

/** The playground's settings; Slack tokens are not read (the playground makes its own). */
export function loadPlaygroundConfig(
  env: Record<string, string | undefined> = process.env,
): PlaygroundConfig {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ""),
  );
  const result = playgroundSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => `${i.path.join(".") || "environment"} ${i.message}`),
    );
  }
  const e = result.data;
  return {
    port: e.PLAYGROUND_PORT,
    host: e.PLAYGROUND_HOST,
    databasePath: e.PLAYGROUND_DATABASE,
    logLevel: e.LOG_LEVEL,
  };
}

const OAUTH_VARS = ["SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET"] as const;

/**
 * One bot token (single workspace) or the three OAuth variables (many workspaces), never both and
 * never half of OAuth: each missing or conflicting variable is named.
 */
function authProblems(env: Record<string, string | undefined>): string[] {
  const set = OAUTH_VARS.filter((k) => env[k]);
  const hasToken = Boolean(env.SLACK_BOT_TOKEN);
  if (set.length === 0) {
    if (env.SLACK_REDIRECT_URI)
      return [
        "SLACK_REDIRECT_URI is only used in OAuth mode: also set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET, or remove it",
      ];
    return hasToken
      ? []
      : [
          "SLACK_BOT_TOKEN is required: the Bot User OAuth Token (xoxb-…) from your Slack app's OAuth & Permissions page; or set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET to install to many workspaces (docs/oauth.md)",
        ];
  }
  const problems = OAUTH_VARS.filter((k) => !env[k]).map(
    (k) =>
      `${k} is missing: OAuth mode needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET together (docs/oauth.md)`,
  );
  if (hasToken) {
    problems.push(
      `SLACK_BOT_TOKEN conflicts with ${set.join(", ")}: use one bot token (one workspace) or OAuth (many workspaces, tokens come from installs), not both; remove one`,
    );
  }
  return problems;
}
