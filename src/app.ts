/**
 * Composition root: receiver → Bolt `App` → services (`app/composition.ts`, in dependency order)
 * → listeners → jobs (`jobs/register.ts`) → runtime (`app/runtime.ts`: start, stop, settle).
 * No module-level singletons: tests build a fresh app per test.
 */
import { App } from "@slack/bolt";
import { composeServices } from "./app/composition.js";
import { createCpuPool } from "./app/cpu/pool.js";
import { createEventDedup } from "./app/event-dedup.js";
import { createHealthCheck, type HealthOptions } from "./app/health.js";
import { createReceiver } from "./app/receiver.js";
import { createRuntime, RuntimeState } from "./app/runtime.js";
import { createSlackFetch, type SlackFetchOptions } from "./app/slack-fetch.js";
import type { Config } from "./config.js";
import type { DatabaseHandle } from "./db/connection.js";
import { createSeenEvents } from "./db/slack-event.repository.js";
import { registerBackupJob } from "./jobs/backup.job.js";
import { createJobRunner, type JobRunner, type JobRunnerOptions } from "./jobs/index.js";
import { registerJobs } from "./jobs/register.js";
import type { Clock } from "./lib/clock.js";
import { type Logger, toBoltLogger } from "./lib/logger.js";
import { createWorkScheduler, type WorkSchedulerOptions } from "./lib/work-scheduler.js";
import { createYieldingQueue } from "./lib/yielding-queue.js";
import { registerListeners } from "./listeners/index.js";
import { ListenerRegistry } from "./listeners/registry.js";
import type { OutboxOptions, OutboxService } from "./services/outbox.service.js";
import type { SchedulerService } from "./services/scheduler.service.js";
import type { CalendarStore } from "./services/scheduling-store.ports.js";
import { commandCatalog } from "./slack/catalog.js";
import { createErrorHandler } from "./slack/error-handler.js";
import type { OutboxSender, PacingOptions } from "./slack/outbox-sender.js";

export interface ScrumbotDeps {
  config: Config;
  database: DatabaseHandle;
  clock: Clock;
  logger: Logger;
  /** Web API retry policy; tests pass `{ retries: 0 }` (the default retries for ~30 minutes). */
  retryConfig?: { retries: number; factor?: number; minTimeout?: number; maxTimeout?: number };
  /** Scheduler/outbox tuning: the wake-up timer (tests may turn it off), Slack pacing, outbox retries. */
  scheduling?: { jobs?: JobRunnerOptions; pacing?: PacingOptions; outbox?: OutboxOptions };
  /** Circuit-breaker tuning beyond the config (tests shorten the pauses). */
  slackFetch?: Omit<SlackFetchOptions, "timeoutMs" | "threshold">;
  /** `/healthz` tuning (probe interval, scheduler staleness). */
  health?: HealthOptions;
  /** Bounds of the post-ack work queue (docs/development-acks.md); tests make it tiny. */
  afterAck?: WorkSchedulerOptions;
}

export interface Scrumbot {
  app: App;
  registry: ListenerRegistry;
  /** Starts listening; resolves with the HTTP port (health and, in HTTP mode, Slack requests). */
  start(): Promise<{ port: number }>;
  /** Stops taking requests and waits (up to `graceMs`) for in-flight handlers. Does not close the db. */
  stop(graceMs?: number): Promise<void>;
  /** True once started and until stopping; `/healthz` answers 503 otherwise. */
  readonly ready: boolean;
  inFlight(): number;
  /** Resolves once handlers, report refreshes waiting for their slot and the outbox are done. */
  settle(): Promise<void>;
  /** The durable scheduler: features `upsert` schedules and `registerJob` handlers (before `start`). */
  scheduler: SchedulerService;
  /** The Slack outbox; `drain()` delivers what is pending now (tests call it at fixed instants). */
  outbox: OutboxService;
  /** Team work weeks, holidays and away ranges. */
  calendars: CalendarStore;
  /** The outbox's Slack adapter (pacing statistics: calls, 429s). */
  outboxSender: OutboxSender;
  /** `jobs.tick(now)` runs the scheduler at an instant; started/stopped with the app. */
  jobs: JobRunner;
}

export async function createScrumbot(deps: ScrumbotDeps): Promise<Scrumbot> {
  const { config, database, clock, logger } = deps;
  const state = new RuntimeState();
  // Every outgoing Slack request (both WebClients, respond(), response_url posts) is bounded by
  // SLACK_TIMEOUT_MS and shares one circuit breaker.
  const slackFetch = createSlackFetch({
    logger,
    options: {
      ...deps.slackFetch,
      timeoutMs: config.slackTimeoutMs,
      threshold: config.slackBreakerThreshold,
    },
  });
  const boltLogger = toBoltLogger(logger, config.logLevel);
  // The job runner is built later; until then (and with its timer off) there is no tick to judge.
  let lastTick: () => Date | null = () => null;
  const health = createHealthCheck({
    database,
    clock,
    logger,
    ready: () => state.ready,
    lastTick: () => lastTick(),
    options: deps.health,
  });
  const receiver = createReceiver({ config, logger: boltLogger, health });

  const app = new App({
    token: config.slackBotToken,
    receiver,
    logger: boltLogger,
    extendedErrorHandler: true,
    deferInitialization: true,
    clientOptions: {
      slackApiUrl: config.slackApiUrl,
      fetch: slackFetch.fetch,
      // Listener calls are time-sensitive (trigger ids live 3 s): retry briefly, never for
      // the 30 minutes the WebClient defaults to. The outbox has its own client and policy.
      retryConfig: deps.retryConfig ?? { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2000 },
    },
  });
  // Bolt calls auth.test here: a wrong token or an unreachable SLACK_API_URL fails fast.
  await app.init();
  app.use(state.countInFlight);
  // Slack's retried events (same event_id) have one effect, even across a restart.
  app.use(createEventDedup({ seen: createSeenEvents(database.db), clock, logger }));
  app.error(createErrorHandler({ client: app.client, logger, fetch: slackFetch.fetch }));

  const cpu = createCpuPool();
  const services = composeServices({
    cpu,
    config,
    database,
    clock,
    logger,
    client: app.client,
    fetch: slackFetch.fetch,
    scheduling: deps.scheduling,
  });
  const registry = new ListenerRegistry(app, createWorkScheduler(deps.afterAck));
  registerListeners(registry, {
    ...services,
    afterAck: createYieldingQueue(),
    clock,
    logger,
    commands: commandCatalog,
  });
  const { scheduler, outbox } = services;
  registerJobs(scheduler, services);
  // Scheduled database backups (BACKUP_SCHEDULE; docs/operations.md).
  const sqlite = database.dialect === "sqlite" ? database.sqlite : undefined;
  await registerBackupJob({ scheduler, sqlite, backup: config.backup, logger });
  const jobs = createJobRunner({ scheduler, outbox, clock, logger, options: deps.scheduling?.jobs });
  lastTick = jobs.lastTick;
  const runtime = createRuntime({
    state,
    app,
    receiver,
    config,
    logger,
    jobs,
    standups: services.standups,
    outbox,
  });

  return {
    app,
    registry,
    get ready() {
      return state.ready;
    },
    inFlight: () => state.inFlight,
    /**
     * Waits until nothing is left to do now: handlers still working after their ack, report
     * refreshes waiting for their slot, and the outbox (tests call this after a request).
     */
    settle: runtime.settle,
    scheduler,
    outbox,
    calendars: services.calendars,
    outboxSender: services.outboxSender,
    jobs,
    start: runtime.start,
    async stop(graceMs) {
      await runtime.stop(graceMs);
      await cpu.close();
    },
  };
}
