/**
 * The three scheduled jobs: a person's prompt (also after a zone change), their reminder, and the
 * day's close (final report, owner notices, stale blockers). Each re-publishes the day first, so a
 * crash between saving an answer and enqueueing it is repaired by the next job.
 */
import {
  isWorkDay,
  type LocalDate,
  localDateOf,
  shouldPrompt,
  type WorkCalendar,
} from "../../domain/schedule/index.js";
import {
  addDays,
  isStale,
  promptInstant,
  standupDayOfOccurrence,
  zoneFor,
} from "../../domain/standup/index.js";
import type { JobContext } from "../scheduling.ports.js";
import type { StandupMember } from "../standup.ports.js";
import { calendarOf, key, parseRef, problemOf, type StandupContext } from "./context.js";
import type { StandupService } from "./contract.js";
import type { MemberCache } from "./member-cache.js";
import type { OwnerNotices } from "./owner-notices.js";
import type { ReportPublisher } from "./report-publisher.js";
import type { StandupSchedules } from "./schedules.js";

export type StandupJobBodies = Pick<StandupService, "runPrompt" | "runReminder" | "runClose">;

export function createStandupJobBodies(
  context: StandupContext,
  parts: {
    memberCache: MemberCache;
    schedules: StandupSchedules;
    publisher: ReportPublisher;
    notices: OwnerNotices;
  },
): StandupJobBodies {
  const { repo, calendars, users, scheduler, outbox, messages, logger } = context;
  const { memberCache, schedules, publisher, notices } = parts;

  /** Standup days strictly after `from` up to and including `to`. */
  function standupDaysBetween(calendar: WorkCalendar, from: LocalDate, to: LocalDate): number {
    let n = 0;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkDay(calendar, d)) n++;
    return n;
  }

  /** Common checks of the per-person jobs; null when there is nothing to do. */
  async function personJob(ctx: JobContext) {
    const ref = parseRef(ctx.refId);
    if (!ref) return null;
    const standup = await repo.find(ctx.teamId, ref.standupId);
    if (!standup?.participants.includes(ref.userId)) {
      await scheduler.remove(ctx.teamId, ctx.jobKind, ctx.refId);
      return null;
    }
    return { standup, userId: ref.userId, day: ctx.localDue.slice(0, 10) };
  }

  return {
    async runPrompt(ctx) {
      const job = await personJob(ctx);
      if (!job) return;
      const { standup, userId } = job;
      const stored = (await memberCache.of(standup)).get(userId);
      // getMany: waits for a due directory sweep, so a zone changed while we missed events counts.
      const person = (await users.getMany(standup.teamId, [userId])).get(userId) ?? null;
      const problem = problemOf(person);
      const member: StandupMember = {
        userId,
        name: person?.name ?? stored?.name ?? userId,
        timeZone: person?.timeZone ?? stored?.timeZone ?? null,
        problem,
      };
      // Written only when something changed: the prompt fan-out of a big team stays cheap.
      const same =
        stored?.name === member.name &&
        stored.timeZone === member.timeZone &&
        stored.problem === member.problem;
      if (!same) await memberCache.save(standup, member, ctx.now);
      const members = await memberCache.of(standup); // includes the row just saved
      if (problem) {
        await notices.notifyOwner(standup, `member:${userId}:${problem}`, {
          kind: "member",
          standup,
          userId,
          name: member.name,
          problem,
        });
        return;
      }
      const zone = zoneFor(standup, member.timeZone);
      let day = job.day;
      if (zone !== ctx.timeZone) {
        // Their Slack zone changed: move their schedules; the new prompt fires at their local time.
        await schedules.schedulePerson(standup, userId, zone);
        await schedules.scheduleClose(standup, members);
        logger.info("standup: participant moved zone", {
          standupId: standup.id,
          userId,
          from: ctx.timeZone,
          zone,
        });
        // Moved west: their new prompt time comes later today and the new schedule fires then.
        // Moved east: it has already passed there, and the new schedule's first prompt is the next
        // day's, so today's prompt goes out now instead of being skipped.
        const today = localDateOf(ctx.now, zone);
        const promptAt = promptInstant(standup, today, zone);
        if (ctx.now < promptAt) {
          // The weekly schedule can't fire again for the same local time today (each local time
          // runs once per schedule), so a one-off prompt does.
          await schedules.scheduleMovedPrompt(standup, userId, zone, promptAt);
          return;
        }
        day = today;
      }
      const calendar = await calendarOf(context, standup);
      const away = await calendars.awayRanges(standup.teamId, userId, day);
      const report = await publisher.publishDay(standup, day, members);
      if (!shouldPrompt(calendar, away, day)) return; // holiday or away: shown as away, no DM
      if (report?.closedAt) return;
      if (await repo.findAnswer(standup.teamId, standup.id, day, userId)) return; // answered the evening before
      await outbox.enqueue({
        teamId: standup.teamId,
        channel: userId,
        ...messages.prompt({ standup, day, reminder: false }),
        idempotencyKey: key(standup, day, `prompt:${userId}`),
        purpose: "standup prompt",
      });
    },

    async runReminder(ctx) {
      const job = await personJob(ctx);
      if (!job) return;
      const { standup, userId, day } = job;
      if (standup.reminderAfterMinutes === null) return;
      const members = await memberCache.of(standup);
      const member = members.get(userId);
      if (member?.problem) return;
      if (zoneFor(standup, member?.timeZone) !== ctx.timeZone) return; // moved zone; rescheduled at prompt
      const calendar = await calendarOf(context, standup);
      const away = await calendars.awayRanges(standup.teamId, userId, day);
      if (!shouldPrompt(calendar, away, day)) return;
      const report = await repo.findReport(standup.teamId, standup.id, day);
      if (!report?.openedAt || report.closedAt) return;
      // Never remind someone whose prompt never went out (e.g. they cannot be DM'd).
      const prompt = await outbox.find(standup.teamId, key(standup, day, `prompt:${userId}`));
      if (!prompt || prompt.state === "failed") return;
      const answered = await repo.findAnswer(standup.teamId, standup.id, day, userId);
      publisher.refreshParentSoon(standup, day); // they now show as late (or answered)
      if (answered) return;
      await outbox.enqueue({
        teamId: standup.teamId,
        channel: userId,
        ...messages.prompt({ standup, day, reminder: true }),
        idempotencyKey: key(standup, day, `reminder:${userId}`),
        purpose: "standup reminder",
      });
    },

    async runClose(ctx) {
      const standupId = Number(ctx.refId);
      const standup = await repo.find(ctx.teamId, standupId);
      if (!standup) {
        await scheduler.remove(ctx.teamId, ctx.jobKind, ctx.refId);
        return;
      }
      const dayShift = Number(ctx.payload.dayShift ?? 0);
      const day = standupDayOfOccurrence(ctx.localDue, Number.isFinite(dayShift) ? dayShift : 0);
      const report = await repo.findReport(standup.teamId, standup.id, day);
      if (!report?.openedAt) return; // nobody was prompted that day (holiday, everyone away)
      const members = await memberCache.of(standup);
      const calendar = await calendarOf(context, standup);
      if (!report.closedAt) {
        // Re-publish answers first (repairs a crash between saving an answer and enqueueing it).
        for (const answer of await repo.answersForDay(standup.teamId, standup.id, day)) {
          await publisher.enqueueAnswerMessage(standup, day, answer);
        }
        const participants = await publisher.participantsFor(standup, members, day, calendar);
        const away = participants.filter((p) => p.away).map((p) => p.userId);
        const expected = participants.filter((p) => !p.away).map((p) => p.userId);
        const closedNow = await repo.close(report.id, ctx.now, expected, away);
        if (closedNow) await publisher.publishFinal(standup, { ...report, closedAt: ctx.now });
      }
      await notices.reportDeliveryProblems(standup, day, members);
      for (const blocker of await repo.openBlockers(standup.teamId, standup.id)) {
        if (blocker.staleNotifiedAt) continue;
        const days = standupDaysBetween(calendar, blocker.day, day);
        if (!isStale(days, standup.staleBlockerDays)) continue;
        await notices.notifyOwner(standup, `stale:${blocker.id}`, {
          kind: "stale_blocker",
          standup,
          blocker,
          name: members.get(blocker.userId)?.name ?? blocker.userId,
          days,
        });
        await repo.markBlockerStaleNotified(standup.teamId, blocker.id, ctx.now);
      }
    },
  };
}
