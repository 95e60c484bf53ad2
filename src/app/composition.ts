/**
 * Builds repositories and services in dependency order (each from what is already built; no
 * forward references), over one database and a Slack client per workspace.
 */
import type { Config } from "../config.js";
import { createBacklogUnitOfWork } from "../db/backlog.repository.js";
import type { DatabaseHandle } from "../db/connection.js";
import { createDigestHistory, createDigestQueueSource, createDigestStore } from "../db/digest.repository.js";
import { createGoalSource, createVelocitySource } from "../db/digest-sources.js";
import { createOutboxLaneRepository } from "../db/outbox-lanes.repository.js";
import { createOwnStoriesRepository } from "../db/own-stories.repository.js";
import { createPacingRepository } from "../db/pacing.repository.js";
import { createPeopleRepository } from "../db/people.repository.js";
import { createPokerUnitOfWork } from "../db/poker.repository.js";
import { createRateLimitStore } from "../db/rate-limit.repository.js";
import { createRefinementRepository } from "../db/refinement.repository.js";
import { createRequestUnitOfWork } from "../db/request-unit-of-work.js";
import { createRetroUnitOfWork } from "../db/retro.repository.js";
import { createScheduleLaneRepository } from "../db/schedule-lanes.repository.js";
import { createSchedulingUnitOfWork } from "../db/scheduling-stores.js";
import { createSprintUnitOfWork } from "../db/sprint.repository.js";
import { createStandupUnitOfWork } from "../db/standup.repository.js";
import { createTeamData } from "../db/team-data.repository.js";
import { createTeamRoleRepository } from "../db/team-role.repository.js";
import { createUnitOfWork } from "../db/unit-of-work.js";
import { createWorkspaceStore } from "../db/workspace.repository.js";
import type { Clock } from "../lib/clock.js";
import type { Logger } from "../lib/logger.js";
import type { ListenerDeps } from "../listeners/deps.js";
import { createAccessService } from "../services/access.service.js";
import { createBacklogService } from "../services/backlog.service.js";
import { createDigestService } from "../services/digest.service.js";
import { createForecastService } from "../services/forecast.service.js";
import { createGoalService } from "../services/goal.service.js";
import { createHomeService } from "../services/home.service.js";
import { createOutboxService, type OutboxOptions } from "../services/outbox.service.js";
import { createWorkspacePacer } from "../services/outbox-pacing.js";
import { createPeopleDirectory } from "../services/people-directory.service.js";
import { createPokerService } from "../services/poker.service.js";
import { createRateLimiter } from "../services/rate-limit.service.js";
import { createRefinementService } from "../services/refinement.service.js";
import { createRequestService } from "../services/request.service.js";
import { createRetroService } from "../services/retro.service.js";
import { createSchedulerService } from "../services/scheduler.service.js";
import { createSchedulingStatusService } from "../services/scheduling-status.service.js";
import { createSprintService } from "../services/sprint.service.js";
import { createStandupService } from "../services/standup.service.js";
import { createStoryService } from "../services/story.service.js";
import { createWorkspaceLifecycle, guardedPeopleSource } from "../services/workspace-lifecycle.service.js";
import { createSlackChannelAccess } from "../slack/channel-access.js";
import { createOutboxSender, type OutboxSender, type PacingOptions } from "../slack/outbox-sender.js";
import { createPokerBoardPublisher } from "../slack/poker-board.js";
import { createSlackPeopleSource } from "../slack/user-directory.js";
import type { WorkspaceClients } from "../slack/workspace-clients.js";
import { digestMessage, digestNoticeMessage } from "../views/digest.view.js";
import { retroActionAssignedMessage } from "../views/retro.view.js";
import { standupMessages } from "../views/standup.view.js";
import type { CpuPool } from "./cpu/pool.js";
import type { AppMetrics } from "./metrics.js";

/** Every service the listeners and jobs use, plus the outbox's Slack adapter. */
export type Services = Omit<ListenerDeps, "clock" | "logger" | "commands"> & {
  outboxSender: OutboxSender;
};

export function composeServices(deps: {
  config: Config;
  database: DatabaseHandle;
  clock: Clock;
  logger: Logger;
  /** Each workspace's client with the listener-side retry policy (directory, channel checks, poker board). */
  clients: WorkspaceClients;
  /** Each workspace's client with the outbox's policy (429s thrown to the sender, no retries). */
  outboxClients: WorkspaceClients;
  /** Worker threads for CPU-heavy work (forecasts, burndown PNGs). */
  cpu: CpuPool;
  /** The bounded Slack fetch (timeouts, circuit breaker) for the outbox's own client. */
  fetch?: typeof globalThis.fetch;
  scheduling?: { pacing?: PacingOptions; outbox?: OutboxOptions };
  /** This instance's metrics (outbox outcomes, scheduler lag). */
  metrics: AppMetrics;
  /** Runs work after the acks waiting now (the app's work scheduler): the request gate's re-reads. */
  afterAcks?: (job: () => Promise<void>) => void;
}): Services {
  const { config, database, clock, logger, clients } = deps;
  const db = database.db;

  // Uninstall, revocation, purge (issue 15): every Slack call for a workspace asks it first.
  const schedulingUow = createSchedulingUnitOfWork(db);
  const lifecycle = createWorkspaceLifecycle({
    store: createWorkspaceStore(db),
    data: createTeamData(db),
    pending: {
      failPending: (teamId, reason, at) => schedulingUow.read.outbox.failPendingOfTeam(teamId, reason, at),
    },
    clock,
    logger,
    retentionDays: config.dataRetentionDays,
    ...(deps.afterAcks ? { refreshLater: deps.afterAcks } : {}),
  });

  // People, roles and stories.
  // The stored people directory: users.list sweeps + user_change/team_join events, users.info only
  // for someone unknown (users.info is Tier 4: one call per person doesn't scale to big standups).
  const users = createPeopleDirectory({
    store: createPeopleRepository(db),
    source: guardedPeopleSource(createSlackPeopleSource(clients), lifecycle),
    clock,
    logger,
  });
  const channels = createSlackChannelAccess(clients);
  const access = createAccessService({ roles: createTeamRoleRepository(db), users, clock });
  const stories = createStoryService({ uow: createUnitOfWork(db), clock, access });
  const requests = createRequestService({ uow: createRequestUnitOfWork(db), access, clock });

  // The PO's backlog (issue 5): ordering, editing, readiness, priority; goals and features.
  const backlogUow = createBacklogUnitOfWork(db);
  const backlog = createBacklogService({ uow: backlogUow, access, clock });
  const goals = createGoalService({ uow: backlogUow, access, clock });
  /** The team's Definition of Ready settings, for every feature that marks stories ready or not. */
  const teamReadiness = async (teamId: string) => {
    const s = await backlog.settings(teamId);
    return { sizeLimit: s.sizeLimit, disabled: s.dorDisabled };
  };

  // Scheduler + outbox (issue 3). The outbox has its OWN WebClients (same tokens and API URL) so its
  // rate-limit and retry policy is ours: 429s come back to the outbox, which holds that workspace.
  const outboxSender = createOutboxSender({
    clients: deps.outboxClients,
    logger,
    pacing: deps.scheduling?.pacing,
    now: () => clock.now().getTime(),
  });
  const outbox = createOutboxService({
    uow: schedulingUow,
    lanes: createOutboxLaneRepository(db),
    transport: deps.metrics.meterOutbox(outboxSender),
    // Per-workspace budgets and Retry-After holds live in the database: every replica shares them.
    pacer: createWorkspacePacer({ store: createPacingRepository(db), options: deps.scheduling?.pacing }),
    clock,
    logger,
    options: deps.scheduling?.outbox,
    workspaces: lifecycle,
  });
  const scheduler = createSchedulerService({
    uow: schedulingUow,
    clock,
    logger,
    onRun: deps.metrics.scheduledRun,
    workspaces: lifecycle,
    // A tick serves teams in turn: one workspace's 1,000 prompt jobs don't delay another's.
    lanes: createScheduleLaneRepository(db),
  });
  const calendars = schedulingUow.read.calendars;

  // Async daily standups (issue 4): per-person prompt/reminder jobs, one close job per standup.
  const standups = createStandupService({
    uow: createStandupUnitOfWork(db),
    calendars,
    users,
    scheduler,
    outbox,
    messages: standupMessages,
    clock,
    logger,
  });
  // A person's new zone (user_change) moves their standup schedules at once.
  users.onChange((change) => standups.personChanged(change));

  // Ceremonies (issue 6): planning poker, sprints and the review, refinement, retrospectives.
  const poker = createPokerService({ uow: createPokerUnitOfWork(db), access, clock, scheduler });
  const pokerBoard = createPokerBoardPublisher({ clients, poker, logger });
  const sprints = createSprintService({
    uow: createSprintUnitOfWork(db),
    access,
    clock,
    scheduler,
    requests,
    readiness: teamReadiness,
  });
  const refinement = createRefinementService({
    repo: createRefinementRepository(db),
    access,
    clock,
    scheduler,
    readiness: teamReadiness,
  });
  const retros = createRetroService({
    uow: createRetroUnitOfWork(db),
    access,
    clock,
    outbox,
    assignedMessage: retroActionAssignedMessage,
  });

  // Stakeholder digests and forecasts (issue 7).
  const forecasts = createForecastService({
    queue: createDigestQueueSource(db),
    velocity: createVelocitySource(db),
    clock,
    // The Monte Carlo runs in a worker thread: other teams' acks don't wait behind it.
    run: deps.cpu.forecast,
  });
  const digests = createDigestService({
    store: createDigestStore(db),
    history: createDigestHistory(db),
    goals: createGoalSource(db),
    forecasts,
    channels,
    access,
    scheduler,
    outbox,
    render: { message: digestMessage, notice: digestNoticeMessage },
    clock,
  });

  // The Home tab reads from most features, so it comes last.
  const home = createHomeService({
    requests,
    access,
    own: createOwnStoriesRepository(db),
    clock,
    sources: {
      goals,
      readinessSettings: teamReadiness,
      actions: retros,
      sprint: sprints,
      standups,
    },
  });

  return {
    charts: { burndownPng: deps.cpu.burndownPng },
    users,
    channels,
    access,
    limits: createRateLimiter({ store: createRateLimitStore(db), clock }),
    stories,
    requests,
    backlog,
    goals,
    home,
    scheduler,
    outbox,
    outboxSender,
    calendars,
    standups,
    poker,
    pokerBoard,
    sprints,
    refinement,
    retros,
    forecasts,
    digests,
    lifecycle,
    schedulingStatus: createSchedulingStatusService({ scheduler, outbox, users, access, clock }),
  };
}
