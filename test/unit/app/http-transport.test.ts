/** The fetch under every Slack call, over a real HTTP server: what the app's callers rely on. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { createHttpTransport } from "../../../src/app/http-transport.js";

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
});

async function serve(handler: (req: IncomingMessage, body: string, res: ServerResponse) => void) {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString();
    });
    req.on("end", () => handler(req, body, res));
  });
  await new Promise<void>((r) => server?.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("createHttpTransport", () => {
  it("posts a body with the caller's headers and answers like fetch (status, headers, json)", async () => {
    const url = await serve((req, body, res) => {
      res.writeHead(200, { "content-type": "application/json", "x-seen": String(req.headers.authorization) });
      res.end(
        JSON.stringify({
          ok: true,
          got: req.headers["content-type"]?.startsWith("application/json") ? JSON.parse(body) : body,
          type: req.headers["content-type"],
        }),
      );
    });
    const fetch = createHttpTransport();
    const res = await fetch(`${url}/api/chat.postMessage`, {
      method: "POST",
      headers: { authorization: "Bearer xoxb-1", "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ text: "héllo ✓" }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-seen")).toBe("Bearer xoxb-1");
    expect(await res.json()).toEqual({
      ok: true,
      got: { text: "héllo ✓" },
      type: "application/json; charset=utf-8",
    });
    // Form bodies get fetch's content type.
    const form = await fetch(`${url}/api/x`, { method: "POST", body: new URLSearchParams({ a: "1 2" }) });
    expect(await form.json()).toMatchObject({ type: "application/x-www-form-urlencoded;charset=UTF-8" });
  });

  it("decodes a gzip answer, has no body for 204, and refuses a redirect when asked to", async () => {
    const url = await serve((req, _body, res) => {
      if (req.url === "/gzip")
        res.writeHead(200, { "content-encoding": "gzip" }).end(gzipSync('{"ok":true}'));
      else if (req.url === "/none") res.writeHead(204).end();
      else res.writeHead(302, { location: "/none" }).end();
    });
    const fetch = createHttpTransport();
    expect(await (await fetch(`${url}/gzip`)).json()).toEqual({ ok: true });
    const none = await fetch(`${url}/none`, { method: "POST", body: "{}" });
    expect([none.status, none.body]).toEqual([204, null]);
    await expect(fetch(`${url}/moved`, { method: "POST", body: "{}", redirect: "error" })).rejects.toThrow(
      /redirect/,
    );
    expect((await fetch(`${url}/moved`)).status).toBe(204); // followed (by the global fetch)
  });

  it("answers with fetch's Response contract: read once, clone first, ok, url, bytes or a stream", async () => {
    const url = await serve((req, _body, res) => {
      res.writeHead(req.url === "/missing" ? 404 : 200, { "content-type": "application/json" });
      res.end('{"ok":true,"text":"héllo ✓"}');
    });
    const fetch = createHttpTransport();
    const res = await fetch(`${url}/api/views.open`, { method: "POST", body: "{}" });
    expect([res.ok, res.status, res.url, res.bodyUsed]).toEqual([true, 200, `${url}/api/views.open`, false]);
    const copy = res.clone();
    expect(await res.text()).toBe('{"ok":true,"text":"héllo ✓"}');
    expect(res.bodyUsed).toBe(true);
    await expect(res.text()).rejects.toThrow(TypeError);
    expect(() => res.clone()).toThrow(TypeError);
    expect(new TextDecoder().decode(await copy.arrayBuffer())).toBe('{"ok":true,"text":"héllo ✓"}');

    const missing = await fetch(`${url}/missing`, { method: "POST", body: "{}" });
    expect([missing.ok, missing.status]).toEqual([false, 404]);
    const streamed = await new Response(missing.body).json(); // the body as a web stream, on demand
    expect(streamed).toEqual({ ok: true, text: "héllo ✓" });
    expect(missing.bodyUsed).toBe(true);
  });

  it("rejects with the signal's reason when aborted, and a network failure as fetch does", async () => {
    const url = await serve(() => {}); // never answers
    const fetch = createHttpTransport();
    const signal = AbortSignal.timeout(50);
    await expect(fetch(`${url}/slow`, { method: "POST", body: "{}", signal })).rejects.toMatchObject({
      name: "TimeoutError",
    });
    await expect(fetch("http://127.0.0.1:1/closed", { method: "POST", body: "{}" })).rejects.toThrow(
      "fetch failed",
    );
  });

  it("reuses connections, and sends again once when a kept-alive socket was closed as it was reused", async () => {
    const sockets = new Set<Socket>();
    let dropped = 0;
    const url = await serve((req, _body, res) => {
      // The second request on a connection: the server closes it instead of answering.
      if (sockets.has(req.socket) && dropped === 0) {
        dropped++;
        req.socket.destroy();
        return;
      }
      sockets.add(req.socket);
      res.end(`{"n":${sockets.size}}`);
    });
    const fetch = createHttpTransport();
    const answers: unknown[] = [];
    for (const path of ["a", "b", "c", "d", "e"])
      answers.push(await (await fetch(`${url}/${path}`, { method: "POST", body: "{}" })).json());
    // Every call answered although one was dropped on a reused connection: it was sent again.
    expect(dropped).toBe(1);
    expect(answers).toHaveLength(5);
    // Connections are kept alive: five calls needed fewer than five connections.
    expect(sockets.size).toBeLessThan(5);
  });
});
