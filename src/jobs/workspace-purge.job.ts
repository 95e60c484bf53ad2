/**
 * The daily purge: every workspace stopped (uninstalled, bot token revoked) more than
 * DATA_RETENTION_DAYS ago has its data deleted. One instance-wide schedule in the durable
 * scheduler, so a purge missed while the bot was down runs at start-up, and never twice.
 */
import type { Logger } from "../lib/logger.js";
import type { Scheduler } from "../services/scheduling.ports.js";
import type { WorkspaceLifecycle } from "../services/workspace-lifecycle.service.js";
import { INSTANCE_TEAM } from "./backup.job.js";

export const WORKSPACE_PURGE_JOB = "ops.workspace-purge";
const REF = "workspaces";
const ALL_DAYS = [0, 1, 2, 3, 4, 5, 6] as const;

/** Registers the purge job; its daily schedule (04:15 UTC) once a workspace has stopped. Call before the scheduler starts. */
export async function registerWorkspacePurgeJob(deps: {
  scheduler: Scheduler;
  lifecycle: WorkspaceLifecycle;
  logger: Logger;
}): Promise<void> {
  const { scheduler, lifecycle, logger } = deps;
  scheduler.registerJob(WORKSPACE_PURGE_JOB, async (ctx) => {
    const reports = await lifecycle.purgeDue(ctx.now);
    for (const r of reports)
      logger.info("retention period over: workspace data deleted", { teamId: r.teamId, rows: r.total });
  });
  // The schedule exists only once a workspace has stopped: created when one stops (and at
  // start-up if one waits), so an installation that never lost a workspace has none.
  const ensureSchedule = async () => {
    await scheduler.upsert({
      teamId: INSTANCE_TEAM,
      jobKind: WORKSPACE_PURGE_JOB,
      refId: REF,
      recurrence: { kind: "weekly", days: ALL_DAYS, time: "04:15" },
      timeZone: "UTC",
      // Late is fine (a day late, even): what matters is that it runs.
      graceMs: 23 * 60 * 60 * 1000,
      label: "Delete the data of workspaces uninstalled longer ago than DATA_RETENTION_DAYS",
    });
  };
  lifecycle.onStopped(ensureSchedule);
  if (await lifecycle.anyAwaitingPurge()) await ensureSchedule();
}
