/**
 * The fake's Socket Mode: apps.connections.open, the WebSocket Slack's own client (from Bolt's
 * SocketModeReceiver) connects to, envelopes, acks, disconnect/reconnect; and the frame level with raw sockets.
 */
import { randomBytes } from "node:crypto";
import { request } from "node:http";
import type { Socket } from "node:net";
import { LogLevel, SocketModeReceiver } from "@slack/bolt";
import { WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acceptKey, encodeFrame, FrameDecoder, Opcode } from "../../../src/simulator/websocket.js";
import { FakeSlack } from "../../support/fake-slack.js";

const APP_TOKEN = "xapp-1-A0001-1-unit";

let fake: FakeSlack;
const cleanups: (() => unknown)[] = [];

beforeEach(async () => {
  fake = await FakeSlack.start();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await fake.stop();
});

/**
 * Slack's Socket Mode client pointed at the fake. A short clientPingTimeout makes it ping every 100 ms
 * (and drop a connection whose pongs stop) and wait only 300 ms before reconnecting.
 */
function slackClient() {
  const receiver = new SocketModeReceiver({
    appToken: APP_TOKEN,
    logLevel: LogLevel.ERROR,
    clientPingTimeout: 300,
    installerOptions: { clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } } },
  });
  const client = receiver.client;
  cleanups.push(() => client.disconnect());
  return client;
}

interface Received {
  type: string;
  body: unknown;
  envelope_id: string;
  accepts_response_payload: boolean;
  ack: (response?: Record<string, unknown>) => Promise<void>;
}

function received(client: ReturnType<typeof slackClient>): Received[] {
  const events: Received[] = [];
  client.on("slack_event", (e: Received) => events.push(e));
  return events;
}

async function until<T>(probe: () => T | undefined, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("apps.connections.open", () => {
  it("gives an app-level token a one-use ws:// URL on the fake, and refuses a bot token", async () => {
    const app = new WebClient(APP_TOKEN, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    const res = await app.apps.connections.open();
    expect(res.ok).toBe(true);
    const url = new URL(res.url ?? "");
    expect(url.protocol).toBe("ws:");
    expect(url.host).toBe(`127.0.0.1:${fake.port}`);
    expect(url.pathname).toBe("/socket");
    expect(url.searchParams.get("ticket")).toMatch(/^[0-9a-f-]{36}$/);
    expect(url.searchParams.get("app_id")).toBe("A0001");
    const second = await app.apps.connections.open();
    expect(second.url).not.toBe(res.url);

    const bot = new WebClient("xoxb-test", { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    await expect(bot.apps.connections.open()).rejects.toMatchObject({
      data: { error: "not_allowed_token_type" },
    });
  });

  it("still takes the app-level token once bot tokens are issued (it serves every workspace)", async () => {
    fake.addWorkspace({ teamId: "T1" });
    const issued = fake.issueToken({ teamId: "T1" }).token;
    const app = new WebClient(APP_TOKEN, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    expect((await app.apps.connections.open()).ok).toBe(true);
    // Bot-token checks are on: an unknown bot token is refused, the issued one works.
    const unknown = new WebClient("xoxb-unknown", { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    await expect(unknown.auth.test()).rejects.toMatchObject({ data: { error: "invalid_auth" } });
    const bot = new WebClient(issued, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    expect((await bot.auth.test()).team_id).toBe("T1");
  });
});

describe("with Slack's Socket Mode client", () => {
  it("says hello on connect, so the client's start() resolves", async () => {
    const client = slackClient();
    await client.start();
    expect(fake.callsTo("apps.connections.open")).toHaveLength(1);
    expect(fake.callsTo("apps.connections.open")[0]?.token).toBe(APP_TOKEN);
    expect(fake.socketMode.connections).toHaveLength(1);
    expect(fake.socketMode.openConnections.map((c) => c.id)).toEqual([1]);
    expect(fake.socketMode.sent[0]?.message).toMatchObject({
      type: "hello",
      num_connections: 1,
      connection_info: { app_id: "A0001" },
    });
  });

  it("pushes envelopes the client dispatches, and records its acks with their payloads", async () => {
    const client = slackClient();
    const events = received(client);
    await client.start();

    const command = { command: "/story", text: "Export", user_id: "U1", channel_id: "C1" };
    const id = fake.socketMode.push({ type: "slash_commands", payload: command });
    const event = await until(() => events[0]);
    expect(event).toMatchObject({
      type: "slash_commands",
      envelope_id: id,
      body: command,
      accepts_response_payload: true,
    });
    await event.ack({ text: "got it" });
    const ack = await fake.socketMode.waitForAck(id);
    expect(ack).toMatchObject({ envelopeId: id, payload: { text: "got it" }, connection: 1 });

    const eventId = fake.socketMode.push({
      type: "events_api",
      envelope_id: "env-2",
      payload: { type: "event_callback", event: { type: "app_home_opened", user: "U1" } },
    });
    expect(eventId).toBe("env-2");
    const second = await until(() => events[1]);
    expect(second).toMatchObject({ type: "events_api", accepts_response_payload: false });
    await second.ack();
    expect(await fake.socketMode.waitForAck("env-2")).toMatchObject({ payload: {} });
    expect(fake.socketMode.acks.map((a) => a.envelopeId)).toEqual([id, "env-2"]);
  });

  it("answers the client's pings: the connection stays up", async () => {
    const client = slackClient();
    await client.start();
    // The client pings every 100 ms and closes after 3 unanswered pings (~400 ms).
    await new Promise((r) => setTimeout(r, 1000));
    expect(fake.socketMode.connections).toHaveLength(1);
    expect(fake.socketMode.connections[0]?.closedAt).toBeUndefined();
  });

  it("a disconnect (refresh_requested) makes the client close cleanly and reconnect with a new URL", async () => {
    const client = slackClient();
    const events = received(client);
    await client.start();

    fake.socketMode.disconnect();
    expect(fake.socketMode.sent.at(-1)?.message).toMatchObject({
      type: "disconnect",
      reason: "refresh_requested",
    });
    const first = await fake.socketMode.waitForClose(1);
    expect(first.closeCode).toBe(1000);
    const next = await fake.socketMode.waitForConnections(2);
    expect(next.id).toBe(2);
    expect(fake.callsTo("apps.connections.open")).toHaveLength(2);

    const id = fake.socketMode.push({ type: "interactive", payload: { type: "block_actions" } });
    const event = await until(() => events[0]);
    await event.ack();
    expect(await fake.socketMode.waitForAck(id)).toMatchObject({ connection: 2 });
  });

  it("stop() drops the connections", async () => {
    const client = slackClient();
    await client.start();
    await fake.stop();
    expect((await fake.socketMode.waitForClose(1)).closedAt).toBeDefined();
  });
});

it("push and disconnect throw when no connection is open", () => {
  expect(() => fake.socketMode.push({ type: "slash_commands", payload: {} })).toThrow(/no open connection/);
  expect(() => fake.socketMode.disconnect()).toThrow(/no open connection/);
});

// ---- raw WebSocket frames ------------------------------------------------------------------------

/** A client frame: masked, as RFC 6455 requires of clients. */
function clientFrame(opcode: number, payload: Buffer, fin = true, masked = true): Buffer {
  const mask = randomBytes(4);
  const body = Buffer.from(payload);
  if (masked) for (let i = 0; i < body.length; i++) body[i] = (body[i] ?? 0) ^ (mask[i % 4] ?? 0);
  const len = body.length;
  const head = Buffer.alloc(len < 126 ? 2 : 4);
  head[0] = (fin ? 0x80 : 0) | opcode;
  head[1] = (masked ? 0x80 : 0) | Math.min(len, 126);
  if (len >= 126) head.writeUInt16BE(len, 2);
  return Buffer.concat(masked ? [head, mask, body] : [head, body]);
}

/** Server frames, decoded by the same decoder after re-masking (the server's are unmasked). */
function serverFrames(bytes: Buffer): { opcode: number; payload: Buffer }[] {
  const frames: { opcode: number; payload: Buffer }[] = [];
  let rest = bytes;
  while (rest.length >= 2) {
    const len7 = (rest[1] ?? 0) & 0x7f;
    const offset = len7 === 126 ? 4 : 2;
    const len = len7 === 126 ? rest.readUInt16BE(2) : len7;
    frames.push({ opcode: (rest[0] ?? 0) & 0x0f, payload: rest.subarray(offset, offset + len) });
    rest = rest.subarray(offset + len);
  }
  return frames;
}

type Upgrade =
  | { status: 101; socket: Socket; head: Buffer; key: string; accept: string | undefined }
  | { status: number };

function upgrade(path: string, headers: Record<string, string> = {}): Promise<Upgrade> {
  const key = randomBytes(16).toString("base64");
  return new Promise((resolve, reject) => {
    const req = request({
      host: "127.0.0.1",
      port: fake.port,
      path,
      headers: {
        Connection: "Upgrade",
        Upgrade: "websocket",
        "Sec-WebSocket-Key": key,
        "Sec-WebSocket-Version": "13",
        ...headers,
      },
    });
    req.on("upgrade", (res, socket, head) => {
      cleanups.push(() => socket.destroy());
      const accept = res.headers["sec-websocket-accept"];
      resolve({ status: 101, socket, head, key, accept: typeof accept === "string" ? accept : undefined });
    });
    req.on("response", (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0 });
    });
    req.on("error", reject);
    req.end();
  });
}

function socketPath(): string {
  const url = new URL(fake.socketMode.mintUrl());
  return `${url.pathname}${url.search}`;
}

/** Collects what the server sends on an upgraded socket (`head`: bytes that came with the 101). */
function collect(socket: Socket, head: Buffer): { bytes: () => Buffer; ended: Promise<void> } {
  const chunks: Buffer[] = [head];
  socket.on("data", (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve) => socket.on("close", () => resolve()));
  return { bytes: () => Buffer.concat(chunks), ended };
}

describe("WebSocket frames", () => {
  it("accepts the handshake with the RFC 6455 accept key, and refuses a reused ticket, other paths and non-WebSocket upgrades", async () => {
    const path = socketPath();
    const ok = await upgrade(path);
    expect(ok.status).toBe(101);
    if (ok.status !== 101 || !("key" in ok)) throw new Error("no upgrade");
    expect(ok.accept).toBe(acceptKey(ok.key));
    // The RFC's worked example.
    expect(acceptKey("dGhlIHNhbXBsZSBub25jZQ==")).toBe("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");

    expect((await upgrade(path)).status).toBe(401);
    expect((await upgrade("/socket?ticket=made-up")).status).toBe(401);
    expect((await upgrade("/elsewhere")).status).toBe(404);
    expect((await upgrade(socketPath(), { "Sec-WebSocket-Version": "8" })).status).toBe(400);
    expect(fake.socketMode.connections).toHaveLength(1);
  });

  it("answers a ping with a pong carrying the same data, joins fragmented text, and echoes a close", async () => {
    const up = await upgrade(socketPath());
    if (!("socket" in up)) throw new Error("no upgrade");
    const out = collect(up.socket, up.head);
    up.socket.write(clientFrame(Opcode.ping, Buffer.from("are you there")));
    up.socket.write(clientFrame(Opcode.text, Buffer.from('{"envelope_id":"e-'), false));
    up.socket.write(clientFrame(Opcode.continuation, Buffer.from('1","payload":{"a":1}}')));
    // A long (16-bit length) message in one frame.
    const long = JSON.stringify({ envelope_id: "e-2", payload: { text: "x".repeat(300) } });
    up.socket.write(clientFrame(Opcode.text, Buffer.from(long)));
    await until(() => (fake.socketMode.acks.length === 2 ? true : undefined));
    expect(fake.socketMode.acks.map((a) => [a.envelopeId, a.payload])).toEqual([
      ["e-1", { a: 1 }],
      ["e-2", { text: "x".repeat(300) }],
    ]);

    const close = Buffer.alloc(2);
    close.writeUInt16BE(1000, 0);
    up.socket.write(clientFrame(Opcode.close, close));
    await out.ended;
    const frames = serverFrames(out.bytes());
    expect(frames.map((f) => f.opcode)).toEqual([Opcode.text, Opcode.pong, Opcode.close]);
    expect(JSON.parse(frames[0]?.payload.toString() ?? "")).toMatchObject({ type: "hello" });
    expect(frames[1]?.payload.toString()).toBe("are you there");
    expect(frames[2]?.payload.readUInt16BE(0)).toBe(1000);
    expect(await fake.socketMode.waitForClose(1)).toMatchObject({ closeCode: 1000 });
  });

  it("closes with 1002 (protocol error) on an unmasked client frame", async () => {
    const up = await upgrade(socketPath());
    if (!("socket" in up)) throw new Error("no upgrade");
    const out = collect(up.socket, up.head);
    up.socket.write(clientFrame(Opcode.text, Buffer.from('{"envelope_id":"e"}'), true, false));
    await out.ended;
    const last = serverFrames(out.bytes()).at(-1);
    expect(last?.opcode).toBe(Opcode.close);
    expect(last?.payload.readUInt16BE(0)).toBe(1002);
    expect(fake.socketMode.acks).toEqual([]);
  });
});

describe("encodeFrame / FrameDecoder", () => {
  it("encode 7-, 16- and 64-bit lengths; the decoder waits for whole frames", () => {
    expect(encodeFrame(Opcode.text, Buffer.alloc(125)).subarray(0, 2)).toEqual(Buffer.from([0x81, 125]));
    expect(encodeFrame(Opcode.text, Buffer.alloc(126)).subarray(0, 4)).toEqual(
      Buffer.from([0x81, 126, 0, 126]),
    );
    const big = encodeFrame(Opcode.binary, Buffer.alloc(70_000));
    expect(big[1]).toBe(127);
    expect(Number(big.readBigUInt64BE(2))).toBe(70_000);

    const frame = clientFrame(Opcode.text, Buffer.from("hello"));
    const decoder = new FrameDecoder();
    expect(decoder.push(frame.subarray(0, 3))).toEqual([]);
    expect(decoder.push(frame.subarray(3))).toEqual([
      { fin: true, opcode: Opcode.text, payload: Buffer.from("hello") },
    ]);
  });
});
