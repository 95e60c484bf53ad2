/** Crash policy: rejections keep serving; an uncaught exception stops cleanly and exits 1. */
import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { installProcessHandlers, type ProcessLike } from "../../../src/app/process-handlers.js";
import { createLogger } from "../../../src/lib/logger.js";

function setup() {
  const logs: string[] = [];
  const proc = new EventEmitter();
  const events: string[] = [];
  installProcessHandlers({
    process: proc as unknown as ProcessLike,
    logger: createLogger("info", (line) => logs.push(line)),
    shutdown: async () => {
      events.push("shutdown");
    },
    exit: (code) => events.push(`exit ${code}`),
  });
  return { logs, proc, events };
}

describe("installProcessHandlers", () => {
  it("logs an unhandled rejection with a reference id and keeps serving", () => {
    const { logs, proc, events } = setup();
    proc.emit("unhandledRejection", new Error("fire-and-forget failed"));
    expect(events).toEqual([]);
    const line = JSON.parse(logs[0] ?? "{}") as { level: string; ref: string; msg: string };
    expect(line.level).toBe("error");
    expect(line.ref).toMatch(/^[0-9a-f]{8}$/);
    expect(line.msg).toContain("still serving");
  });

  it("stops cleanly, then exits 1, on an uncaught exception; a second one exits at once", async () => {
    const { logs, proc, events } = setup();
    proc.emit("uncaughtException", new Error("boom"));
    await new Promise((r) => setImmediate(r));
    expect(events).toEqual(["shutdown", "exit 1"]);
    expect(JSON.parse(logs[0] ?? "{}")).toMatchObject({
      level: "error",
      ref: expect.stringMatching(/^[0-9a-f]{8}$/),
    });
    proc.emit("uncaughtException", new Error("again"));
    expect(events).toEqual(["shutdown", "exit 1", "exit 1"]);
  });
});
