/** Creating, changing, deleting and listing standups (with their members and schedules). */
import { checkTeamStandupCaps, defaultSettings } from "../../domain/standup/index.js";
import { assertManage, load, type StandupContext } from "./context.js";
import type { StandupService } from "./contract.js";
import type { MemberCache } from "./member-cache.js";
import type { StandupSchedules } from "./schedules.js";

export type StandupSetup = Pick<
  StandupService,
  "defaults" | "create" | "update" | "remove" | "forEditing" | "list" | "standupsOf"
>;

export function createStandupSetup(
  c: StandupContext,
  { memberCache, schedules }: { memberCache: MemberCache; schedules: StandupSchedules },
): StandupSetup {
  const { uow, repo, calendars, users, clock, logger } = c;
  return {
    async defaults(teamId, userId, channelId) {
      const team = await calendars.workCalendar(teamId);
      const person = await users.get(teamId, userId).catch(() => null);
      return defaultSettings({
        workDays: team.workDays,
        ...(channelId && /^[CG]/.test(channelId) ? { channelId } : {}),
        ownerZone: person?.timeZone ?? null,
      });
    },

    async create(teamId, userId, settings) {
      const standup = await uow.run(async (r) => {
        checkTeamStandupCaps(await r.listByTeam(teamId), settings, null);
        return r.insert({ teamId, ownerId: userId, settings, at: clock.now() });
      });
      await memberCache.refresh(standup);
      await schedules.sync(standup, []);
      logger.info("standup created", {
        teamId,
        standupId: standup.id,
        participants: standup.participants.length,
      });
      return standup;
    },

    async update(teamId, userId, id, settings) {
      const before = await load(c, teamId, id);
      await assertManage(c, before, userId);
      const standup = await uow.run(async (r) => {
        checkTeamStandupCaps(await r.listByTeam(teamId), settings, id);
        return r.update(teamId, id, settings, clock.now());
      });
      await memberCache.refresh(standup);
      await schedules.sync(standup, before.participants);
      return standup;
    },

    async remove(teamId, userId, id) {
      const standup = await load(c, teamId, id);
      await assertManage(c, standup, userId);
      await uow.run((r) => r.softDelete(teamId, id, clock.now()));
      await schedules.unschedule(standup);
      return standup;
    },

    async forEditing(teamId, userId, id) {
      const standup = await load(c, teamId, id);
      await assertManage(c, standup, userId);
      return standup;
    },

    async list(teamId) {
      const all = await repo.listByTeam(teamId);
      return all.map((standup) => ({ standup, owner: false }));
    },

    async standupsOf(teamId, userId) {
      return (await repo.listByTeam(teamId)).filter((s) => s.participants.includes(userId));
    },
  };
}
