/**
 * The event loop stays free (hardening item 7): an oversized request body is refused with 413
 * before it is read, and one without Content-Length is cut off at the same cap.
 */
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app-harness.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ logLevel: "info" });
});
afterAll(() => t.stop());

/** POSTs `size` bytes to /slack/events; with `sendAll: false` only the first 64 KiB are written. */
function post(size: number, opts: { chunked: boolean; sendAll: boolean }): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(`${t.baseUrl}/slack/events`);
    const req = http.request(
      url,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(opts.chunked ? { "transfer-encoding": "chunked" } : { "content-length": String(size) }),
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", (error) => {
      // The app may close the connection while we are still writing: the status already arrived.
      if (
        (error as NodeJS.ErrnoException).code !== "EPIPE" &&
        (error as NodeJS.ErrnoException).code !== "ECONNRESET"
      )
        reject(error);
    });
    const chunk = Buffer.alloc(64 * 1024, "a");
    if (!opts.sendAll) {
      req.write(chunk); // the rest never comes: only an answer before reading the body can arrive
      return;
    }
    for (let sent = 0; sent < size; sent += chunk.length) req.write(chunk);
    req.end();
  });
}

describe("request body cap (MAX_BODY_BYTES, default 1 MiB)", () => {
  it("answers 413 from Content-Length alone, without waiting for the body", async () => {
    const status = await post(2 * 1024 * 1024, { chunked: false, sendAll: false });
    expect(status).toBe(413);
    expect(t.logs.some((l) => l.includes("refused a request body of 2097152 bytes"))).toBe(true);
  });

  it("cuts off a chunked body (no Content-Length) at the cap", async () => {
    expect(await post(2 * 1024 * 1024, { chunked: true, sendAll: true })).toBe(413);
  });

  it("still serves normal signed requests", async () => {
    const res = await t.slack.command("/story", "Fine", { userId: "U1", channelId: "C1" });
    expect(res.status).toBe(200);
  });
});
