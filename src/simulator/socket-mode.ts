/**
 * Socket Mode on the fake: `apps.connections.open` (with an `xapp-` token) mints a one-use
 * `ws://127.0.0.1:PORT/socket?ticket=…` URL; connecting to it gets Slack's `hello`; the test then pushes
 * envelopes (`slash_commands`, `interactive`, `events_api`) and reads the acks the app sends back
 * (`{ envelope_id, payload? }`), or asks the app to reconnect with a `disconnect` message.
 *
 * ```ts
 * const conn = await fake.socketMode.waitForConnections(1);
 * const id = fake.socketMode.push({ type: "slash_commands", payload: { command: "/story", … } });
 * const ack = await fake.socketMode.waitForAck(id);
 * ```
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { acceptUpgrade, refuseUpgrade, ServerWebSocket } from "./websocket.js";

const POLL_MS = 10;

/** What Slack sends over the socket for each request (see Slack's Socket Mode docs). */
export interface SocketEnvelope {
  /** Generated when omitted. */
  envelope_id?: string;
  type: "slash_commands" | "interactive" | "events_api" | (string & {});
  /** For `slash_commands`, the command's fields as JSON; for `interactive`, the interaction payload. */
  payload: unknown;
  /** Default: true for slash commands and interactivity, false for events (as Slack does). */
  accepts_response_payload?: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

/** One acknowledgement the app sent (`{ envelope_id, payload? }`). */
export interface SocketAck {
  envelopeId: string;
  /** The ack's `payload` (`{}` for a plain ack), or undefined when the app sent none. */
  payload: unknown;
  /** {@link SocketConnection.id} of the connection it arrived on. */
  connection: number;
  /** Wall-clock `Date.now()`. */
  at: number;
}

export interface SocketConnection {
  /** 1, 2, … in the order connections opened. */
  id: number;
  /** Wall-clock `Date.now()` when `hello` was sent. */
  openedAt: number;
  closedAt: number | undefined;
  /** The client's close code (1000 for a normal close), if it sent a close frame. */
  closeCode: number | undefined;
}

/** A message the fake sent over a socket (hello, envelopes, disconnects), for inspection. */
export interface SocketSent {
  connection: number;
  message: Record<string, unknown>;
  at: number;
}

/** Socket Mode server state; lives on a {@link FakeSlack} as `fake.socketMode`. */
export class FakeSocketMode {
  readonly connections: SocketConnection[] = [];
  readonly acks: SocketAck[] = [];
  /** Every message the fake sent, in order. */
  readonly sent: SocketSent[] = [];
  /** Text messages from clients that were not acks (unparseable ones kept as strings). */
  readonly otherMessages: unknown[] = [];
  private readonly tickets = new Map<string, { used: boolean }>();
  private readonly sockets = new Map<number, ServerWebSocket>();

  /** @param baseUrl `http://127.0.0.1:PORT/` of the fake. */
  constructor(
    private readonly baseUrl: string,
    private readonly appId: string,
  ) {}

  /** For `apps.connections.open`: a fresh URL that accepts one connection. */
  mintUrl(): string {
    const ticket = randomUUID();
    this.tickets.set(ticket, { used: false });
    const url = new URL(`socket?ticket=${ticket}&app_id=${this.appId}`, this.baseUrl);
    url.protocol = "ws:";
    return url.toString();
  }

  /** The fake's `upgrade` handler: `/socket` with an unused ticket gets a connection and `hello`. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? "/", this.baseUrl);
    if (url.pathname !== "/socket") {
      refuseUpgrade(socket, 404, "Not Found");
      return;
    }
    const ticket = this.tickets.get(url.searchParams.get("ticket") ?? "");
    if (!ticket || ticket.used) {
      // Slack refuses a reused or made-up ticket before the upgrade.
      refuseUpgrade(socket, 401, "Unauthorized");
      return;
    }
    if (!acceptUpgrade(req, socket)) return;
    ticket.used = true;
    const conn: SocketConnection = {
      id: this.connections.length + 1,
      openedAt: Date.now(),
      closedAt: undefined,
      closeCode: undefined,
    };
    const ws = new ServerWebSocket(socket, head, {
      onText: (text) => this.onText(conn.id, text),
      onClose: (code) => {
        conn.closedAt = Date.now();
        conn.closeCode = code;
        this.sockets.delete(conn.id);
      },
    });
    this.connections.push(conn);
    this.sockets.set(conn.id, ws);
    this.sendTo(conn.id, {
      type: "hello",
      num_connections: this.sockets.size,
      debug_info: { host: "fake-slack", approximate_connection_time: 18060 },
      connection_info: { app_id: this.appId },
    });
  }

  /** Connections that are open now. */
  get openConnections(): SocketConnection[] {
    return this.connections.filter((c) => this.sockets.get(c.id)?.open);
  }

  /**
   * Sends an envelope on the newest open connection; returns its `envelope_id`.
   * Throws when no connection is open (the test would otherwise wait for an ack that never comes).
   */
  push(envelope: SocketEnvelope): string {
    const target = this.openConnections.at(-1);
    if (!target) throw new Error("FakeSlack socket mode: no open connection to push to");
    const envelopeId = envelope.envelope_id ?? randomUUID();
    this.sendTo(target.id, {
      ...envelope,
      envelope_id: envelopeId,
      accepts_response_payload: envelope.accepts_response_payload ?? envelope.type !== "events_api",
    });
    return envelopeId;
  }

  /**
   * Slack's request to reconnect (`refresh_requested` when it recycles the connection, `warning` a few
   * seconds before, `link_disabled` when Socket Mode was turned off). The client closes and reconnects.
   */
  disconnect(reason: "refresh_requested" | "warning" | "link_disabled" = "refresh_requested"): void {
    const target = this.openConnections.at(-1);
    if (!target) throw new Error("FakeSlack socket mode: no open connection to disconnect");
    this.sendTo(target.id, { type: "disconnect", reason, debug_info: { host: "fake-slack" } });
  }

  /** Resolves with the `n`th connection (1-based) once it has opened. */
  waitForConnections(n = 1, timeoutMs = 5000): Promise<SocketConnection> {
    return poll(
      () => this.connections[n - 1],
      timeoutMs,
      () => `socket connection #${n} (have ${this.connections.length})`,
    );
  }

  /** Resolves with the app's ack of `envelopeId`. */
  waitForAck(envelopeId: string, timeoutMs = 5000): Promise<SocketAck> {
    return poll(
      () => this.acks.find((a) => a.envelopeId === envelopeId),
      timeoutMs,
      () =>
        `an ack of envelope ${envelopeId} (acks so far: ${this.acks.map((a) => a.envelopeId).join(", ")})`,
    );
  }

  /** Resolves once connection `id` has closed. */
  waitForClose(id: number, timeoutMs = 5000): Promise<SocketConnection> {
    return poll(
      () => this.connections.find((c) => c.id === id && c.closedAt !== undefined),
      timeoutMs,
      () => `socket connection #${id} to close`,
    );
  }

  /** Drops every connection (no closing handshake, like a network failure); used by `FakeSlack.stop`. */
  dropAll(): void {
    for (const ws of this.sockets.values()) ws.destroy();
  }

  private sendTo(id: number, message: Record<string, unknown>): void {
    this.sent.push({ connection: id, message, at: Date.now() });
    this.sockets.get(id)?.sendText(JSON.stringify(message));
  }

  private onText(connection: number, text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.otherMessages.push(text);
      return;
    }
    const envelopeId = (message as { envelope_id?: unknown } | null)?.envelope_id;
    if (typeof envelopeId !== "string") {
      this.otherMessages.push(message);
      return;
    }
    this.acks.push({
      envelopeId,
      payload: (message as { payload?: unknown }).payload,
      connection,
      at: Date.now(),
    });
  }
}

async function poll<T>(probe: () => T | undefined, timeoutMs: number, what: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() >= deadline)
      throw new Error(`FakeSlack: timed out after ${timeoutMs} ms waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
