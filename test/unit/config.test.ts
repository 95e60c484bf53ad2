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
});
