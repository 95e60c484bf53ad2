/** The scheduler tick as a job: `(deps, now)`; the database decides what is due at `now`. */
import type { SchedulerService, TickStats } from "../services/scheduler.service.js";

export interface SchedulerTickDeps {
  scheduler: SchedulerService;
}

export function schedulerTickJob(deps: SchedulerTickDeps, now: Date): Promise<TickStats> {
  return deps.scheduler.tick(now);
}

/** Start-up: recover interrupted runs, then catch up (or record as skipped) what was missed. */
export function schedulerCatchUpJob(deps: SchedulerTickDeps, now: Date): Promise<TickStats> {
  return deps.scheduler.catchUp(now);
}
