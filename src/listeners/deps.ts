/** What listeners may use: services, the logger, the clock. No db, no repositories. */
import type { BurndownPoint } from "../domain/sprint.js";
import type { Clock } from "../lib/clock.js";
import type { Logger } from "../lib/logger.js";
import type { AccessService } from "../services/access.service.js";
import type { BacklogService } from "../services/backlog.service.js";
import type { ChannelAccess, DigestService } from "../services/digest.service.js";
import type { ForecastService } from "../services/forecast.service.js";
import type { GoalService } from "../services/goal.service.js";
import type { HomeService } from "../services/home.service.js";
import type { OutboxService } from "../services/outbox.service.js";
import type { PokerService } from "../services/poker.service.js";
import type { RateLimiter } from "../services/rate-limit.service.js";
import type { RefinementService } from "../services/refinement.service.js";
import type { RequestService } from "../services/request.service.js";
import type { RetroService } from "../services/retro.service.js";
import type { SchedulerService } from "../services/scheduler.service.js";
import type { SchedulingStatusService } from "../services/scheduling-status.service.js";
import type { CalendarStore } from "../services/scheduling-store.ports.js";
import type { SprintService } from "../services/sprint.service.js";
import type { StandupService } from "../services/standup.service.js";
import type { StoryService } from "../services/story.service.js";
import type { PeopleDirectory } from "../services/user-directory.ports.js";
import type { WorkspaceLifecycle } from "../services/workspace-lifecycle.service.js";
import type { CommandSpec } from "../slack/catalog.js";
import type { PokerBoardPublisher } from "../slack/poker-board.js";

export interface ListenerDeps {
  stories: StoryService;
  clock: Clock;
  logger: Logger;
  commands: CommandSpec[];
  users: PeopleDirectory;
  /** Per-person rate limits on commands that post or compute (per process, see the service). */
  limits: RateLimiter;
  /** Roles and permissions (`AccessControl` plus role management for `/scrum roles`). */
  access: AccessService;
  /** The PO's backlog: moves, edit/archive/restore/split, readiness, priority method (issue 5). */
  backlog: BacklogService;
  /** Product goals and features with their stages (issue 5). */
  goals: GoalService;
  /** Stakeholder requests and the triage inbox. */
  requests: RequestService;
  /** The App Home tab model and who has it open (refresh with `refreshHomes`). */
  home: HomeService;
  /** The durable scheduler (schedules, next runs, recent runs). */
  scheduler: SchedulerService;
  /** The Slack outbox (enqueue scheduled posts; recent failures for `/scrum status`). */
  outbox: OutboxService;
  /** Team work weeks, holidays and away ranges. */
  calendars: CalendarStore;
  /** Planning poker sessions (issue 6). */
  poker: PokerService;
  /** Posts/refreshes a poker session message (coalesced per session). */
  pokerBoard: PokerBoardPublisher;
  /** Sprints, planning, progress, close and the sprint review (issue 6). */
  sprints: SprintService;
  /** Weekly backlog refinement agenda (issue 6). */
  refinement: RefinementService;
  /** Retrospectives: anonymous cards, dot votes, action items (issue 6). */
  retros: RetroService;
  /** Stakeholder digests: setup, preview, send (issue 7). */
  digests: DigestService;
  /** Charts rendered off the event loop (worker threads, see `src/app/cpu/`). */
  charts: { burndownPng(points: BurndownPoint[], title: string): Promise<Buffer> };
  /** Monte Carlo forecasts of backlog items (`/forecast`, the digest). */
  forecasts: ForecastService;
  /** `/scrum status`: schedules, next runs, delivery problems. */
  schedulingStatus: SchedulingStatusService;
  /** Async daily standups (issue 4): setup, answers, away/back, blockers, stats. */
  standups: StandupService;
  /** Uninstall, token revocation, resume and purge of a workspace (issue 15). */
  lifecycle: WorkspaceLifecycle;
  /** Whether the bot can post in a channel (`conversations.info`), e.g. a standup's report channel at setup. */
  channels: ChannelAccess;
}
