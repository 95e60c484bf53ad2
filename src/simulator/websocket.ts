/**
 * The smallest RFC 6455 server side the fake needs for Socket Mode: the opening handshake, unmasking of
 * client frames (text, fragmented text, ping, close), and unmasked server frames. No extensions (the
 * handshake never accepts permessage-deflate), no subprotocols. Written here rather than taking a
 * WebSocket library because none is installed (`@slack/socket-mode` uses undici's client), and the
 * real client under test checks everything this sends.
 */
import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";

const HANDSHAKE_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
/** How long a close frame we sent waits for the client's answer before the socket is dropped. */
const CLOSE_TIMEOUT_MS = 1000;

export const Opcode = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 } as const;

/** `Sec-WebSocket-Accept` for a client's `Sec-WebSocket-Key`. */
export function acceptKey(key: string): string {
  return createHash("sha1").update(`${key}${HANDSHAKE_GUID}`).digest("base64");
}

/** Answers an upgrade request with a plain HTTP error and closes the socket. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Completes the opening handshake; false (after refusing with 400) when it is no WebSocket upgrade. */
export function acceptUpgrade(req: IncomingMessage, socket: Duplex): boolean {
  const key = req.headers["sec-websocket-key"];
  if (
    req.headers.upgrade?.toLowerCase() !== "websocket" ||
    typeof key !== "string" ||
    req.headers["sec-websocket-version"] !== "13"
  ) {
    refuseUpgrade(socket, 400, "Bad Request");
    return false;
  }
  socket.write(
    `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptKey(key)}\r\n\r\n`,
  );
  return true;
}

/** One unmasked, final server frame. */
export function encodeFrame(opcode: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const len = payload.length;
  const head = Buffer.alloc(len < 126 ? 2 : len < 65536 ? 4 : 10);
  head[0] = 0x80 | opcode;
  if (len < 126) head[1] = len;
  else if (len < 65536) {
    head[1] = 126;
    head.writeUInt16BE(len, 2);
  } else {
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(len), 2);
  }
  return Buffer.concat([head, payload]);
}

export interface Frame {
  fin: boolean;
  opcode: number;
  payload: Buffer;
}

export class WebSocketProtocolError extends Error {}

/** Decodes client frames as bytes arrive; client frames must be masked (RFC 6455 §5.1). */
export class FrameDecoder {
  private buffered: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    const frames: Frame[] = [];
    for (;;) {
      const b = this.buffered;
      if (b.length < 2) break;
      const first = b[0] ?? 0;
      const second = b[1] ?? 0;
      if ((first & 0x70) !== 0) throw new WebSocketProtocolError("reserved bits set without an extension");
      if ((second & 0x80) === 0) throw new WebSocketProtocolError("client frames must be masked");
      let len = second & 0x7f;
      let offset = 2;
      if (len === 126) {
        if (b.length < 4) break;
        len = b.readUInt16BE(2);
        offset = 4;
      } else if (len === 127) {
        if (b.length < 10) break;
        len = Number(b.readBigUInt64BE(2));
        offset = 10;
      }
      if (b.length < offset + 4 + len) break;
      const mask = b.subarray(offset, offset + 4);
      const payload = Buffer.from(b.subarray(offset + 4, offset + 4 + len));
      for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] ?? 0) ^ (mask[i % 4] ?? 0);
      frames.push({ fin: (first & 0x80) !== 0, opcode: first & 0x0f, payload });
      this.buffered = b.subarray(offset + 4 + len);
    }
    return frames;
  }
}

export interface ServerWebSocketHandlers {
  /** A complete text message (fragments joined). */
  onText(text: string): void;
  /** The socket is gone; `code` is the client's close code, if it sent one. */
  onClose(code: number | undefined): void;
}

/**
 * The server end of one upgraded connection: answers pings with pongs, echoes the client's close frame
 * (the closing handshake the Slack client waits for before reconnecting), joins fragmented text.
 */
export class ServerWebSocket {
  private readonly decoder = new FrameDecoder();
  private fragments: { text: boolean; parts: Buffer[] } | undefined;
  private closeSent = false;
  private closeCode: number | undefined;
  private finished = false;

  constructor(
    private readonly socket: Duplex,
    head: Buffer,
    private readonly handlers: ServerWebSocketHandlers,
  ) {
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("close", () => this.finish());
    // A reset by the peer ends the connection like a close; nothing to report beyond onClose.
    socket.on("error", () => socket.destroy());
    if (head.length) this.onData(head);
  }

  get open(): boolean {
    return !this.finished && !this.closeSent;
  }

  sendText(text: string): void {
    if (this.open) this.socket.write(encodeFrame(Opcode.text, Buffer.from(text, "utf8")));
  }

  /** Starts the closing handshake; the socket is dropped if the client does not answer in time. */
  close(code = 1000): void {
    if (!this.open) return;
    this.writeClose(code);
    setTimeout(() => this.socket.destroy(), CLOSE_TIMEOUT_MS).unref();
  }

  /** Drops the TCP connection without a closing handshake (a network failure). */
  destroy(): void {
    this.socket.destroy();
  }

  private writeClose(code: number | undefined): void {
    this.closeSent = true;
    const payload = Buffer.alloc(code === undefined ? 0 : 2);
    if (code !== undefined) payload.writeUInt16BE(code, 0);
    this.socket.write(encodeFrame(Opcode.close, payload));
  }

  private onData(chunk: Buffer): void {
    let frames: Frame[];
    try {
      frames = this.decoder.push(chunk);
    } catch (err) {
      if (!(err instanceof WebSocketProtocolError)) throw err;
      if (!this.closeSent) this.writeClose(1002);
      this.socket.end();
      return;
    }
    for (const frame of frames) this.onFrame(frame);
  }

  private onFrame({ fin, opcode, payload }: Frame): void {
    switch (opcode) {
      case Opcode.ping:
        if (!this.finished) this.socket.write(encodeFrame(Opcode.pong, payload));
        return;
      case Opcode.pong:
        return;
      case Opcode.close:
        this.closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : undefined;
        // Echo the close (unless we started the handshake), then end: the client sees a clean close.
        if (!this.closeSent) this.writeClose(this.closeCode);
        this.socket.end();
        return;
      case Opcode.text:
      case Opcode.binary:
        if (fin) {
          if (opcode === Opcode.text) this.handlers.onText(payload.toString("utf8"));
        } else this.fragments = { text: opcode === Opcode.text, parts: [payload] };
        return;
      case Opcode.continuation:
        this.fragments?.parts.push(payload);
        if (fin && this.fragments) {
          const { text, parts } = this.fragments;
          this.fragments = undefined;
          // Binary messages are dropped, as the Socket Mode client ignores them too.
          if (text) this.handlers.onText(Buffer.concat(parts).toString("utf8"));
        }
        return;
      default:
        if (!this.closeSent) this.writeClose(1002);
        this.socket.end();
    }
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.handlers.onClose(this.closeCode);
  }
}
