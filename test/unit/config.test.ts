import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { ConfigError } from "../../src/lib/errors.js";

describe("loadConfig", () => {
  it("reads HTTP mode with defaults", () => {
    const c = loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" });
    expect(c).toMatchObject({
      mode: "http",
      port: 3000,
      databaseUrl: "./data/scrumbot.db",
      slackApiUrl: "https://slack.com/api/",
      logLevel: "info",
    });
  });

  it("chooses Socket Mode when an app token is set, and adds the trailing slash to SLACK_API_URL", () => {
    const c = loadConfig({
      SLACK_BOT_TOKEN: "xoxb-1",
      SLACK_APP_TOKEN: "xapp-1",
      SLACK_API_URL: "http://127.0.0.1:9/api",
    });
    expect(c.mode).toBe("socket");
    expect(c.slackApiUrl).toBe("http://127.0.0.1:9/api/");
  });

  it("keeps an uninstalled workspace's data 30 days unless DATA_RETENTION_DAYS says otherwise", () => {
    const base = { SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" };
    expect(loadConfig(base).dataRetentionDays).toBe(30);
    expect(loadConfig({ ...base, DATA_RETENTION_DAYS: "0" }).dataRetentionDays).toBe(0);
    expect(() => loadConfig({ ...base, DATA_RETENTION_DAYS: "-1" })).toThrow(/DATA_RETENTION_DAYS must be 0/);
  });

  it("names every bad variable in one error", () => {
    let error: unknown;
    try {
      loadConfig({
        SLACK_BOT_TOKEN: "xoxp-user",
        PORT: "http",
        LOG_LEVEL: "loud",
        SLACK_API_URL: "not a url",
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as ConfigError).message;
    for (const name of ["SLACK_BOT_TOKEN", "PORT", "LOG_LEVEL", "SLACK_API_URL", "SLACK_SIGNING_SECRET"]) {
      expect(text).toContain(name);
    }
    expect((error as ConfigError).problems).toHaveLength(5);
  });

  it("treats empty strings as unset", () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: "", SLACK_SIGNING_SECRET: "s" })).toThrow(
      /SLACK_BOT_TOKEN is required/,
    );
  });

  describe("DATABASE_URL", () => {
    const base = { SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" };

    it("takes a file path, :memory: and postgres:// or postgresql:// URLs; the pool size defaults to 10", () => {
      for (const url of [
        "./data/x.db",
        ":memory:",
        "postgres://u@h:5432/db",
        "postgresql://u:p@h/db?schema=s1",
      ]) {
        expect(loadConfig({ ...base, DATABASE_URL: url }).databaseUrl).toBe(url);
      }
      expect(loadConfig(base).databasePoolSize).toBe(10);
      expect(loadConfig({ ...base, DATABASE_POOL_SIZE: "25" }).databasePoolSize).toBe(25);
    });

    it("prepares PostgreSQL statements unless DATABASE_PREPARED_STATEMENTS=off", () => {
      expect(loadConfig(base).databasePreparedStatements).toBe(true);
      expect(loadConfig({ ...base, DATABASE_PREPARED_STATEMENTS: "off" }).databasePreparedStatements).toBe(
        false,
      );
      expect(() => loadConfig({ ...base, DATABASE_PREPARED_STATEMENTS: "no" })).toThrow(
        /on \(the default\) or off/,
      );
    });

    it("stops start-up on any other scheme, naming the supported forms", () => {
      for (const url of ["mysql://u@h/db", "sqlite://./x.db", "https://example.com/db"]) {
        expect(() => loadConfig({ ...base, DATABASE_URL: url })).toThrow(ConfigError);
        expect(() => loadConfig({ ...base, DATABASE_URL: url })).toThrow(
          /not supported: use a SQLite file path.*postgres:\/\//,
        );
      }
    });

    it("refuses a schema name that is not a plain identifier, a bad pool size, and BACKUP_SCHEDULE on PostgreSQL", () => {
      expect(() => loadConfig({ ...base, DATABASE_URL: "postgres://h/db?schema=a;drop" })).toThrow(
        /plain schema name/,
      );
      expect(() => loadConfig({ ...base, DATABASE_POOL_SIZE: "0" })).toThrow(
        /DATABASE_POOL_SIZE must be at least 1/,
      );
      expect(() =>
        loadConfig({ ...base, DATABASE_URL: "postgres://h/db", BACKUP_SCHEDULE: "03:30" }),
      ).toThrow(/BACKUP_SCHEDULE is SQLite only.*pg_dump/);
    });
  });
});

describe("loadConfig: OAuth mode", () => {
  const oauth = {
    SLACK_CLIENT_ID: "1234.5678",
    SLACK_CLIENT_SECRET: "0123456789abcdef0123",
    SLACK_STATE_SECRET: "s".repeat(32),
    SLACK_SIGNING_SECRET: "s",
  };
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (e) {
      return (e as ConfigError).problems;
    }
    return [];
  };

  it("reads the three OAuth variables instead of a bot token", () => {
    const c = loadConfig({ ...oauth, SLACK_REDIRECT_URI: "https://bot.example.com/slack/oauth_redirect" });
    expect(c.slackBotToken).toBeUndefined();
    expect(c.oauth).toEqual({
      clientId: "1234.5678",
      clientSecret: "0123456789abcdef0123",
      stateSecret: "s".repeat(32),
      redirectUri: "https://bot.example.com/slack/oauth_redirect",
    });
    expect(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" }).oauth).toBeNull();
  });

  it("names each missing OAuth variable when only some are set", () => {
    const found = problems({ SLACK_CLIENT_ID: "1234.5678", SLACK_SIGNING_SECRET: "s" });
    expect(found).toHaveLength(2);
    expect(found.join("\n")).toContain("SLACK_CLIENT_SECRET is missing");
    expect(found.join("\n")).toContain("SLACK_STATE_SECRET is missing");
  });

  it("refuses a bot token together with OAuth, naming both sides", () => {
    const found = problems({ ...oauth, SLACK_BOT_TOKEN: "xoxb-1" });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      /SLACK_BOT_TOKEN conflicts with SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET/,
    );
  });

  it("checks each OAuth value and the redirect URL's path, together with the other problems", () => {
    const found = problems({
      SLACK_CLIENT_ID: "abc",
      SLACK_CLIENT_SECRET: "short",
      SLACK_STATE_SECRET: "short",
      SLACK_REDIRECT_URI: "https://bot.example.com/wrong",
      PORT: "http",
    });
    const text = found.join("\n");
    for (const name of [
      "SLACK_CLIENT_ID",
      "SLACK_CLIENT_SECRET",
      "SLACK_STATE_SECRET",
      "SLACK_REDIRECT_URI",
      "PORT",
      "SLACK_SIGNING_SECRET",
    ]) {
      expect(text).toContain(name);
    }
  });

  it("asks for a bot token or OAuth when neither is set", () => {
    expect(problems({ SLACK_SIGNING_SECRET: "s" })).toEqual([
      expect.stringMatching(
        /SLACK_BOT_TOKEN is required.*or set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET/,
      ),
    ]);
  });
});
