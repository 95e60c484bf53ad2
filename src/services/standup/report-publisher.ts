/**
 * The day's report in the channel: opening it (the parent message, then answers in its thread),
 * re-rendering the parent as answers come in (coalesced and rate-limited), and answer messages.
 * Everything is enqueued in the outbox under stable keys (see `index.ts`), never sent from here.
 */
import { randomUUID } from "node:crypto";
import { isWorkDay, type LocalDate, type WorkCalendar } from "../../domain/schedule/index.js";
import {
  buildReportModel,
  closesAt,
  opensAt,
  type ReportModel,
  type ReportParticipant,
  type Standup,
  type StandupAnswer,
  zoneFor,
} from "../../domain/standup/index.js";
import { createThrottledRefresh } from "../../lib/throttled-refresh.js";
import type { MessageAuthor } from "../scheduling.ports.js";
import type { StandupReport } from "../standup.ports.js";
import { calendarOf, key, type StandupContext } from "./context.js";
import { type MemberCache, type Members, zonesOf } from "./member-cache.js";

export interface ReportPublisher {
  /** Whether the day's report is closed (closed in the database, or its close time has come). */
  isClosed(standup: Standup, members: Members, day: LocalDate): Promise<boolean>;
  /** Participants as the report shows them, with who is away (PTO or a holiday) on `day`. */
  participantsFor(
    standup: Standup,
    members: Members,
    day: LocalDate,
    calendar: WorkCalendar,
  ): Promise<ReportParticipant[]>;
  modelFor(standup: Standup, report: StandupReport, closed: boolean): Promise<ReportModel>;
  renderAnswer(
    standup: Standup,
    day: LocalDate,
    answer: StandupAnswer,
  ): Promise<{ rendered: { text: string; blocks: unknown[] }; author: MessageAuthor }>;
  /** Posts the answer in the parent's thread, or enqueues its edit. */
  enqueueAnswerMessage(standup: Standup, day: LocalDate, answer: StandupAnswer): Promise<void>;
  /** Posts the parent (first time) or enqueues its next update. */
  publishParent(standup: Standup, report: StandupReport, final?: boolean): Promise<void>;
  /**
   * The closed report's last render, under the render lease: when another replica holds it, only
   * a request is recorded, and the holder's next render (which reads the report again) is final.
   */
  publishFinal(standup: Standup, report: StandupReport): Promise<void>;
  /** Re-renders an opened report's parent (see the comment at its definition). */
  refreshParent(standup: Standup, day: LocalDate, urgent?: boolean): Promise<void>;
  /** A non-urgent refresh nobody waits for: failures are logged (the next job re-publishes the day). */
  refreshParentSoon(standup: Standup, day: LocalDate): void;
  /** Opens the day's report once its first prompt has come, or refreshes it. Idempotent. */
  publishDay(standup: Standup, day: LocalDate, members?: Members): Promise<StandupReport | null>;
  /** Runs the refreshes still waiting for their slot. */
  flush(): Promise<void>;
}

/** Slack shows at most 80 characters of a custom author name; never cut an emoji in half. */
function authorName(name: string): string {
  if (name.length <= 80) return name;
  const cut = name.slice(0, 80);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, 79) : cut;
}

/**
 * How long one replica's render lease of a report holds. A render takes milliseconds; the lease
 * only matters when its replica dies mid-render: then the next refresh after it ends renders.
 */
export const REPORT_RENDER_LEASE_MS = 30_000;

export function createReportPublisher(ctx: StandupContext, memberCache: MemberCache): ReportPublisher {
  const { repo, outbox, messages, clock, logger } = ctx;
  const refresher = createThrottledRefresh({ minIntervalMs: ctx.refreshIntervalMs ?? 1000 });
  /** This publisher's name in the render lease (one per app instance, so per replica). */
  const claimant = `report-publisher:${randomUUID()}`;

  async function closesAtOf(standup: Standup, members: Members, day: LocalDate) {
    return closesAt(standup, [...new Set(zonesOf(standup, members))], day);
  }

  async function isClosed(standup: Standup, members: Members, day: LocalDate) {
    const report = await repo.findReport(standup.teamId, standup.id, day);
    if (report?.closedAt) return true;
    return clock.now() >= (await closesAtOf(standup, members, day));
  }

  /** Participants as the report shows them, with who is away (PTO or a holiday) on `day`. */
  async function participantsFor(
    standup: Standup,
    members: Members,
    day: LocalDate,
    calendar: WorkCalendar,
  ): Promise<ReportParticipant[]> {
    const away = await repo.awayOn(standup.teamId, standup.participants, day);
    const holiday = !isWorkDay(calendar, day);
    // People who can't take part (deactivated in Slack, or unknown to it) are never prompted, so
    // they are not expected either: the owner was told once; the report doesn't list them as missing.
    const absentForGood = new Set(["deactivated", "unknown_user"]);
    const expected = standup.participants.filter((id) => !absentForGood.has(members.get(id)?.problem ?? ""));
    return expected.map((userId) => {
      const m = members.get(userId);
      return {
        userId,
        name: m?.name ?? userId,
        zone: zoneFor(standup, m?.timeZone),
        away: holiday || away.has(userId),
      };
    });
  }

  async function modelFor(standup: Standup, report: StandupReport, closed: boolean): Promise<ReportModel> {
    const members = await memberCache.of(standup);
    const calendar = await calendarOf(ctx, standup);
    return buildReportModel({
      standup,
      day: report.day,
      participants: await participantsFor(standup, members, report.day, calendar),
      answers: await repo.answersForDay(standup.teamId, standup.id, report.day),
      blockers: await repo.blockersForReport(standup.teamId, standup.id, report.day),
      now: clock.now(),
      closed,
      closesAt: report.closesAt,
    });
  }

  async function renderAnswer(standup: Standup, day: LocalDate, answer: StandupAnswer) {
    const members = await memberCache.of(standup);
    const blockers = await repo.blockersForReport(standup.teamId, standup.id, day);
    const blocker = blockers.find((b) => b.userId === answer.userId && b.day === day) ?? null;
    const name = members.get(answer.userId)?.name ?? answer.userId;
    const rendered = messages.answer({ standup, day, name, answer, blocker });
    return {
      rendered,
      blocker,
      author: { name: authorName(name), iconUrl: await avatarOf(standup, answer.userId) },
    };
  }

  /** The person's avatar from the directory; an answer is never held up by a lookup that fails. */
  async function avatarOf(standup: Standup, userId: string): Promise<string | null> {
    try {
      return (await ctx.users.get(standup.teamId, userId))?.avatarUrl ?? null;
    } catch (error) {
      logger.warn("standup: no avatar for the answer (directory lookup failed)", { userId, error });
      return null;
    }
  }

  async function enqueueAnswerMessage(
    standup: Standup,
    day: LocalDate,
    answer: StandupAnswer,
  ): Promise<void> {
    if (standup.reportStyle !== "thread") return;
    const { rendered, blocker, author } = await renderAnswer(standup, day, answer);
    const postKey = key(standup, day, `answer:${answer.userId}`);
    const posted = await outbox.find(standup.teamId, postKey);
    // The report's opening posted this first answer already (the opener and the answer's own
    // publish often race on different replicas): an edit would only repeat the same text.
    if (posted && answer.revision === 1 && !blocker?.resolvedAt) return;
    if (!posted) {
      await outbox.enqueue({
        teamId: standup.teamId,
        channel: standup.channelId,
        ...rendered,
        idempotencyKey: postKey,
        threadOfKey: key(standup, day, "parent"),
        purpose: "standup answer",
        author,
      });
      return;
    }
    await outbox.enqueue({
      teamId: standup.teamId,
      channel: standup.channelId,
      ...rendered,
      idempotencyKey: `${postKey}:r${answer.revision}${blocker?.resolvedAt ? "-resolved" : ""}`,
      updateOfKey: postKey,
      purpose: "standup answer edit",
      author,
    });
  }

  /** Posts the parent (first time) or enqueues its next update. */
  async function publishParent(standup: Standup, report: StandupReport, final = false): Promise<void> {
    const model = await modelFor(standup, report, final || report.closedAt !== null);
    const rendered = messages.parent(model);
    const parentKey = key(standup, report.day, "parent");
    const exists = await outbox.find(standup.teamId, parentKey);
    if (!exists) {
      await outbox.enqueue({
        teamId: standup.teamId,
        channel: standup.channelId,
        ...rendered,
        idempotencyKey: parentKey,
        purpose: "standup report",
      });
      return;
    }
    const revision = final ? "final" : `r${await repo.bumpRevision(report.id)}`;
    await outbox.enqueue({
      teamId: standup.teamId,
      channel: standup.channelId,
      ...rendered,
      idempotencyKey: `${parentKey}:${revision}`,
      updateOfKey: parentKey,
      purpose: "standup report update",
    });
  }

  /**
   * Re-renders an opened report's parent (one render reads the whole team). Coalesced and
   * rate-limited per report: SQLite calls are synchronous, so without a pause every answer of a
   * burst would pay a full render on the event loop, ahead of the acks still queued. The first
   * refresh after a quiet second runs at once; later ones share one render per second. `urgent`
   * (jobs, buttons) runs without waiting for the slot.
   *
   * Across replicas the renders of a report are serialized by a lease in the database
   * (`claimRender`): whoever holds it renders; the others only record their request and return.
   * The holder lets the lease go only if no request came during its render, else it renders again
   * in its next slot. So the parent is posted once (the first render under the lease finds no
   * parent message; later ones enqueue updates), an older render is never enqueued after a newer
   * one, and the last render starts after the last answer was saved, whichever replica saved it.
   */
  function refreshParent(standup: Standup, day: LocalDate, urgent = true): Promise<void> {
    return refresher.request(
      `${standup.teamId}:${standup.id}:${day}`,
      async () => {
        const opened = await repo.findReport(standup.teamId, standup.id, day);
        if (!opened?.openedAt) return;
        await repo.requestRender(opened.id);
        const seen = await repo.claimRender(opened.id, claimant, clock.now(), REPORT_RENDER_LEASE_MS);
        if (seen === null) return; // another replica is rendering: it will see our request
        // Read again under the lease: a close on another replica meanwhile must show.
        const report = (await repo.findReport(standup.teamId, standup.id, day)) ?? opened;
        await publishParent(standup, report);
        if (!(await repo.releaseRender(report.id, claimant, seen))) refreshParentSoon(standup, day);
      },
      { urgent },
    );
  }

  async function publishFinal(standup: Standup, report: StandupReport): Promise<void> {
    await repo.requestRender(report.id);
    const seen = await repo.claimRender(report.id, claimant, clock.now(), REPORT_RENDER_LEASE_MS);
    if (seen === null) return;
    await publishParent(standup, report, true);
    if (!(await repo.releaseRender(report.id, claimant, seen))) refreshParentSoon(standup, report.day);
  }

  /** A non-urgent refresh nobody waits for: failures are logged (the next job re-publishes the day). */
  function refreshParentSoon(standup: Standup, day: LocalDate): void {
    refreshParent(standup, day, false).catch((error: unknown) =>
      logger.warn("standup: report refresh failed", { standupId: standup.id, day, error }),
    );
  }

  /**
   * Opens the day's report once its first prompt time has come (posting the parent and any answers
   * given the evening before), or refreshes it. Idempotent: safe to call from every job and answer.
   */
  async function publishDay(standup: Standup, day: LocalDate, members?: Members) {
    const m = members ?? (await memberCache.of(standup));
    const now = clock.now();
    const zones = [...new Set(zonesOf(standup, m))];
    let report = await repo.ensureReport(standup.teamId, standup.id, day, closesAt(standup, zones, day), now);
    if (!report.openedAt) {
      if (now < opensAt(standup, zones, day)) return null; // early answers wait for the day to start
      const opened = await repo.markOpened(report.id, now);
      report = { ...report, openedAt: report.openedAt ?? now };
      if (opened) {
        // The parent is posted through the coalesced refresh too, so every render of it is
        // serialized: a concurrent opener (below) can't enqueue an older render under the parent's
        // key first (the outbox keeps the first message per key), and answers saved meanwhile are
        // picked up by the refresh's re-run.
        await refreshParent(standup, day);
        for (const answer of await repo.answersForDay(standup.teamId, standup.id, day)) {
          await enqueueAnswerMessage(standup, day, answer);
        }
        return report;
      }
      // Opened by a concurrent call: refresh so this caller's change is in the parent.
    }
    refreshParentSoon(standup, day);
    return report;
  }

  return {
    isClosed,
    participantsFor,
    modelFor,
    renderAnswer,
    enqueueAnswerMessage,
    publishParent,
    publishFinal,
    refreshParent,
    refreshParentSoon,
    publishDay,
    flush: () => refresher.flush(),
  };
}
