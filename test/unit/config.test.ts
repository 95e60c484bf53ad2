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
