/**
 * `@slack/web-api` 8.2.0 builds `JSON.stringify(redact(…))` of every request body, its headers and
 * every answer for a debug line, whatever the log level: a quarter of the app's allocation under
 * `bench:ack` (docs/performance.md, session 11). `patches/@slack+web-api+8.2.0.patch`
 * (applied by `patch-package` at install) builds them only when the logger is at debug. If this
 * test fails after an upgrade, the patch no longer applies: drop it if upstream fixed this, else
 * redo it for the new version.
 */
import { WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger, type Level, toBoltLogger } from "../../../src/lib/logger.js";
import { FakeSlack } from "../../support/fake-slack.js";

let fake: FakeSlack;
beforeEach(async () => {
  fake = await FakeSlack.start();
});
afterEach(async () => {
  await fake.stop();
});

/** Opens a modal whose view counts how often it is serialized (toJSON). */
async function serializationsOfOneCall(level: Level): Promise<{ count: number; lines: string[] }> {
  const lines: string[] = [];
  const logger = toBoltLogger(
    createLogger(level, (l) => lines.push(l)),
    level,
  );
  const client = new WebClient("xoxb-test", {
    slackApiUrl: fake.apiUrl,
    logger,
    retryConfig: { retries: 0 },
  });
  let count = 0;
  const view = {
    type: "modal",
    title: { type: "plain_text", text: "Story" },
    blocks: [],
    toJSON() {
      count++;
      const { toJSON: _, ...plain } = this;
      return plain;
    },
  };
  await client.views.open({ trigger_id: fake.mintTriggerId(), view: view as never });
  return { count, lines };
}

describe("the Web API client's debug strings", () => {
  it("are not built below debug: the request body is serialized once, for the wire", async () => {
    const { count, lines } = await serializationsOfOneCall("error");
    expect(count).toBe(1);
    expect(lines).toEqual([]);
  });

  it("are still built and logged at debug (payload cut out)", async () => {
    const { count, lines } = await serializationsOfOneCall("debug");
    expect(count).toBeGreaterThan(1);
    expect(lines.some((l) => l.includes("http request body: [payload redacted]"))).toBe(true);
  });
});
