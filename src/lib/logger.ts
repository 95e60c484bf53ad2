/**
 * A small structured logger (JSON lines on stderr) that also satisfies Bolt's
 * `Logger` interface, so Bolt, the app and the jobs log in one format.
 */
import { type Logger as BoltLogger, LogLevel } from "@slack/bolt";
import { systemClock } from "./clock.js";

export type Level = "debug" | "info" | "warn" | "error" | "silent";
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(msg: string, ctx?: Record<string, unknown>): void;
  info(msg: string, ctx?: Record<string, unknown>): void;
  warn(msg: string, ctx?: Record<string, unknown>): void;
  error(msg: string, ctx?: Record<string, unknown>): void;
}

export function createLogger(
  level: Level = "info",
  sink: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Logger {
  const min = order[level];
  const log = (lvl: Exclude<Level, "silent">) => (msg: string, ctx?: Record<string, unknown>) => {
    if (order[lvl] < min) return;
    const entry: Record<string, unknown> = { level: lvl, time: systemClock.now().toISOString(), msg };
    if (ctx) {
      for (const [k, v] of Object.entries(ctx)) {
        entry[k] = v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v;
      }
    }
    sink(JSON.stringify(entry));
  };
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}

/** Adapts our logger to Bolt's logger interface. */
export function toBoltLogger(logger: Logger, level: Level): BoltLogger {
  const join = (args: unknown[]) =>
    args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" ");
  const boltLevel: Record<Level, LogLevel> = {
    debug: LogLevel.DEBUG,
    info: LogLevel.INFO,
    warn: LogLevel.WARN,
    error: LogLevel.ERROR,
    silent: LogLevel.ERROR,
  };
  return {
    debug: (...a) => logger.debug(join(a), { source: "bolt" }),
    info: (...a) => logger.info(join(a), { source: "bolt" }),
    warn: (...a) => logger.warn(join(a), { source: "bolt" }),
    error: (...a) => logger.error(join(a), { source: "bolt" }),
    setLevel: () => {},
    getLevel: () => boltLevel[level],
    setName: () => {},
  };
}
