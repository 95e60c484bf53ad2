/**
 * Every scheduled job kind and its handler, registered in one place (before the scheduler ticks).
 * When each runs is decided by the schedules the features upsert; the wake-up timer is `index.ts`.
 */
import { DIGEST_JOB_KIND, type DigestService } from "../services/digest.service.js";
import type { OutboxService } from "../services/outbox.service.js";
import { POKER_REVEAL_JOB, type PokerService } from "../services/poker.service.js";
import { REFINEMENT_AGENDA_JOB, type RefinementService } from "../services/refinement.service.js";
import type { Scheduler } from "../services/scheduling.ports.js";
import { SPRINT_REVIEW_JOB, type SprintService } from "../services/sprint.service.js";
import type { StandupService } from "../services/standup.service.js";
import type { PokerBoardPublisher } from "../slack/poker-board.js";
import { digestJob } from "./digest.job.js";
import { pokerRevealJob } from "./poker-reveal.job.js";
import { refinementAgendaJob } from "./refinement.job.js";
import { sprintReviewJob } from "./review.job.js";
import { registerStandupJobs } from "./standup.jobs.js";

export function registerJobs(
  scheduler: Scheduler,
  s: {
    standups: StandupService;
    poker: PokerService;
    pokerBoard: PokerBoardPublisher;
    sprints: SprintService;
    refinement: RefinementService;
    digests: DigestService;
    outbox: OutboxService;
  },
): void {
  registerStandupJobs(scheduler, s.standups);
  scheduler.registerJob(POKER_REVEAL_JOB, pokerRevealJob(s));
  scheduler.registerJob(SPRINT_REVIEW_JOB, sprintReviewJob(s));
  scheduler.registerJob(REFINEMENT_AGENDA_JOB, refinementAgendaJob(s));
  scheduler.registerJob(DIGEST_JOB_KIND, digestJob(s));
}
