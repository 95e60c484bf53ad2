/**
 * A person changed in Slack (`user_change`): their member row in each of their standups follows,
 * and a new zone moves their schedules at once, as the prompt job does when it notices a zone
 * change itself (`job-bodies.ts`), but without waiting for the old schedule to fire.
 */
import { localDateOf } from "../../domain/schedule/index.js";
import { promptInstant, zoneFor } from "../../domain/standup/index.js";
import type { StandupMember } from "../standup.ports.js";
import { problemOf, type StandupContext } from "./context.js";
import type { StandupService } from "./contract.js";
import type { MemberCache } from "./member-cache.js";
import type { StandupSchedules } from "./schedules.js";

const MINUTE = 60_000;

export function createPeopleChanges(
  ctx: StandupContext,
  { memberCache, schedules }: { memberCache: MemberCache; schedules: StandupSchedules },
): Pick<StandupService, "personChanged"> {
  const { repo, clock, logger } = ctx;
  return {
    async personChanged({ teamId, after }) {
      const now = clock.now();
      const theirs = (await repo.listByTeam(teamId)).filter((s) => s.participants.includes(after.id));
      for (const standup of theirs) {
        const stored = (await memberCache.of(standup)).get(after.id);
        const member: StandupMember = {
          userId: after.id,
          name: after.name,
          timeZone: after.timeZone,
          problem: problemOf(after),
        };
        if (
          stored?.name === member.name &&
          stored.timeZone === member.timeZone &&
          stored.problem === member.problem
        ) {
          continue;
        }
        await memberCache.save(standup, member, now);
        const from = zoneFor(standup, stored?.timeZone);
        const zone = zoneFor(standup, member.timeZone);
        if (zone === from || member.problem) continue; // the prompt job tells the owner about problems
        await schedules.schedulePerson(standup, after.id, zone);
        await schedules.scheduleClose(standup, await memberCache.of(standup));
        logger.info("standup: participant moved zone (user_change)", {
          standupId: standup.id,
          userId: after.id,
          from,
          zone,
        });
        // Moved east after today's prompt time there, before it came in the old zone: the old
        // schedule is gone and the new one's next prompt is tomorrow's, so today's goes out now
        // (e.g. New York → Berlin at 10:00 Berlin: prompted at 10:01, not skipped).
        const newAt = promptInstant(standup, localDateOf(now, zone), zone);
        const oldAt = promptInstant(standup, localDateOf(now, from), from);
        if (now >= newAt && now < oldAt) {
          const nextMinute = new Date(Math.floor(now.getTime() / MINUTE) * MINUTE + MINUTE);
          await schedules.scheduleMovedPrompt(standup, after.id, zone, nextMinute);
        }
      }
    },
  };
}
