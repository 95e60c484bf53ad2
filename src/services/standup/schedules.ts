/**
 * The standup's schedules: per person a weekly prompt and reminder in their own zone (and a
 * one-shot prompt after they moved west), per standup one close in the zone whose prompt comes last.
 */
import { localDateOf } from "../../domain/schedule/index.js";
import { latestZone, offsetRecurrence, type Standup, zoneFor } from "../../domain/standup/index.js";
import type { ScheduleSpec } from "../scheduling.ports.js";
import { refOf, type StandupContext } from "./context.js";
import { STANDUP_JOBS } from "./contract.js";
import { type MemberCache, type Members, zonesOf } from "./member-cache.js";

export interface StandupSchedules {
  schedulePerson(standup: Standup, userId: string, zone: string): Promise<void>;
  /** A one-shot prompt at `at`, in the person's new zone (the job reads their local day there). */
  scheduleMovedPrompt(standup: Standup, userId: string, zone: string, at: Date): Promise<void>;
  /** The close job runs in the zone whose prompt comes last, `closeAfterMinutes` after it. */
  scheduleClose(standup: Standup, members: Members): Promise<void>;
  /** After create/update: everyone's schedules, and none for people no longer taking part. */
  sync(standup: Standup, previousParticipants: readonly string[]): Promise<void>;
  unschedule(standup: Standup): Promise<void>;
}

export function createStandupSchedules(ctx: StandupContext, members: MemberCache): StandupSchedules {
  const { scheduler, clock } = ctx;

  async function removePerson(standup: Standup, userId: string): Promise<void> {
    await scheduler.remove(standup.teamId, STANDUP_JOBS.prompt, refOf(standup, userId));
    await scheduler.remove(standup.teamId, STANDUP_JOBS.reminder, refOf(standup, userId));
    await scheduler.remove(standup.teamId, STANDUP_JOBS.movedPrompt, refOf(standup, userId));
  }

  /** A person's prompt and (when the standup has one) reminder schedules in `zone`. */
  function personSpecs(standup: Standup, userId: string, zone: string): ScheduleSpec[] {
    const label = `Standup “${standup.name}” · ${userId}`;
    const specs: ScheduleSpec[] = [
      {
        teamId: standup.teamId,
        jobKind: STANDUP_JOBS.prompt,
        refId: refOf(standup, userId),
        recurrence: { kind: "weekly", days: standup.days, time: standup.promptTime },
        timeZone: zone,
        label: `${label} · prompt`,
      },
    ];
    if (standup.reminderAfterMinutes !== null) {
      const { recurrence } = offsetRecurrence(standup, standup.reminderAfterMinutes);
      specs.push({
        teamId: standup.teamId,
        jobKind: STANDUP_JOBS.reminder,
        refId: refOf(standup, userId),
        recurrence,
        timeZone: zone,
        label: `${label} · reminder`,
      });
    }
    return specs;
  }

  const schedules: StandupSchedules = {
    async schedulePerson(standup, userId, zone) {
      await scheduler.upsertMany(personSpecs(standup, userId, zone));
      if (standup.reminderAfterMinutes === null) {
        await scheduler.remove(standup.teamId, STANDUP_JOBS.reminder, refOf(standup, userId));
      }
    },

    async scheduleMovedPrompt(standup, userId, zone, at) {
      await scheduler.scheduleOnce({
        teamId: standup.teamId,
        jobKind: STANDUP_JOBS.movedPrompt,
        refId: refOf(standup, userId),
        at,
        timeZone: zone,
        label: `Standup “${standup.name}” · ${userId} · prompt after a zone change`,
      });
    },

    async scheduleClose(standup, m) {
      const zones = zonesOf(standup, m);
      const anchor = latestZone(standup, [...new Set(zones)], localDateOf(clock.now(), "UTC"));
      const { recurrence, dayShift } = offsetRecurrence(standup, standup.closeAfterMinutes);
      await scheduler.upsert({
        teamId: standup.teamId,
        jobKind: STANDUP_JOBS.close,
        refId: String(standup.id),
        recurrence,
        timeZone: anchor,
        // A close that was missed (downtime) still runs later: the report must not stay open forever.
        graceMs: 24 * 60 * 60 * 1000,
        payload: { dayShift },
        label: `Standup “${standup.name}” · close`,
      });
    },

    async sync(standup, previousParticipants) {
      const m = await members.of(standup);
      // One transaction for everyone: 2,000 schedules of a 1,000-person standup in one commit.
      await scheduler.upsertMany(
        standup.participants.flatMap((u) => personSpecs(standup, u, zoneFor(standup, m.get(u)?.timeZone))),
      );
      if (standup.reminderAfterMinutes === null) {
        for (const userId of standup.participants) {
          await scheduler.remove(standup.teamId, STANDUP_JOBS.reminder, refOf(standup, userId));
        }
      }
      for (const userId of previousParticipants.filter((u) => !standup.participants.includes(u))) {
        await removePerson(standup, userId);
      }
      await schedules.scheduleClose(standup, m);
    },

    async unschedule(standup) {
      for (const userId of standup.participants) await removePerson(standup, userId);
      await scheduler.remove(standup.teamId, STANDUP_JOBS.close, String(standup.id));
    },
  };
  return schedules;
}
