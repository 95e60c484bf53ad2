/**
 * The app's logger: pino (JSON lines on stderr, level filtering, redaction) behind a small
 * `Logger` interface, plus an adapter to Bolt's logger, so Bolt, the app and the jobs log in one
 * format: `{"level":"info","time":"2026-12-02T09:00:00.000Z","msg":"…",…context}`.
 *
 * Why pino: a filtered-out call costs one comparison, a written line is serialized once without
 * intermediate objects, and redaction (`redact` paths, compiled once) is part of it, so a token or
 * a typed text passed in a context by mistake never reaches the log.
 */
import { createRequire } from "node:module";
import { type Logger as BoltLogger, LogLevel } from "@slack/bolt";
import pino, { type DestinationStream } from "pino";

export type Level = "debug" | "info" | "warn" | "error" | "silent";

export interface Logger {
  debug(msg: string, ctx?: Record<string, unknown>): void;
  info(msg: string, ctx?: Record<string, unknown>): void;
  warn(msg: string, ctx?: Record<string, unknown>): void;
  error(msg: string, ctx?: Record<string, unknown>): void;
}

/**
 * Keys whose values are secrets or what people typed, never logged: tokens, auth headers, message
 * text and blocks, modal views and their submitted values. Redacted at the top of a context and
 * inside the objects that carry Slack payloads or requests (and Bolt's logged objects, `args`).
 * Explicit paths, not `*.key` wildcards: a wildcard makes pino walk every object of every line
 * (measured: 100k written lines took 4.5 s with two wildcard levels, about 0.3 s with these).
 */
const REDACTED_KEYS = [
  "token",
  "bot_token",
  "botToken",
  "appToken",
  "signingSecret",
  "authorization",
  "text",
  "blocks",
  "view",
  "values",
  "submission",
];
const CONTAINERS = [
  "body",
  "payload",
  "message",
  "event",
  "data",
  "headers",
  "request",
  "options",
  "error",
  "error.data",
  "args[*]",
  "args[*].body",
  "args[*].headers",
];
export const REDACT_PATHS = REDACTED_KEYS.flatMap((k) => [k, ...CONTAINERS.map((c) => `${c}.${k}`)]);

export interface LoggerOptions {
  /**
   * Human-readable output through pino-pretty (a devDependency): true when `LOG_PRETTY=1`;
   * undefined = only when stderr is a terminal. Plain JSON when the package isn't installed
   * (`npm ci --omit=dev`). Ignored with a custom sink.
   */
  pretty?: boolean;
}

/**
 * @param sink receives each JSON line (without newline), synchronously; default: stderr.
 */
export function createLogger(
  level: Level = "info",
  sink?: (line: string) => void,
  options: LoggerOptions = {},
): Logger {
  const destination: DestinationStream = sink
    ? { write: (line: string) => sink(line.endsWith("\n") ? line.slice(0, -1) : line) }
    : (prettyStream(options.pretty ?? process.stderr.isTTY === true) ??
      pino.destination({ dest: 2, sync: true }));
  const p = pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    },
    destination,
  );
  const log = (lvl: Exclude<Level, "silent">) => (msg: string, ctx?: Record<string, unknown>) => {
    if (!p.isLevelEnabled(lvl)) return;
    if (ctx) p[lvl](serializeErrors(ctx), msg);
    else p[lvl](msg);
  };
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}

/** Errors under any key are logged as `{ type, message, stack, …own fields }` (e.g. Slack's `data.error`). */
function serializeErrors(ctx: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const k in ctx) {
    const v = ctx[k];
    if (v instanceof Error) {
      out ??= { ...ctx };
      out[k] = pino.stdSerializers.err(v);
    }
  }
  return out ?? ctx;
}

/** pino-pretty in this process (synchronous, so nothing is lost on exit), when wanted and installed. */
function prettyStream(wanted: boolean): DestinationStream | undefined {
  if (!wanted) return undefined;
  try {
    const pretty = createRequire(import.meta.url)("pino-pretty") as (opts: object) => DestinationStream;
    return pretty({ destination: 2, sync: true, colorize: process.stderr.isTTY === true });
  } catch {
    return undefined; // dev dependency not installed: plain JSON lines
  }
}

/**
 * Cuts a serialized payload out of a library's log string: from the first `{` (or URL-encoded `%7B`)
 * on. At debug level Bolt, the Socket Mode client and the Web API client interpolate whole payloads
 * into their messages ("Received a message on the WebSocket: {…}", "ack() call begins (body: {…})",
 * "http request body: {…}"): a person's id next to what they typed (an anonymous retro card!).
 * Path-based redaction can't see inside a string, so the payload goes; the words before it stay.
 */
export function withoutPayload(message: string): string {
  const at = message.search(/\{|%7B/i);
  return at < 0 ? message : `${message.slice(0, at)}[payload redacted]`;
}

/** Levels by rank: Bolt's calls below the configured level are dropped before any argument is read. */
const RANK: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };
const ignore = () => {};

/**
 * Adapts our logger to Bolt's logger interface (strings form the message, any payload cut out of
 * them; objects are redacted by path). Levels below `level` are no-ops: Bolt and the Web API client
 * log debug lines on every request ("ack() call begins (body: …)" before each ack, "http request
 * body: …" before each Slack call), and filtering and scanning their arguments only for pino to
 * drop the line is work on the ack path (small: ~0.5 µs a request).
 */
export function toBoltLogger(logger: Logger, level: Level): BoltLogger {
  const entry =
    (write: Logger["info"]) =>
    (...args: unknown[]) => {
      const words = args.filter((a) => typeof a === "string").map(withoutPayload);
      const objects = args
        .filter((a) => typeof a !== "string")
        .map((a) => (a instanceof Error ? pino.stdSerializers.err(a) : a));
      write(words.join(" "), objects.length ? { source: "bolt", args: objects } : { source: "bolt" });
    };
  const boltLevel: Record<Level, LogLevel> = {
    debug: LogLevel.DEBUG,
    info: LogLevel.INFO,
    warn: LogLevel.WARN,
    error: LogLevel.ERROR,
    silent: LogLevel.ERROR,
  };
  const at = (name: "debug" | "info" | "warn" | "error") =>
    RANK[name] < RANK[level] ? ignore : entry(logger[name]);
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    setLevel: () => {},
    getLevel: () => boltLevel[level],
    setName: () => {},
  };
}
