/**
 * What `/scrum status` shows: the team's schedules with their next run, the outbox backlog, and
 * (for admins) recent delivery failures and occurrences that were skipped or failed.
 */
import type { Clock } from "../lib/clock.js";
import type { AccessControl } from "./access.ports.js";
import type { OutboxFailure, OutboxService } from "./outbox.service.js";
import type { SchedulerService, ScheduleSummary } from "./scheduler.service.js";
import type { ScheduleRun } from "./scheduling-store.ports.js";
import type { UserDirectory } from "./user-directory.ports.js";

export interface SchedulingStatus {
  now: Date;
  /** The viewer's IANA zone (from Slack), or UTC when Slack has none. */
  viewerTimeZone: string;
  schedules: ScheduleSummary[];
  /** Outbox rows by state (pending, sent, failed, superseded). */
  outbox: Record<string, number>;
  /** Only for admins (null otherwise): the most recent failures, newest first. */
  failures: OutboxFailure[] | null;
  /** Only for admins: recent runs that were skipped or failed, with the schedule's label. */
  problemRuns: (ScheduleRun & { label: string })[] | null;
}

export interface SchedulingStatusService {
  status(teamId: string, viewerId: string): Promise<SchedulingStatus>;
}

export function createSchedulingStatusService(deps: {
  scheduler: SchedulerService;
  outbox: OutboxService;
  users: UserDirectory;
  access: AccessControl;
  clock: Clock;
}): SchedulingStatusService {
  return {
    async status(teamId, viewerId) {
      const [person, schedules, outbox, isAdmin] = await Promise.all([
        deps.users.get(teamId, viewerId),
        deps.scheduler.list(teamId),
        deps.outbox.counts(teamId),
        deps.access.can(teamId, viewerId, "roles.manage"),
      ]);
      let failures: OutboxFailure[] | null = null;
      let problemRuns: SchedulingStatus["problemRuns"] = null;
      if (isAdmin) {
        failures = await deps.outbox.recentFailures(teamId, 10);
        const labels = new Map(schedules.map((s) => [s.id, s.label]));
        problemRuns = (await deps.scheduler.recentRuns(teamId, 50))
          .filter((r) => r.state === "skipped" || r.state === "failed")
          .slice(0, 10)
          .map((r) => ({ ...r, label: labels.get(r.scheduleId) ?? "a removed schedule" }));
      }
      return {
        now: deps.clock.now(),
        viewerTimeZone: person?.timeZone ?? "UTC",
        schedules,
        outbox,
        failures,
        problemRuns,
      };
    },
  };
}
