/**
 * The Bolt receiver for the configured mode (HTTP with signature checks, or Socket Mode), both
 * serving `/healthz` and `/metrics` on the app's port.
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type Logger as BoltLogger, HTTPReceiver, type Receiver, SocketModeReceiver } from "@slack/bolt";
import type { Config } from "../config.js";
import { readEachRequestOnce } from "./events-endpoint.js";
import type { HealthReport } from "./health.js";
import { type AppMetrics, arrivalProperties, metricsRoute, stampArrival } from "./metrics.js";
import type { OAuthReceiverOptions } from "./oauth.js";

export function createReceiver(deps: {
  config: Config;
  logger: BoltLogger;
  /** Ready, the database writable and the scheduler ticking (see `app/health.ts`). */
  health: () => Promise<HealthReport>;
  /** Served at `/metrics`; also told when each request arrived (ack latency). */
  metrics: AppMetrics;
  /** OAuth mode: Bolt's install flow (`/slack/install`, `/slack/oauth_redirect`) on the same port. */
  oauth?: OAuthReceiverOptions;
  /** Told when each request arrives, before Bolt reads it (post-ack work holds back for acks). */
  onArrival?: () => void;
}): Receiver {
  const { oauth } = deps;
  const { config, logger } = deps;
  const healthRoute = {
    path: "/healthz",
    method: ["GET"],
    handler: (_req: unknown, res: ServerResponse) => {
      void deps.health().then((report) => {
        res.writeHead(report.ok ? 200 : 503, { "content-type": "application/json" });
        const body = report.ok
          ? { status: "ok", mode: config.mode, dialect: report.dialect }
          : { status: report.status, mode: config.mode, dialect: report.dialect, checks: report.checks };
        res.end(JSON.stringify(body));
      });
    },
  };
  const routes = [healthRoute, metricsRoute(deps.metrics, config.metricsToken)];
  if (config.mode === "socket") {
    return new SocketModeReceiver({
      appToken: config.slackAppToken ?? "",
      logger,
      customRoutes: routes,
      customPropertiesExtractor: () => {
        deps.onArrival?.();
        return arrivalProperties();
      },
      ...(oauth ? { ...oauth, installerOptions: undefined } : {}),
      // clientOptions: apps.connections.open goes to SLACK_API_URL too, not always to slack.com.
      installerOptions: {
        ...oauth?.installerOptions,
        port: config.port,
        clientOptions: { ...oauth?.installerOptions.clientOptions, slackApiUrl: config.slackApiUrl },
      },
    });
  }
  const receiver = new HTTPReceiver({
    signingSecret: config.slackSigningSecret ?? "",
    endpoints: "/slack/events",
    logger,
    customRoutes: routes,
    customPropertiesExtractor: (req) => arrivalProperties(req),
    // Ack is sent as soon as a listener calls ack(); work continues after.
    processBeforeResponse: false,
    // A body without Content-Length (chunked) is cut off while streaming at the same cap.
    bodyLimit: config.maxBodyBytes,
    ...oauth,
  });
  // Each event request read, verified and parsed once (Bolt reads a form body twice).
  readEachRequestOnce(receiver);
  const bolt = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    stampArrival(req);
    deps.onArrival?.();
    if (refuseOversized(req, res, config.maxBodyBytes, logger)) return;
    bolt(req, res);
  };
  return receiver;
}

/**
 * Refuses a request whose Content-Length is over the cap with 413 BEFORE its body is read (Bolt
 * would buffer up to its limit, then check the signature), and closes the connection so the rest
 * of the body is never read either. True when refused.
 */
function refuseOversized(
  req: IncomingMessage,
  res: ServerResponse,
  cap: number,
  logger: BoltLogger,
): boolean {
  const length = Number(req.headers["content-length"] ?? 0);
  if (!(length > cap)) return false;
  logger.warn(`refused a request body of ${length} bytes (MAX_BODY_BYTES is ${cap})`);
  res.writeHead(413, { "content-type": "text/plain", connection: "close" });
  res.end("Payload Too Large", () => req.socket.destroy());
  return true;
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
