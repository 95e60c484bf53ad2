/**
 * Composition root: receiver → Bolt `App` → services (`app/composition.ts`, in dependency order)
 * → listeners → jobs (`jobs/register.ts`) → runtime (`app/runtime.ts`: start, stop, settle).
 * No module-level singletons: tests build a fresh app per test.
 */
import { App } from "@slack/bolt";
import { WebClient } from "@slack/web-api";
import { composeServices, type Services } from "./app/composition.js";
import { createCpuPool } from "./app/cpu/pool.js";
import { createEventDedup } from "./app/event-dedup.js";
import { createHealthCheck, type HealthOptions } from "./app/health.js";
import { createIdleScavenge, IDLE_SCAVENGE_AFTER_MS } from "./app/idle-scavenge.js";
import { linkInstallationsToLifecycle } from "./app/install-lifecycle.js";
import { type AppMetrics, arrivalOf, createAppMetrics } from "./app/metrics.js";
import { inSequence } from "./app/middleware-sequence.js";
import { createOAuthStack, type OAuthStack } from "./app/oauth.js";
import { createReceiver } from "./app/receiver.js";
import { createRuntime, RuntimeState } from "./app/runtime.js";
import { createSlackFetch, type SlackFetchOptions } from "./app/slack-fetch.js";
import { createWorkspaceGate } from "./app/workspace-gate.js";
import type { Config } from "./config.js";
import type { DatabaseHandle } from "./db/connection.js";
import { createOutboxBacklogReader } from "./db/outbox-metrics.repository.js";
import { createSeenEvents } from "./db/slack-event.repository.js";
import { registerBackupJob } from "./jobs/backup.job.js";
import { createJobRunner, type JobRunner, type JobRunnerOptions } from "./jobs/index.js";
import { registerJobs } from "./jobs/register.js";
import { registerWorkspacePurgeJob } from "./jobs/workspace-purge.job.js";
import type { Clock } from "./lib/clock.js";
import { type Logger, toBoltLogger } from "./lib/logger.js";
import { createWorkScheduler, type WorkSchedulerOptions } from "./lib/work-scheduler.js";
import { registerListeners } from "./listeners/index.js";
import { ListenerRegistry } from "./listeners/registry.js";
import type { OutboxOptions, OutboxService } from "./services/outbox.service.js";
import type { SchedulerService } from "./services/scheduler.service.js";
import type { CalendarStore } from "./services/scheduling-store.ports.js";
import type { WorkspaceLifecycle } from "./services/workspace-lifecycle.service.js";
import { commandCatalog } from "./slack/catalog.js";
import { createErrorHandler } from "./slack/error-handler.js";
import type { ScrumbotInstallationStore } from "./slack/installation-store.js";
import { type OutboxSender, outboxClientOptions, type PacingOptions } from "./slack/outbox-sender.js";
import type { TokenRefresherOptions } from "./slack/token-rotation.js";
import {
  createWorkspaceClients,
  singleTokenClients,
  type WorkspaceClients,
  type WorkspaceTokens,
} from "./slack/workspace-clients.js";

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
  /** OAuth mode: token rotation tuning (refresh window, lease). */
  rotation?: TokenRefresherOptions;
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
  /** Uninstall/revocation, resume (`resumeWorkspace`, for the install flow's `onInstalled`) and purge. */
  lifecycle: WorkspaceLifecycle;
  /** `jobs.tick(now)` runs the scheduler at an instant; started/stopped with the app. */
  jobs: JobRunner;
  /** Every service, for in-process callers (the playground seeds its demo data through them). */
  services: Services;
  /** This instance's Prometheus metrics (served at `GET /metrics`). */
  metrics: AppMetrics;
  /** Each workspace's Slack client (listener policy): jobs, the CLI and tests act through it. */
  clients: WorkspaceClients;
  /** OAuth mode only (null with one bot token): installations, and the per-workspace token lookup. */
  oauth: { installationStore: ScrumbotInstallationStore; tokens: WorkspaceTokens } | null;
}

export async function createScrumbot(deps: ScrumbotDeps): Promise<Scrumbot> {
  const { config, database, clock, logger } = deps;
  const state = new RuntimeState();
  // One registry per instance (docs/operations.md#metrics): tests run several apps in one process.
  const metrics = createAppMetrics({
    clock,
    mode: config.mode,
    dialect: database.dialect,
    ...(database.pool ? { pool: database.pool } : {}),
    outboxBacklog: createOutboxBacklogReader(database.db),
  });
  // The one scheduler of work after acks (docs/development-acks.md).
  // When idle, a scavenge, so bursts don't pay for one (idle-scavenge.ts; needs --expose-gc).
  const idleScavenge = createIdleScavenge();
  const idle = idleScavenge && {
    afterMs: IDLE_SCAVENGE_AFTER_MS,
    run: () => void (idleScavenge() && metrics.idleScavenged()),
  };
  const work = createWorkScheduler({ ...(idle ? { idle } : {}), ...deps.afterAck });
  // Every outgoing Slack request (both WebClients, respond(), response_url posts) is bounded by
  // SLACK_TIMEOUT_MS and shares one circuit breaker.
  const slackFetch = createSlackFetch({
    logger,
    options: {
      ...deps.slackFetch,
      timeoutMs: config.slackTimeoutMs,
      threshold: config.slackBreakerThreshold,
    },
    onRateLimited: metrics.rateLimited,
    // Work resumed by Slack's answers yields to waiting acks once a turn's budget is spent.
    checkpoint: work.checkpoint,
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
  // OAuth mode: installations in the database, one token per workspace (docs/oauth.md).
  const oauth: OAuthStack | null = config.oauth
    ? createOAuthStack({
        oauth: config.oauth,
        slackApiUrl: config.slackApiUrl,
        database,
        dialect: database.dialect,
        clock,
        logger,
        boltLogger,
        fetch: slackFetch.fetch,
        rotation: deps.rotation,
      })
    : null;
  const receiver = createReceiver({
    config,
    logger: boltLogger,
    health,
    metrics,
    ...(oauth ? { oauth: oauth.receiverOptions } : {}),
    onArrival: work.requestArrived,
  });

  // With a token, Bolt uses it for every request; in OAuth mode its authorize asks the
  // installation store, which resolves (and refreshes) the workspace's token.
  const app = new App({
    token: config.slackBotToken,
    receiver,
    logger: boltLogger,
    extendedErrorHandler: true,
    deferInitialization: true,
    // No listener reads `context.conversation`: skip Bolt's per-request conversation store lookup.
    convoStore: false,
    clientOptions: {
      slackApiUrl: config.slackApiUrl,
      fetch: slackFetch.fetch,
      // Listener calls are time-sensitive (trigger ids live 3 s): retry briefly, never for
      // the 30 minutes the WebClient defaults to. The outbox has its own client and policy.
      retryConfig: deps.retryConfig ?? { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2000 },
    },
  });
  // Bolt calls auth.test here (one-token mode): a wrong token or an unreachable SLACK_API_URL fails fast.
  await app.init();
  // Every Slack call made outside a listener resolves its workspace's client here.
  const clients: WorkspaceClients = oauth
    ? createWorkspaceClients({
        tokens: oauth.tokens,
        options: {
          slackApiUrl: config.slackApiUrl,
          fetch: slackFetch.fetch,
          retryConfig: deps.retryConfig ?? { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2000 },
        },
      })
    : singleTokenClients(app.client);
  const outboxClients: WorkspaceClients = oauth
    ? createWorkspaceClients({
        tokens: oauth.tokens,
        options: outboxClientOptions(config.slackApiUrl, slackFetch.fetch),
      })
    : singleTokenClients(
        new WebClient(config.slackBotToken, outboxClientOptions(config.slackApiUrl, slackFetch.fetch)),
      );
  const errorHandler = createErrorHandler({ clients, logger, fetch: slackFetch.fetch });
  app.error(errorHandler);

  const cpu = createCpuPool();
  const services = composeServices({
    cpu,
    config,
    database,
    clock,
    logger,
    clients,
    outboxClients,
    scheduling: deps.scheduling,
    metrics,
    // A refused re-read (the queue is full) is skipped: the next request asks again.
    afterAcks: (job) => void work.run("normal", job).catch(() => {}),
  });
  app.use(
    inSequence(
      state.countInFlight,
      // Slack's retried events (same event_id) have one effect, even across a restart.
      createEventDedup({ seen: createSeenEvents(database.db), clock, logger }),
      // Requests from uninstalled workspaces stop here, before every listener.
      createWorkspaceGate({ lifecycle: services.lifecycle, logger }),
    ),
  );
  if (oauth) linkInstallationsToLifecycle({ ...oauth, lifecycle: services.lifecycle, logger });
  // Ack latency from the request's arrival (noted by the receiver) to the listener's ack.
  // Bolt lets go of each request at its ack; what follows reports to the same error handler.
  const registry = new ListenerRegistry(
    app,
    work,
    (surface, name, context, ackedAt) =>
      metrics.acked(surface, name, ackedAt - (arrivalOf(context) ?? ackedAt)),
    {
      onError: ({ error, body, context }) =>
        errorHandler({ error, body, context: context as Parameters<typeof errorHandler>[0]["context"] }),
      track: state.track,
    },
  );
  registerListeners(registry, {
    ...services,
    clock,
    logger,
    commands: commandCatalog,
  });
  const { scheduler, outbox } = services;
  registerJobs(scheduler, services);
  // Scheduled database backups (BACKUP_SCHEDULE; docs/operations.md).
  const sqlite = database.dialect === "sqlite" ? database.sqlite : undefined;
  await registerBackupJob({ scheduler, sqlite, backup: config.backup, logger });
  // Data of uninstalled workspaces is deleted after DATA_RETENTION_DAYS (docs/data-retention.md).
  await registerWorkspacePurgeJob({ scheduler, lifecycle: services.lifecycle, logger });
  // One bot token: a token that works again means a reinstall. OAuth mode resumes on install instead.
  if (!oauth) await resumeConfirmedWorkspace(app, services.lifecycle, logger);
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
    lifecycle: services.lifecycle,
    jobs,
    services,
    metrics,
    clients,
    oauth: oauth ? { installationStore: oauth.installationStore, tokens: oauth.tokens } : null,
    start: runtime.start,
    async stop(graceMs) {
      await runtime.stop(graceMs);
      await cpu.close();
    },
  };
}

/**
 * Single-token mode: the configured bot token is the one workspace's install. Slack revokes every
 * token at an uninstall, so a start whose `auth.test` succeeds means the operator installed the
 * app again and configured its new token: that workspace resumes (within the grace period, where
 * it stopped). Requests never resume a workspace by themselves (see `app/workspace-gate.ts`).
 */
async function resumeConfirmedWorkspace(
  app: App,
  lifecycle: WorkspaceLifecycle,
  logger: Logger,
): Promise<void> {
  if (!(await lifecycle.anyStopped())) return; // nothing to resume: no extra call to Slack
  let teamId: string | null = null;
  try {
    const auth = await app.client.auth.test();
    teamId = typeof auth.team_id === "string" ? auth.team_id : null;
  } catch (error) {
    // Bolt's own auth.test passed a moment ago: a blip now only delays the resume to the next start.
    logger.warn("could not confirm the bot token's workspace; a paused workspace stays paused", { error });
    return;
  }
  if (teamId && (await lifecycle.resumeWorkspace(teamId))) {
    logger.warn("workspace resumed: started with a working bot token for it (a reinstall)", { teamId });
  }
}
