/**
 * The playground's web server (loopback only): the built page, its JSON API and a server-sent event
 * stream that says "something changed" (the page then fetches `/api/state`). Nothing here talks to
 * the internet; the page's assets are all served from `dist/playground-web`.
 */
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import { z } from "zod";
import type { ClockJump } from "./clock-jumps.js";
import { pageState } from "./page-state.js";
import { PEOPLE } from "./people.js";
import type { Playground } from "./playground.js";

const MAX_BODY = 1_000_000;
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
};

const person = z.string().refine((id) => PEOPLE.some((p) => p.id === id), "unknown person");
const json = z.record(z.string(), z.unknown());
const schemas = {
  send: z.object({
    user: person,
    channel: z.string(),
    text: z.string().max(40_000),
    threadTs: z.string().optional(),
  }),
  action: z.object({
    user: person,
    surface: z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("message"), channel: z.string(), ts: z.string() }),
      z.object({ kind: z.literal("ephemeral"), id: z.string() }),
      z.object({ kind: z.literal("view"), viewId: z.string() }),
    ]),
    action: json.and(z.object({ action_id: z.string(), block_id: z.string(), type: z.string() })),
    values: z.record(z.string(), z.record(z.string(), json)).optional(),
  }),
  submit: z.object({
    user: person,
    viewId: z.string(),
    values: z.record(z.string(), z.record(z.string(), json)),
  }),
  close: z.object({ user: person, viewId: z.string() }),
  home: z.object({ user: person }),
  shortcut: z.object({ user: person, channel: z.string(), ts: z.string() }),
  clock: z.object({ jump: z.enum(["hour", "day", "berlin-nine", "monday-nine"]) }),
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpError(413, "That request is too large.");
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
  } catch {
    throw new HttpError(400, "The request body is not JSON.");
  }
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) throw new HttpError(400, `Bad request: ${z.prettifyError(result.error)}`);
  return result.data;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

export async function startPlaygroundServer(opts: {
  playground: Playground;
  webRoot: string;
  port: number;
  host: string;
}): Promise<{ server: Server; port: number }> {
  const { playground, webRoot } = opts;

  const api = async (req: IncomingMessage, res: ServerResponse, path: string, url: URL) => {
    if (req.method === "GET" && path === "/api/state") {
      const user = parse(person, url.searchParams.get("user") ?? PEOPLE[0]!.id);
      sendJson(res, 200, {
        version: playground.stateVersion,
        ...pageState(playground.current, user, playground.now()),
      });
      return;
    }
    if (req.method === "GET" && path === "/api/events") {
      res.writeHead(200, {
        "content-type": "text/event-stream",
        "cache-control": "no-store",
        connection: "keep-alive",
      });
      res.write(`data: ${playground.stateVersion}\n\n`);
      const unsubscribe = playground.subscribe((v) => res.write(`data: ${v}\n\n`));
      req.on("close", unsubscribe);
      return;
    }
    const file = /^\/api\/files\/([A-Z0-9]+)$/.exec(path);
    if (req.method === "GET" && file) {
      const f = playground.current.sim.file(file[1]!);
      if (!f?.bytes) throw new HttpError(404, "No such file.");
      res.writeHead(200, { "content-type": TYPES[extname(f.filename)] ?? "application/octet-stream" });
      res.end(f.bytes);
      return;
    }
    if (req.method !== "POST") throw new HttpError(404, "No such page.");
    const body = await readJson(req);
    switch (path) {
      case "/api/send": {
        const b = parse(schemas.send, body);
        await playground.run((s) => s.send(b.user, b.channel, b.text, b.threadTs));
        return sendJson(res, 200, { ok: true });
      }
      case "/api/action": {
        const b = parse(schemas.action, body);
        await playground.run((s) => s.action(b.user, b.surface, b.action, b.values));
        return sendJson(res, 200, { ok: true });
      }
      case "/api/submit": {
        const b = parse(schemas.submit, body);
        return sendJson(res, 200, await playground.run((s) => s.submit(b.user, b.viewId, b.values)));
      }
      case "/api/close": {
        const b = parse(schemas.close, body);
        await playground.run((s) => s.close(b.user, b.viewId));
        return sendJson(res, 200, { ok: true });
      }
      case "/api/home": {
        const b = parse(schemas.home, body);
        await playground.run((s) => s.openHome(b.user));
        return sendJson(res, 200, { ok: true });
      }
      case "/api/shortcut": {
        const b = parse(schemas.shortcut, body);
        await playground.run((s) => s.shortcut(b.user, b.channel, b.ts));
        return sendJson(res, 200, { ok: true });
      }
      case "/api/clock": {
        const b = parse(schemas.clock, body);
        const now = await playground.jump(b.jump as ClockJump);
        return sendJson(res, 200, { now: now.toISOString() });
      }
      case "/api/reset":
        await playground.reset();
        return sendJson(res, 200, { ok: true });
      default:
        throw new HttpError(404, "No such API.");
    }
  };

  const staticFile = async (res: ServerResponse, path: string) => {
    const rel = normalize(path === "/" ? "/index.html" : path).replace(/^([/\\])+/, "");
    if (rel.startsWith("..")) throw new HttpError(404, "No such page.");
    let data: Buffer;
    let type = TYPES[extname(rel)] ?? "application/octet-stream";
    try {
      data = await readFile(join(webRoot, rel));
    } catch {
      // Client-side routes fall back to the page itself.
      data = await readFile(join(webRoot, "index.html"));
      type = TYPES[".html"]!;
    }
    res.writeHead(200, { "content-type": type, "cache-control": "no-cache" });
    res.end(data);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname;
    const work = path.startsWith("/api/") ? api(req, res, path, url) : staticFile(res, path);
    work.catch((error: unknown) => {
      if (res.headersSent) return;
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      sendJson(res, status, { error: message });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}
