import { describe, expect, it } from "vitest";
import { createLogger, toBoltLogger } from "../../../src/lib/logger.js";

function capture(level: Parameters<typeof createLogger>[0]) {
  const lines: string[] = [];
  const logger = createLogger(level, (l) => lines.push(l));
  return { logger, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe("logger (pino)", () => {
  it("writes one JSON line per call at or above the level, with level name, ISO time and context", () => {
    const { logger, lines, parsed } = capture("info");
    logger.debug("hidden");
    logger.info("scrumbot started", { mode: "http", port: 3000 });
    logger.warn("careful");
    expect(lines).toHaveLength(2);
    expect(lines[0]).not.toContain("\n");
    expect(parsed()[0]).toEqual({
      level: "info",
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      msg: "scrumbot started",
      mode: "http",
      port: 3000,
    });
    expect(parsed()[1]).toMatchObject({ level: "warn", msg: "careful" });
  });

  it("writes nothing when silent", () => {
    const { logger, lines } = capture("silent");
    logger.error("boom", { error: new Error("x") });
    expect(lines).toEqual([]);
  });

  it("logs errors under any key with their message, stack and Slack's data", () => {
    const { logger, parsed } = capture("info");
    const error = Object.assign(new Error("An API error occurred: internal_error"), {
      data: { ok: false, error: "internal_error" },
    });
    logger.error("listener failed", { ref: "ab12cd34", error, other: new TypeError("bad") });
    const [line] = parsed();
    expect(line?.error).toMatchObject({
      type: "Error",
      message: "An API error occurred: internal_error",
      stack: expect.stringContaining("Error: An API error occurred"),
      data: { ok: false, error: "internal_error" },
    });
    expect(line?.other).toMatchObject({ type: "TypeError", message: "bad" });
  });

  it("redacts tokens, authorization, typed text, blocks, views and submitted values", () => {
    const { logger, lines } = capture("debug");
    logger.info("request", {
      token: "xoxb-secret-1",
      text: "my typed standup answer",
      body: { token: "verif-secret-2", view: { id: "V1" }, submission: { a: "typed-3" } },
      headers: { authorization: "Bearer xoxb-secret-4" },
      error: { data: { blocks: ["typed-5"] } },
      payload: { values: { b: "typed-6" } },
      teamId: "T0001",
    });
    const out = lines.join("\n");
    for (const secret of [
      "xoxb-secret-1",
      "my typed",
      "verif-secret-2",
      "V1",
      "typed-3",
      "xoxb-secret-4",
      "typed-5",
      "typed-6",
    ])
      expect(out).not.toContain(secret);
    expect(out).toContain('"teamId":"T0001"');
    expect(out).toContain("[redacted]");
  });

  it("adapts to Bolt's logger: strings form the message, objects are kept and redacted", () => {
    const { logger, parsed } = capture("debug");
    const bolt = toBoltLogger(logger, "debug");
    bolt.warn("http request failed", { token: "xoxb-secret", status: 500 });
    bolt.error("listener threw", new Error("kaput"));
    expect(parsed()).toEqual([
      expect.objectContaining({
        level: "warn",
        msg: "http request failed",
        source: "bolt",
        args: [{ token: "[redacted]", status: 500 }],
      }),
      expect.objectContaining({
        level: "error",
        msg: "listener threw",
        args: [expect.objectContaining({ type: "Error", message: "kaput" })],
      }),
    ]);
    expect(bolt.getLevel()).toBe("debug");
  });

  it("drops Bolt's lines below the level without reading their arguments", () => {
    const { logger, parsed } = capture("warn");
    const bolt = toBoltLogger(logger, "warn");
    let read = 0;
    const payload = new Error("ack() call begins");
    Object.defineProperty(payload, "stack", {
      get: () => {
        read++;
        return "stack";
      },
    });
    bolt.debug(`ack() call begins (body: ${JSON.stringify({ text: "x".repeat(1000) })})`, payload);
    bolt.info("stored response sent", payload);
    expect(read).toBe(0);
    expect(parsed()).toEqual([]);
    bolt.warn("http request failed", payload);
    expect(read).toBeGreaterThan(0);
    expect(parsed()).toEqual([expect.objectContaining({ level: "warn", msg: "http request failed" })]);
  });

  it("cuts payloads out of library message strings (Socket Mode and Bolt debug lines)", () => {
    const { logger, parsed } = capture("debug");
    const bolt = toBoltLogger(logger, "debug");
    bolt.debug('Received a message on the WebSocket: {"payload":{"user":{"id":"U1"},"text":"my card"}}');
    bolt.debug("body: payload=%7B%22user%22%3A%22U1%22%7D");
    bolt.debug("WebSocket received ping from Slack server (data: ping-1)");
    expect(parsed().map((l) => l.msg)).toEqual([
      "Received a message on the WebSocket: [payload redacted]",
      "body: payload=[payload redacted]",
      "WebSocket received ping from Slack server (data: ping-1)",
    ]);
  });
});
