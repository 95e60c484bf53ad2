/** Participation figures: a person's own, and everyone's for the owner (and admins). */
import { localDateOf } from "../../domain/schedule/index.js";
import { addDays, type DayParticipation, personStats, teamStats } from "../../domain/standup/index.js";
import { mayManage, type StandupContext } from "./context.js";
import type { StandupService, StandupStats } from "./contract.js";
import type { MemberCache } from "./member-cache.js";

const STATS_WINDOW_DAYS = 60;

export function createStandupStats(
  c: StandupContext,
  { memberCache }: { memberCache: MemberCache },
): Pick<StandupService, "stats"> {
  const { repo, clock } = c;
  return {
    async stats(teamId, userId) {
      const result: StandupStats[] = [];
      for (const standup of await repo.listByTeam(teamId)) {
        const manager = await mayManage(c, standup, userId);
        if (!standup.participants.includes(userId) && !manager) continue;
        const since = addDays(localDateOf(clock.now(), "UTC"), -STATS_WINDOW_DAYS);
        const reports = await repo.closedReports(teamId, standup.id, since);
        const answered = await repo.answeredUsersByDay(
          teamId,
          standup.id,
          reports.map((r) => r.day),
        );
        const days: DayParticipation[] = reports.map((r) => ({
          day: r.day,
          expected: r.expected ?? [],
          answered: answered.get(r.day) ?? [],
        }));
        const members = await memberCache.of(standup);
        result.push({
          standup,
          mine: standup.participants.includes(userId) ? personStats(userId, days) : null,
          team: manager
            ? teamStats(standup.participants, days).map((s) => ({
                ...s,
                name: members.get(s.userId)?.name ?? s.userId,
              }))
            : null,
          days: reports.length,
        });
      }
      return result;
    },
  };
}
