/** The standup's scheduled jobs: per-person prompt and reminder, per-standup close (see standup.service.ts). */
import type { Scheduler } from "../services/scheduling.ports.js";
import { STANDUP_JOBS, type StandupService } from "../services/standup.service.js";

export function registerStandupJobs(scheduler: Scheduler, standups: StandupService): void {
  scheduler.registerJob(STANDUP_JOBS.prompt, (ctx) => standups.runPrompt(ctx));
  scheduler.registerJob(STANDUP_JOBS.reminder, (ctx) => standups.runReminder(ctx));
  scheduler.registerJob(STANDUP_JOBS.close, (ctx) => standups.runClose(ctx));
  scheduler.registerJob(STANDUP_JOBS.movedPrompt, (ctx) => standups.runPrompt(ctx));
}
