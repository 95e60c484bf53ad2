/**
 * Process-level last resorts, installed by `src/main.ts`.
 *
 * - `unhandledRejection`: a promise nobody awaited failed (typically a fire-and-forget Slack call).
 *   The failure was local to that one piece of work, so the process KEEPS SERVING; the reason is
 *   logged at error level with a reference id.
 * - `uncaughtException`: a throw escaped every handler; the process state can no longer be trusted
 *   (Node's own advice), so it is logged with a reference id and the app STOPS CLEANLY (stop taking
 *   requests, finish in-flight handlers within the grace, close the database) and exits with code 1
 *   for the supervisor (systemd `Restart=on-failure`, Docker `restart: unless-stopped`, Kubernetes)
 *   to restart it. A second exception during that shutdown exits at once.
 */
import { randomBytes } from "node:crypto";
import type { Logger } from "../lib/logger.js";

/** The slice of `process` used here (a test passes an EventEmitter). */
export interface ProcessLike {
  on(event: "unhandledRejection", listener: (reason: unknown) => void): unknown;
  on(event: "uncaughtException", listener: (error: Error) => void): unknown;
}

export function installProcessHandlers(deps: {
  process: ProcessLike;
  logger: Logger;
  /** Stops the app and closes the database; resolves when done. */
  shutdown: () => Promise<void>;
  exit: (code: number) => void;
}): void {
  const { logger } = deps;
  let exiting = false;
  deps.process.on("unhandledRejection", (reason) => {
    const ref = randomBytes(4).toString("hex");
    logger.error("unhandled promise rejection (still serving)", { ref, error: reason });
  });
  deps.process.on("uncaughtException", (error) => {
    const ref = randomBytes(4).toString("hex");
    logger.error("uncaught exception: stopping cleanly for a restart", { ref, error });
    if (exiting) {
      deps.exit(1);
      return;
    }
    exiting = true;
    deps
      .shutdown()
      .catch((shutdownError: unknown) =>
        logger.error("shutdown after an uncaught exception failed", { ref, error: shutdownError }),
      )
      .finally(() => deps.exit(1));
  });
}
