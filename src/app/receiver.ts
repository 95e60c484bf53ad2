/**
 * The Bolt receiver for the configured mode (HTTP with signature checks, or Socket Mode), both
 * serving `/healthz` on the app's port.
 */
import type { Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type Logger as BoltLogger, HTTPReceiver, type Receiver, SocketModeReceiver } from "@slack/bolt";
import type { Config } from "../config.js";
import type { HealthReport } from "./health.js";

export function createReceiver(deps: {
  config: Config;
  logger: BoltLogger;
  /** Ready, the database writable and the scheduler ticking (see `app/health.ts`). */
  health: () => HealthReport;
}): Receiver {
  const { config, logger } = deps;
  const healthRoute = {
    path: "/healthz",
    method: ["GET"],
    handler: (_req: unknown, res: ServerResponse) => {
      const report = deps.health();
      res.writeHead(report.ok ? 200 : 503, { "content-type": "application/json" });
      const body = report.ok
        ? { status: "ok", mode: config.mode }
        : { status: report.status, mode: config.mode, checks: report.checks };
      res.end(JSON.stringify(body));
    },
  };
  if (config.mode === "socket") {
    return new SocketModeReceiver({
      appToken: config.slackAppToken ?? "",
      logger,
      customRoutes: [healthRoute],
      // clientOptions: apps.connections.open goes to SLACK_API_URL too, not always to slack.com.
      installerOptions: { port: config.port, clientOptions: { slackApiUrl: config.slackApiUrl } },
    });
  }
  return new HTTPReceiver({
    signingSecret: config.slackSigningSecret ?? "",
    endpoints: "/slack/events",
    logger,
    customRoutes: [healthRoute],
    // Ack is sent as soon as a listener calls ack(); work continues after.
    processBeforeResponse: false,
  });
}

/**
 * The port actually listened on (it matters when PORT=0): HTTP mode's `app.start` resolves with the
 * server; Socket Mode resolves with the connection, and its /healthz server is the receiver's (a
 * private field of Bolt's SocketModeReceiver).
 */
export function listeningPort(started: unknown, receiver: Receiver, fallback: number): number {
  return portOf(started) ?? portOf((receiver as unknown as { httpServer?: unknown }).httpServer) ?? fallback;
}

function portOf(started: unknown): number | undefined {
  const server = started as Server | undefined;
  const address = server?.address?.() as AddressInfo | string | null | undefined;
  return typeof address === "object" && address ? address.port : undefined;
}
