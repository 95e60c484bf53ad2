/** Away ranges (`/standup away`, `/standup back`) and refreshing the reports they change. */
import { createAwayRange, localDateOf } from "../../domain/schedule/index.js";
import { addDays, promptInstant, zoneFor } from "../../domain/standup/index.js";
import type { StandupContext } from "./context.js";
import type { StandupService } from "./contract.js";
import type { MemberCache } from "./member-cache.js";
import type { ReportPublisher } from "./report-publisher.js";

export type StandupAway = Pick<StandupService, "setAway" | "back">;

export function createStandupAway(
  c: StandupContext,
  {
    memberCache,
    publisher,
    standupsOf,
  }: { memberCache: MemberCache; publisher: ReportPublisher; standupsOf: StandupService["standupsOf"] },
): StandupAway {
  const { repo, calendars, users, clock } = c;

  /** After away/back: refresh today's open reports the person appears in. */
  async function refreshTodayFor(teamId: string, userId: string): Promise<void> {
    for (const standup of await standupsOf(teamId, userId)) {
      const members = await memberCache.of(standup);
      const today = localDateOf(clock.now(), zoneFor(standup, members.get(userId)?.timeZone));
      const report = await repo.findReport(teamId, standup.id, today);
      if (report?.openedAt && !report.closedAt) await publisher.refreshParent(standup, today);
    }
  }

  return {
    async setAway(teamId, userId, from, to) {
      const range = createAwayRange(from, to);
      await calendars.addAway(teamId, userId, range, "standup", clock.now());
      await refreshTodayFor(teamId, userId);
      return range;
    },

    async back(teamId, userId) {
      const person = await users.get(teamId, userId).catch(() => null);
      const today = localDateOf(clock.now(), person?.timeZone ?? "UTC");
      const ranges = await calendars.awayRanges(teamId, userId, today);
      // Back after today's prompt already went by (unsent, since they were away): today stays an
      // away day, so they aren't listed as a non-responder for a prompt they never got.
      const now = clock.now();
      const promptPassed = (await standupsOf(teamId, userId)).some(
        (s) => now >= promptInstant(s, today, zoneFor(s, person?.timeZone ?? null)),
      );
      const lastAway = promptPassed ? today : addDays(today, -1);
      let ended = 0;
      for (const r of ranges) {
        if (r.from > today) continue;
        await calendars.removeAway(teamId, r.id);
        if (r.from <= lastAway) {
          await calendars.addAway(teamId, userId, { from: r.from, to: lastAway }, r.note, now);
        }
        ended++;
      }
      await refreshTodayFor(teamId, userId);
      return {
        ended,
        upcoming: ranges.filter((r) => r.from > today).map((r) => ({ from: r.from, to: r.to })),
      };
    },
  };
}
