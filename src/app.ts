/**
 * Composition root: repositories → services → Bolt `App` → listeners.
 * No module-level singletons: tests build a fresh app per test.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, HTTPReceiver, type Receiver, SocketModeReceiver } from "@slack/bolt";
import type { Config } from "./config.js";
import { createBacklogUnitOfWork } from "./db/backlog.repository.js";
import type { DatabaseHandle } from "./db/connection.js";
import { createDigestHistory, createDigestQueueSource, createDigestStore } from "./db/digest.repository.js";
import { createGoalSource, createVelocitySource } from "./db/digest-sources.js";
import { createOwnStoriesRepository } from "./db/own-stories.repository.js";
import { createPokerUnitOfWork } from "./db/poker.repository.js";
import { createRefinementRepository } from "./db/refinement.repository.js";
import { createRequestUnitOfWork } from "./db/request-unit-of-work.js";
import { createRetroUnitOfWork } from "./db/retro.repository.js";
import { createSchedulingUnitOfWork } from "./db/scheduling-stores.js";
import { createSprintUnitOfWork } from "./db/sprint.repository.js";
import { createStandupUnitOfWork } from "./db/standup.repository.js";
import { createTeamRoleRepository } from "./db/team-role.repository.js";
import { createUnitOfWork } from "./db/unit-of-work.js";
import { digestJob } from "./jobs/digest.job.js";
import { createJobRunner, type JobRunner, type JobRunnerOptions } from "./jobs/index.js";
import { pokerRevealJob } from "./jobs/poker-reveal.job.js";
import { refinementAgendaJob } from "./jobs/refinement.job.js";
import { sprintReviewJob } from "./jobs/review.job.js";
import { registerStandupJobs } from "./jobs/standup.jobs.js";
import type { Clock } from "./lib/clock.js";
import { type Logger, toBoltLogger } from "./lib/logger.js";
import { createYieldingQueue } from "./lib/yielding-queue.js";
import type { ListenerDeps } from "./listeners/deps.js";
import { registerListeners } from "./listeners/index.js";
import { ListenerRegistry } from "./listeners/registry.js";
import { createAccessService } from "./services/access.service.js";
import { createBacklogService } from "./services/backlog.service.js";
import { createDigestService, DIGEST_JOB_KIND } from "./services/digest.service.js";
import { createForecastService } from "./services/forecast.service.js";
import { createGoalService } from "./services/goal.service.js";
import { createHomeService } from "./services/home.service.js";
import { createOutboxService, type OutboxOptions, type OutboxService } from "./services/outbox.service.js";
import { createPokerService, POKER_REVEAL_JOB } from "./services/poker.service.js";
import { createRefinementService, REFINEMENT_AGENDA_JOB } from "./services/refinement.service.js";
import { createRequestService } from "./services/request.service.js";
import { createRetroService } from "./services/retro.service.js";
import { createSchedulerService, type SchedulerService } from "./services/scheduler.service.js";
import { createSchedulingStatusService } from "./services/scheduling-status.service.js";
import type { CalendarStore } from "./services/scheduling-store.ports.js";
import { createSprintService, SPRINT_REVIEW_JOB } from "./services/sprint.service.js";
import { createStandupService } from "./services/standup.service.js";
import { createStoryService } from "./services/story.service.js";
import { commandCatalog } from "./slack/catalog.js";
import { createSlackChannelAccess } from "./slack/channel-access.js";
import { createErrorHandler } from "./slack/error-handler.js";
import {
  createOutboxSender,
  createOutboxWebClient,
  type OutboxSender,
  type PacingOptions,
} from "./slack/outbox-sender.js";
import { createPokerBoardPublisher } from "./slack/poker-board.js";
import { createSlackUserDirectory } from "./slack/user-directory.js";
import { digestMessage, digestNoticeMessage } from "./views/digest.view.js";
import { standupMessages } from "./views/standup.view.js";

export interface ScrumbotDeps {
  config: Config;
  database: DatabaseHandle;
  clock: Clock;
  logger: Logger;
  /** Web API retry policy; tests pass `{ retries: 0 }` (the default retries for ~30 minutes). */
  retryConfig?: { retries: number; factor?: number; minTimeout?: number; maxTimeout?: number };
  /** Scheduler/outbox tuning: the wake-up timer (tests may turn it off), Slack pacing, outbox retries. */
  scheduling?: { jobs?: JobRunnerOptions; pacing?: PacingOptions; outbox?: OutboxOptions };
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
  const uow = createUnitOfWork(database.db);

  let ready = false;
  let inFlight = 0;
  const healthRoute = {
    path: "/healthz",
    method: ["GET"],
    handler: (_req: unknown, res: import("node:http").ServerResponse) => {
      // Ready = started, not stopping, and the database connection is open.
      const ok = ready && database.sqlite.open;
      res.writeHead(ok ? 200 : 503, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: ok ? "ok" : "starting", mode: config.mode }));
    },
  };

  const boltLogger = toBoltLogger(logger, config.logLevel);
  let receiver: Receiver;
  if (config.mode === "socket") {
    receiver = new SocketModeReceiver({
      appToken: config.slackAppToken ?? "",
      logger: boltLogger,
      customRoutes: [healthRoute],
      // clientOptions: apps.connections.open goes to SLACK_API_URL too, not always to slack.com.
      installerOptions: { port: config.port, clientOptions: { slackApiUrl: config.slackApiUrl } },
    });
  } else {
    receiver = new HTTPReceiver({
      signingSecret: config.slackSigningSecret ?? "",
      endpoints: "/slack/events",
      logger: boltLogger,
      customRoutes: [healthRoute],
      // Ack is sent as soon as a listener calls ack(); work continues after.
      processBeforeResponse: false,
    });
  }

  const app = new App({
    token: config.slackBotToken,
    receiver,
    logger: boltLogger,
    extendedErrorHandler: true,
    deferInitialization: true,
    clientOptions: {
      slackApiUrl: config.slackApiUrl,
      // Listener calls are time-sensitive (trigger ids live 3 s): retry briefly, never for
      // the 30 minutes the WebClient defaults to. The outbox has its own client and policy.
      retryConfig: deps.retryConfig ?? { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2000 },
    },
  });
  await app.init();

  // Count in-flight handlers so shutdown can wait for them.
  app.use(async ({ next }) => {
    inFlight++;
    try {
      await next();
    } finally {
      inFlight--;
    }
  });
  app.error(createErrorHandler({ client: app.client, logger }));

  const registry = new ListenerRegistry(app);
  const users = createSlackUserDirectory({ client: app.client, clock });
  const access = createAccessService({ roles: createTeamRoleRepository(database.db), users, clock });
  const stories = createStoryService({ uow, clock, access });
  const requests = createRequestService({ uow: createRequestUnitOfWork(database.db), access, clock });
  // The PO's backlog (issue 5): ordering, editing, readiness, priority; goals and features.
  const backlogUow = createBacklogUnitOfWork(database.db);
  const backlog = createBacklogService({ uow: backlogUow, access, clock });
  const goals = createGoalService({ uow: backlogUow, access, clock });
  /** The team's Definition of Ready settings, for every feature that marks stories ready or not. */
  const teamReadiness = async (teamId: string) => {
    const s = await backlog.settings(teamId);
    return { sizeLimit: s.sizeLimit, disabled: s.dorDisabled };
  };
  const home = createHomeService({
    requests,
    access,
    own: createOwnStoriesRepository(database.db),
    clock,
    sources: {
      goals,
      readinessSettings: teamReadiness,
      // `retros` is created below; this runs only when a Home tab is built.
      actions: { openActionItemsFor: (teamId, userId) => retros.openActionItemsFor(teamId, userId) },
      sprint: { status: (teamId) => sprints.status(teamId) },
    },
  });
  // Scheduler + outbox (issue 3). The outbox has its OWN WebClient (same token and API URL) so its
  // rate-limit and retry policy is ours: 429s are thrown to the sender, which paces and waits.
  const schedulingUow = createSchedulingUnitOfWork(database.db);
  const outboxSender = createOutboxSender({
    client: createOutboxWebClient(config),
    logger,
    pacing: deps.scheduling?.pacing,
  });
  const outbox = createOutboxService({
    uow: schedulingUow,
    transport: outboxSender,
    clock,
    logger,
    options: deps.scheduling?.outbox,
  });
  const scheduler = createSchedulerService({ uow: schedulingUow, clock, logger });
  const calendars = schedulingUow.read.calendars;
  const jobs = createJobRunner({ scheduler, outbox, clock, logger, options: deps.scheduling?.jobs });

  // Async daily standups (issue 4): per-person prompt/reminder jobs, one close job per standup.
  const standups = createStandupService({
    uow: createStandupUnitOfWork(database.db),
    calendars,
    users,
    scheduler,
    outbox,
    messages: standupMessages,
    clock,
    logger,
  });
  registerStandupJobs(scheduler, standups);

  // Ceremonies (issue 6): planning poker.
  const poker = createPokerService({ uow: createPokerUnitOfWork(database.db), access, clock, scheduler });
  const pokerBoard = createPokerBoardPublisher({ client: app.client, poker, logger });
  scheduler.registerJob(POKER_REVEAL_JOB, pokerRevealJob({ poker, pokerBoard }));
  // Sprints and the sprint review (feedback becomes triage requests).
  const sprints = createSprintService({
    uow: createSprintUnitOfWork(database.db),
    access,
    clock,
    scheduler,
    requests,
    readiness: teamReadiness,
  });
  scheduler.registerJob(SPRINT_REVIEW_JOB, sprintReviewJob({ sprints, outbox }));
  // Weekly backlog refinement agenda.
  const refinement = createRefinementService({
    repo: createRefinementRepository(database.db),
    access,
    clock,
    scheduler,
    readiness: teamReadiness,
  });
  scheduler.registerJob(REFINEMENT_AGENDA_JOB, refinementAgendaJob({ refinement, outbox }));
  // Retrospectives (issue 6): anonymous cards, dot votes, action items.
  const retros = createRetroService({ uow: createRetroUnitOfWork(database.db), access, clock });

  // Stakeholder digests and forecasts (issue 7).
  const forecasts = createForecastService({
    queue: createDigestQueueSource(database.db),
    velocity: createVelocitySource(database.db),
    clock,
  });
  const digests = createDigestService({
    store: createDigestStore(database.db),
    history: createDigestHistory(database.db),
    goals: createGoalSource(database.db),
    forecasts,
    channels: createSlackChannelAccess(app.client),
    access,
    scheduler,
    outbox,
    render: { message: digestMessage, notice: digestNoticeMessage },
    clock,
  });
  scheduler.registerJob(DIGEST_JOB_KIND, digestJob({ digests }));

  const listenerDeps: ListenerDeps = {
    afterAck: createYieldingQueue(),
    stories,
    clock,
    logger,
    commands: commandCatalog,
    users,
    access,
    requests,
    backlog,
    goals,
    home,
    scheduler,
    outbox,
    calendars,
    poker,
    pokerBoard,
    sprints,
    refinement,
    retros,
    digests,
    forecasts,
    schedulingStatus: createSchedulingStatusService({ scheduler, outbox, users, access, clock }),
    standups,
    channels: createSlackChannelAccess(app.client),
  };
  registerListeners(registry, listenerDeps);

  return {
    app,
    registry,
    get ready() {
      return ready;
    },
    inFlight: () => inFlight,
    /**
     * Waits until nothing is left to do now: handlers still working after their ack, report
     * refreshes waiting for their slot, and the outbox (tests call this after a request).
     */
    async settle() {
      while (inFlight > 0) await new Promise((r) => setTimeout(r, 5));
      await standups.flush();
      await outbox.drain();
    },
    scheduler,
    outbox,
    calendars,
    outboxSender,
    jobs,
    async start() {
      const started = (await app.start(config.port)) as unknown;
      // Catch up missed occurrences (or record them as skipped), deliver pending outbox rows, then
      // wake every few seconds.
      await jobs.start();
      ready = true;
      // Socket Mode resolves with the connection, not a server: its /healthz server is the receiver's
      // (a private field of Bolt's SocketModeReceiver), whose real port matters when PORT=0.
      const port =
        portOf(started) ??
        portOf((receiver as unknown as { httpServer?: unknown }).httpServer) ??
        config.port;
      logger.info("scrumbot started", { mode: config.mode, port });
      return { port };
    },
    async stop(graceMs = 10_000) {
      ready = false;
      await jobs.stop(graceMs);
      await app.stop();
      const deadline = performance.now() + graceMs;
      while (inFlight > 0 && performance.now() < deadline) {
        await new Promise((r) => setTimeout(r, 25));
      }
      if (inFlight > 0) logger.warn("stopping with handlers still running", { inFlight });
      // Refreshes waiting for their slot are enqueued (the outbox delivers them after a restart).
      await standups
        .flush()
        .catch((error: unknown) => logger.warn("flushing standup reports failed", { error }));
    },
  };
}

function portOf(started: unknown): number | undefined {
  const server = started as Server | undefined;
  const address = server?.address?.() as AddressInfo | string | null | undefined;
  return typeof address === "object" && address ? address.port : undefined;
}
