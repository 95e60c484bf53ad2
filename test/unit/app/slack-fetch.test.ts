/** The bounded Slack fetch over a real HTTP server that never answers (a response_url, say). */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createSlackFetch } from "../../../src/app/slack-fetch.js";
import { SlackUnavailableError } from "../../../src/lib/errors.js";
import { createLogger } from "../../../src/lib/logger.js";

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
});

/** Answers `status` for paths starting with /ok or /fail; holds every other request forever. */
async function slack(): Promise<{ url: string; hits: string[] }> {
  const hits: string[] = [];
  server = createServer((req, res) => {
    hits.push(req.url ?? "");
    if (req.url?.startsWith("/api/ok")) res.end("{}");
    else if (req.url?.startsWith("/api/fail")) res.writeHead(503).end();
  });
  await new Promise<void>((r) => server?.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

const logs: string[] = [];
const logger = createLogger("info", (line) => logs.push(line));

describe("createSlackFetch", () => {
  it("aborts a response_url POST that never gets an answer with SlackUnavailableError", async () => {
    const { url } = await slack();
    const { fetch } = createSlackFetch({ logger, options: { timeoutMs: 150 } });
    const started = performance.now();
    await expect(fetch(`${url}/response/abc`, { method: "POST", body: "{}" })).rejects.toBeInstanceOf(
      SlackUnavailableError,
    );
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("passes the work scheduler's checkpoint before sending and again before handing over the answer", async () => {
    const { url, hits } = await slack();
    const order: string[] = [];
    const f = createSlackFetch({
      logger,
      checkpoint: async () => void order.push(`checkpoint after ${hits.length} requests`),
    });
    const response = await f.fetch(`${url}/api/ok.method`);
    order.push(`answer ${response.status}`);
    expect(order).toEqual(["checkpoint after 0 requests", "checkpoint after 1 requests", "answer 200"]);
  });

  it("opens per call after N consecutive failures, with a growing pause; a success closes it", async () => {
    const { url, hits } = await slack();
    const f = createSlackFetch({ logger, options: { threshold: 2, basePauseMs: 100, maxPauseMs: 1_000 } });
    expect((await f.fetch(`${url}/api/fail.method`)).status).toBe(503);
    expect((await f.fetch(`${url}/api/fail.method`)).status).toBe(503);
    // Open: refused without a request; other methods are unaffected.
    await expect(f.fetch(`${url}/api/fail.method`)).rejects.toBeInstanceOf(SlackUnavailableError);
    expect(hits.filter((h) => h.includes("fail"))).toHaveLength(2);
    expect((await f.fetch(`${url}/api/ok.method`)).status).toBe(200);
    expect(f.state("fail.method").pausedForMs).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 120));
    // The probe after the pause fails: the pause doubles.
    expect((await f.fetch(`${url}/api/fail.method`)).status).toBe(503);
    expect(f.state("fail.method").pausedForMs).toBeGreaterThan(110);
    await new Promise((r) => setTimeout(r, 220));
    expect((await f.fetch(`${url}/api/ok.method`)).status).toBe(200);
    expect(f.state("fail.method").consecutiveFailures).toBe(3);
  });

  it("does not count the caller's own abort against Slack", async () => {
    const { url } = await slack();
    const f = createSlackFetch({ logger, options: { timeoutMs: 5_000, threshold: 1 } });
    await expect(f.fetch(`${url}/api/hang`, { signal: AbortSignal.timeout(50) })).rejects.not.toBeInstanceOf(
      SlackUnavailableError,
    );
    expect(f.state("hang").consecutiveFailures).toBe(0);
  });
});
