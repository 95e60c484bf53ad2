/**
 * Prometheus metrics of one app instance (`GET /metrics`, docs/operations.md#metrics). One
 * `Registry` per instance, never prom-client's global one: tests run several apps in one process,
 * and each replica reports only itself.
 *
 * Labels stay low-cardinality by construction: a surface's name is the id a listener was
 * REGISTERED under (command name, action id or its pattern, view callback id, event type), never
 * text from the payload; outbox outcomes and Slack call names are small fixed sets.
 *
 * Outbox depth and the oldest pending message's age are read from the database at scrape time
 * (one indexed query), so every replica reports the same shared outbox. prom-client's default
 * process metrics (CPU, memory, GC, event-loop delay) start at the first scrape: each set runs an
 * event-loop monitor that can't be stopped, which an app that is never scraped (tests) shouldn't pay.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { OutboxBacklog } from "../db/outbox-metrics.repository.js";
import { type Clock, monotonicMs } from "../lib/clock.js";
import type { DeliveryResult, OutboxTransport } from "../services/outbox.service.js";

/** The kinds of Slack request a listener acknowledges (events are acked by Bolt on arrival). */
export type AckSurface = "command" | "action" | "view" | "shortcut" | "event";

/** The counts of a `pg.Pool` (PostgreSQL only). */
export interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

export interface AppMetrics {
  readonly registry: Registry;
  /** A listener's ack went out `ms` after its request arrived. */
  acked(surface: AckSurface, name: string, ms: number): void;
  /** Slack answered a call with HTTP 429 (`call`: the Web API method, or `response_url`). */
  rateLimited(call: string): void;
  /** A scheduled occurrence started `lagMs` after it was due. */
  scheduledRun(jobKind: string, lagMs: number): void;
  /** The app collected its young generation while idle (`idle-scavenge.ts`). */
  idleScavenged(): void;
  /** The outbox transport, counting each delivery's outcome. */
  meterOutbox(transport: OutboxTransport): OutboxTransport;
  /** The exposition text (Prometheus text format). */
  scrape(): Promise<string>;
  readonly contentType: string;
}

export function createAppMetrics(deps: {
  clock: Clock;
  mode: "http" | "socket";
  dialect: string;
  /** Pending outbox rows and the oldest one's creation time, read at each scrape. */
  outboxBacklog: () => Promise<OutboxBacklog>;
  /** The PostgreSQL pool; absent on SQLite (no pool metrics then). */
  pool?: PoolCounts;
}): AppMetrics {
  const registry = new Registry();
  const registers = [registry];

  new Gauge({
    name: "scrumbot_info",
    help: "Always 1; the labels say how this replica runs.",
    labelNames: ["mode", "dialect"],
    registers,
  }).set({ mode: deps.mode, dialect: deps.dialect }, 1);

  const acks = new Histogram({
    name: "scrumbot_ack_duration_seconds",
    help: "From a Slack request's arrival to its acknowledgement, per surface (Slack gives up after 3 s).",
    labelNames: ["surface", "name"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
    registers,
  });

  const outboxMessages = new Counter({
    name: "scrumbot_outbox_deliveries_total",
    help: "Outbox deliveries by outcome: sent, failed (permanently, e.g. not_in_channel) or retried (transient error, tried again later).",
    labelNames: ["outcome"],
    registers,
  });
  for (const outcome of ["sent", "failed", "retried"]) outboxMessages.inc({ outcome }, 0);

  const rateLimited = new Counter({
    name: "scrumbot_slack_rate_limited_total",
    help: "Slack calls answered with HTTP 429 (rate limited), by Web API method or response_url.",
    labelNames: ["call"],
    registers,
  });

  const idleScavenges = new Counter({
    name: "scrumbot_idle_scavenges_total",
    help: "Young-generation collections run while the app was idle, so bursts of requests don't wait for one (needs node --expose-gc).",
    registers,
  });

  const schedulerLag = new Histogram({
    name: "scrumbot_scheduler_lag_seconds",
    help: "From a scheduled occurrence's due time to the start of its run, per job kind.",
    labelNames: ["job"],
    buckets: [0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600, 7200],
    registers,
  });

  // Both outbox gauges come from one query per scrape: the first gauge's collect runs it, the
  // second awaits the same promise.
  let backlog: Promise<OutboxBacklog | null> | null = null;
  const readBacklog = () => {
    backlog ??= deps.outboxBacklog().catch(() => null);
    return backlog;
  };
  new Gauge({
    name: "scrumbot_outbox_pending",
    help: "Outbox messages waiting to be sent (the shared database: the same on every replica).",
    registers,
    async collect() {
      const b = await readBacklog();
      // Database unreachable: NaN (prom-client writes "Nan"; Prometheus reads any case) rather than a
      // wrong 0: an unlabelled gauge always has a sample.
      this.set(b ? b.pending : Number.NaN);
    },
  });
  new Gauge({
    name: "scrumbot_outbox_oldest_pending_age_seconds",
    help: "Age of the oldest pending outbox message (0 when none is pending).",
    registers,
    async collect() {
      const b = await readBacklog();
      if (!b) return this.set(Number.NaN);
      const age = b.oldestCreatedAt ? (deps.clock.now().getTime() - b.oldestCreatedAt.getTime()) / 1000 : 0;
      this.set(Math.max(0, age));
    },
  });

  const pool = deps.pool;
  if (pool) {
    new Gauge({
      name: "scrumbot_db_pool_connections",
      help: "PostgreSQL pool connections: total open, idle, and requests waiting for one.",
      labelNames: ["state"],
      registers,
      collect() {
        this.set({ state: "total" }, pool.totalCount);
        this.set({ state: "idle" }, pool.idleCount);
        this.set({ state: "waiting" }, pool.waitingCount);
      },
    });
  }

  let defaultsStarted = false;
  const ackChildren = new Map<string, { observe(value: number): void }>();
  return {
    registry,
    contentType: registry.contentType,
    acked(surface, name, ms) {
      // The labelled child, found once per listener: prom-client would hash the labels on every ack.
      const key = `${surface} ${name}`;
      let child = ackChildren.get(key);
      if (!child) {
        child = acks.labels({ surface, name });
        ackChildren.set(key, child);
      }
      child.observe(ms / 1000);
    },
    rateLimited(call) {
      rateLimited.inc({ call });
    },
    idleScavenged() {
      idleScavenges.inc();
    },
    scheduledRun(jobKind, lagMs) {
      schedulerLag.observe({ job: jobKind }, Math.max(0, lagMs) / 1000);
    },
    meterOutbox(transport) {
      return {
        async deliver(request) {
          const result: DeliveryResult = await transport.deliver(request);
          // A 429 is no outcome: the outbox holds the workspace and sends the same call again (not
          // an attempt), so counting it would count the row twice. scrumbot_slack_rate_limited_total has it.
          if (!result.ok && result.retryAfterMs !== undefined) return result;
          outboxMessages.inc({ outcome: result.ok ? "sent" : result.retry ? "retried" : "failed" });
          return result;
        },
      };
    },
    async scrape() {
      if (!defaultsStarted) {
        defaultsStarted = true;
        collectDefaultMetrics({ register: registry });
      }
      backlog = null;
      try {
        return await registry.metrics();
      } finally {
        backlog = null;
      }
    },
  };
}

/** Where the receiver notes when a request arrived (a Bolt context property; see `arrivalOf`). */
const ARRIVED = "scrumbotArrivedAt";
const STAMP = Symbol("scrumbot.arrivedAt");

/** HTTP mode: noted on the raw request as soon as it arrives, before its body is read. */
export function stampArrival(req: IncomingMessage): void {
  (req as IncomingMessage & { [STAMP]?: number })[STAMP] = monotonicMs();
}

/**
 * Bolt's `customPropertiesExtractor`: puts the arrival time into the request's context (the stamp of
 * `stampArrival` in HTTP mode; now, when Socket Mode hands the envelope over).
 */
export function arrivalProperties(req?: unknown): Record<string, number> {
  const stamped = (req as { [STAMP]?: number } | undefined)?.[STAMP];
  return { [ARRIVED]: stamped ?? monotonicMs() };
}

/** When the request of this Bolt context arrived (monotonic ms), if the receiver noted it. */
export function arrivalOf(context: unknown): number | undefined {
  const at = (context as Record<string, unknown> | undefined)?.[ARRIVED];
  return typeof at === "number" ? at : undefined;
}

/**
 * `GET /metrics` for the receiver's custom routes (HTTP mode and Socket Mode's health server). With
 * `token` (METRICS_TOKEN) set, a scrape must send `Authorization: Bearer <token>`; others get 401.
 */
export function metricsRoute(metrics: AppMetrics, token: string | undefined) {
  const expected = token ? digest(`Bearer ${token}`) : null;
  return {
    path: "/metrics",
    method: ["GET"],
    handler: (req: IncomingMessage, res: ServerResponse) => {
      if (expected && !timingSafeEqual(digest(req.headers.authorization ?? ""), expected)) {
        res.writeHead(401, { "content-type": "text/plain", "www-authenticate": 'Bearer realm="metrics"' });
        res.end("Send Authorization: Bearer <METRICS_TOKEN> to read the metrics.\n");
        return;
      }
      metrics.scrape().then(
        (body) => {
          res.writeHead(200, { "content-type": metrics.contentType });
          res.end(body);
        },
        (error: unknown) => {
          res.writeHead(500, { "content-type": "text/plain" });
          res.end(`metrics failed: ${error instanceof Error ? error.message : String(error)}\n`);
        },
      );
    },
  };
}

/** Fixed-length digests, so comparing them takes the same time whatever the header's length. */
function digest(s: string): Buffer {
  return createHash("sha256").update(s).digest();
}
