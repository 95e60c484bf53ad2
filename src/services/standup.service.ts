/**
 * Async daily standups (issue 4): setup, answers, the one-parent-per-day report, the scheduled
 * prompt / reminder / close jobs, away ranges, blockers and participation.
 *
 * Delivery model. Every Slack message goes through the outbox under a stable idempotency key:
 * - `standup:{id}:{day}:parent`            the report's parent message in the channel
 * - `standup:{id}:{day}:parent:r{n}`       the n-th update of it (`updateOfKey`; the outbox coalesces)
 * - `standup:{id}:{day}:answer:{user}`     the answer in the parent's thread (`threadOfKey`)
 * - `standup:{id}:{day}:answer:{user}:r{n}` edits of it
 * - `standup:{id}:{day}:prompt|reminder:{user}` the DMs, so a person gets at most one of each per day
 * - `standup:{id}:notice:…`                one message to the owner per problem
 * Answers are committed BEFORE anything is enqueued; a crash in between is repaired when the next
 * job (prompt, reminder or close) re-publishes the day (`publishDay` is idempotent).
 */

import {
  createAwayRange,
  isWorkDay,
  type LocalDate,
  localDateOf,
  shouldPrompt,
  type WorkCalendar,
} from "../domain/schedule/index.js";
import {
  type AnswerItem,
  addDays,
  answerDay,
  type Blocker,
  buildReportModel,
  canManage,
  closesAt,
  type DayParticipation,
  defaultSettings,
  isBlocker,
  isStale,
  lateFrom,
  latestZone,
  offsetRecurrence,
  opensAt,
  type PersonStats,
  personStats,
  promptInstant,
  type ReportModel,
  type ReportParticipant,
  STANDUP_LIMITS,
  type Standup,
  type StandupAnswer,
  type StandupSettings,
  standupCalendar,
  standupDayOfOccurrence,
  teamStats,
  zoneFor,
} from "../domain/standup/index.js";
import type { Clock } from "../lib/clock.js";
import { ForbiddenError, NotFoundError, ValidationError } from "../lib/errors.js";
import type { Logger } from "../lib/logger.js";
import { createThrottledRefresh } from "../lib/throttled-refresh.js";
import type { JobContext, Outbox, OutboxFailureEvent, Scheduler } from "./scheduling.ports.js";
import type { CalendarStore } from "./scheduling-store.ports.js";
import type { StandupMember, StandupReport, StandupUnitOfWork } from "./standup.ports.js";
import type { UserDirectory } from "./user-directory.ports.js";

export const STANDUP_JOBS = {
  prompt: "standup.prompt",
  reminder: "standup.reminder",
  close: "standup.close",
  /** A one-off prompt at the new local time of someone who moved west (see `runPrompt`). */
  movedPrompt: "standup.prompt.moved",
} as const;

/** A rendered Slack message (the views build these; the service never sees Block Kit types). */
export interface RenderedMessage {
  text: string;
  blocks: unknown[];
}

export type OwnerNotice =
  | { kind: "channel"; standup: Standup; error: string }
  | { kind: "member"; standup: Standup; userId: string; name: string; problem: string }
  | { kind: "stale_blocker"; standup: Standup; blocker: Blocker; name: string; days: number };

/** The message builders the service needs (implemented by `src/views/standup*.view.ts`). */
export interface StandupMessages {
  parent(model: ReportModel): RenderedMessage;
  answer(input: {
    standup: Standup;
    day: LocalDate;
    name: string;
    answer: StandupAnswer;
    blocker: Blocker | null;
  }): RenderedMessage;
  prompt(input: { standup: Standup; day: LocalDate; reminder: boolean }): RenderedMessage;
  notice(notice: OwnerNotice): RenderedMessage;
}

/** What `/standup` (or the DM button) opens: the answer form for one standup day. */
export interface AnswerForm {
  standup: Standup;
  day: LocalDate;
  existing: StandupAnswer | null;
  /** The person's prompt on that day has not come yet (an answer from the evening before). */
  early: boolean;
}

export interface StandupStats {
  standup: Standup;
  mine: PersonStats | null;
  /** Only for the owner (and workspace admins): everyone's figures. */
  team: (PersonStats & { name: string })[] | null;
  days: number;
}

export interface StandupService {
  /** Defaults for the setup modal: the team's work week, the owner's zone. */
  defaults(teamId: string, userId: string, channelId: string | null): Promise<StandupSettings>;
  create(teamId: string, userId: string, settings: StandupSettings): Promise<Standup>;
  /** @throws ForbiddenError unless owner or workspace admin. */
  update(teamId: string, userId: string, id: number, settings: StandupSettings): Promise<Standup>;
  /** @throws ForbiddenError unless owner or workspace admin. */
  remove(teamId: string, userId: string, id: number): Promise<Standup>;
  /** The standup, if the user may change it. @throws NotFoundError / ForbiddenError */
  forEditing(teamId: string, userId: string, id: number): Promise<Standup>;
  list(teamId: string): Promise<{ standup: Standup; owner: boolean }[]>;
  standupsOf(teamId: string, userId: string): Promise<Standup[]>;

  /** The form for the standup day an answer given now counts for. @throws NotFoundError */
  answerForm(teamId: string, userId: string, standupId: number): Promise<AnswerForm>;
  /**
   * Validates and saves an answer (first or edit) and its blocker in one transaction, before any
   * Slack call. Then call {@link StandupService.publishAnswer}.
   * @throws ValidationError (`answer{i}` keys) for a missing required answer or a closed report.
   */
  submitAnswer(input: {
    teamId: string;
    userId: string;
    standupId: number;
    day: LocalDate;
    texts: (string | null)[];
  }): Promise<{ answer: StandupAnswer; standup: Standup; day: LocalDate; edited: boolean }>;

  /** Marks a blocker resolved (its author, the owner or an admin) and refreshes the report. */
  resolveBlocker(teamId: string, userId: string, blockerId: number): Promise<Blocker>;

  setAway(teamId: string, userId: string, from: string, to: string): Promise<{ from: string; to: string }>;
  /** Ends the current absence (future ones stay). @returns how many were ended. */
  back(teamId: string, userId: string): Promise<{ ended: number; upcoming: { from: string; to: string }[] }>;

  stats(teamId: string, userId: string): Promise<StandupStats[]>;

  /**
   * Publishes a saved answer: opens the day's report if its first prompt has come, posts or
   * updates the answer in the thread and refreshes the parent. Enqueues only (no Slack call here).
   */
  publishAnswer(saved: { standup: Standup; day: LocalDate; answer: StandupAnswer }): Promise<void>;
  runPrompt(ctx: JobContext): Promise<void>;
  runReminder(ctx: JobContext): Promise<void>;
  runClose(ctx: JobContext): Promise<void>;
  /**
   * The bot was added to a channel: open reports of standups posting there whose parent could not
   * be posted (not in the channel) are posted now, with their answers in the thread.
   */
  channelJoined(teamId: string, channelId: string): Promise<number>;
  /** Runs the report refreshes still waiting for their slot (tests, shutdown). */
  flush(): Promise<void>;
}

export interface StandupServiceDeps {
  uow: StandupUnitOfWork;
  calendars: CalendarStore;
  users: UserDirectory;
  scheduler: Scheduler;
  outbox: Outbox;
  messages: StandupMessages;
  clock: Clock;
  logger: Logger;
  /** Minimum time between two renders of one report's parent (default 1 s). */
  refreshIntervalMs?: number;
}

const STATS_WINDOW_DAYS = 60;
const key = (s: { id: number }, day: string, rest: string) => `standup:${s.id}:${day}:${rest}`;

export function createStandupService(deps: StandupServiceDeps): StandupService {
  const { uow, calendars, users, scheduler, outbox, messages, clock, logger } = deps;
  const repo = uow.read;
  const refresher = createThrottledRefresh({ minIntervalMs: deps.refreshIntervalMs ?? 1000 });

  async function calendarOf(standup: Standup): Promise<WorkCalendar> {
    const team = await calendars.workCalendar(standup.teamId);
    return standupCalendar(standup, team.holidays);
  }

  async function load(teamId: string, id: number): Promise<Standup> {
    const standup = await repo.find(teamId, id);
    if (!standup) throw new NotFoundError("that standup (it may have been deleted)");
    return standup;
  }

  async function mayManage(standup: Standup, userId: string): Promise<boolean> {
    if (standup.ownerId === userId) return true;
    return canManage(standup, userId, await users.isWorkspaceAdmin(standup.teamId, userId));
  }

  async function assertManage(standup: Standup, userId: string): Promise<void> {
    if (!(await mayManage(standup, userId))) {
      throw new ForbiddenError(
        `Only the standup's owner (<@${standup.ownerId}>) or a workspace admin can change “${standup.name}”.`,
      );
    }
  }

  /**
   * Members by standup, cached: every answer needs zones and names, and reading (and mapping)
   * 1,000 rows per answer dominated a burst. Member rows are only written through this service
   * (`saveMember` writes through, `refreshMembers` drops the entry); a changed standup
   * (participants) has a new updatedAt. One bot process per database is assumed (as for the outbox).
   */
  const memberCache = new Map<number, { updatedAt: number; members: Map<string, StandupMember> }>();

  /** Members by user id, with a row for every participant (name = id until Slack was asked). */
  async function memberMap(standup: Standup): Promise<ReadonlyMap<string, StandupMember>> {
    const cached = memberCache.get(standup.id);
    if (cached && cached.updatedAt === standup.updatedAt.getTime()) return cached.members;
    const rows = await repo.members(standup.teamId, standup.id);
    const members = new Map(rows.map((m) => [m.userId, m]));
    for (const userId of standup.participants) {
      if (!members.has(userId)) members.set(userId, { userId, name: userId, timeZone: null, problem: null });
    }
    memberCache.set(standup.id, { updatedAt: standup.updatedAt.getTime(), members });
    return members;
  }

  async function saveMember(standup: Standup, member: StandupMember, at: Date): Promise<void> {
    await repo.upsertMember(standup.teamId, standup.id, member, at);
    const cached = memberCache.get(standup.id);
    if (cached && cached.updatedAt === standup.updatedAt.getTime()) cached.members.set(member.userId, member);
    else memberCache.delete(standup.id);
  }

  function zonesOf(standup: Standup, members: ReadonlyMap<string, StandupMember>): string[] {
    const zones = standup.participants.map((u) => zoneFor(standup, members.get(u)?.timeZone));
    return zones.length ? zones : [zoneFor(standup, null)];
  }

  /** Looks people up in Slack and stores their name, zone and any problem reaching them. */
  async function refreshMembers(standup: Standup): Promise<void> {
    const at = clock.now();
    for (const userId of standup.participants) {
      let member: StandupMember;
      try {
        const person = await users.get(standup.teamId, userId);
        member = {
          userId,
          name: person?.name ?? userId,
          timeZone: person?.timeZone ?? null,
          problem: !person
            ? "unknown_user"
            : person.deleted
              ? "deactivated"
              : person.isBot
                ? "cannot_dm"
                : null,
        };
      } catch (error) {
        logger.warn("standup: could not look a participant up", { userId, error });
        member = { userId, name: userId, timeZone: null, problem: null };
      }
      await saveMember(standup, member, at);
    }
    await repo.pruneMembers(standup.teamId, standup.id, standup.participants);
    memberCache.delete(standup.id);
  }

  const refOf = (standup: Standup, userId: string) => `${standup.id}:${userId}`;

  async function schedulePerson(standup: Standup, userId: string, zone: string): Promise<void> {
    const label = `Standup “${standup.name}” · ${userId}`;
    await scheduler.upsert({
      teamId: standup.teamId,
      jobKind: STANDUP_JOBS.prompt,
      refId: refOf(standup, userId),
      recurrence: { kind: "weekly", days: standup.days, time: standup.promptTime },
      timeZone: zone,
      label: `${label} · prompt`,
    });
    if (standup.reminderAfterMinutes === null) {
      await scheduler.remove(standup.teamId, STANDUP_JOBS.reminder, refOf(standup, userId));
    } else {
      const { recurrence } = offsetRecurrence(standup, standup.reminderAfterMinutes);
      await scheduler.upsert({
        teamId: standup.teamId,
        jobKind: STANDUP_JOBS.reminder,
        refId: refOf(standup, userId),
        recurrence,
        timeZone: zone,
        label: `${label} · reminder`,
      });
    }
  }

  /** A one-shot prompt at `at`, in the person's new zone (the job reads their local day there). */
  async function scheduleMovedPrompt(standup: Standup, userId: string, zone: string, at: Date) {
    await scheduler.scheduleOnce({
      teamId: standup.teamId,
      jobKind: STANDUP_JOBS.movedPrompt,
      refId: refOf(standup, userId),
      at,
      timeZone: zone,
      label: `Standup “${standup.name}” · ${userId} · prompt after a zone change`,
    });
  }

  /** The close job runs in the zone whose prompt comes last, `closeAfterMinutes` after it. */
  async function scheduleClose(standup: Standup, members: ReadonlyMap<string, StandupMember>): Promise<void> {
    const zones = zonesOf(standup, members);
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
  }

  async function syncSchedules(standup: Standup, previousParticipants: readonly string[]): Promise<void> {
    const members = await memberMap(standup);
    for (const userId of standup.participants) {
      await schedulePerson(standup, userId, zoneFor(standup, members.get(userId)?.timeZone));
    }
    for (const userId of previousParticipants.filter((u) => !standup.participants.includes(u))) {
      await scheduler.remove(standup.teamId, STANDUP_JOBS.prompt, refOf(standup, userId));
      await scheduler.remove(standup.teamId, STANDUP_JOBS.reminder, refOf(standup, userId));
      await scheduler.remove(standup.teamId, STANDUP_JOBS.movedPrompt, refOf(standup, userId));
    }
    await scheduleClose(standup, members);
  }

  async function unschedule(standup: Standup): Promise<void> {
    for (const userId of standup.participants) {
      await scheduler.remove(standup.teamId, STANDUP_JOBS.prompt, refOf(standup, userId));
      await scheduler.remove(standup.teamId, STANDUP_JOBS.reminder, refOf(standup, userId));
      await scheduler.remove(standup.teamId, STANDUP_JOBS.movedPrompt, refOf(standup, userId));
    }
    await scheduler.remove(standup.teamId, STANDUP_JOBS.close, String(standup.id));
  }

  async function closesAtOf(standup: Standup, members: ReadonlyMap<string, StandupMember>, day: LocalDate) {
    return closesAt(standup, [...new Set(zonesOf(standup, members))], day);
  }

  async function isClosed(standup: Standup, members: ReadonlyMap<string, StandupMember>, day: LocalDate) {
    const report = await repo.findReport(standup.teamId, standup.id, day);
    if (report?.closedAt) return true;
    return clock.now() >= (await closesAtOf(standup, members, day));
  }

  /** Participants as the report shows them, with who is away (PTO or a holiday) on `day`. */
  async function participantsFor(
    standup: Standup,
    members: ReadonlyMap<string, StandupMember>,
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
    const members = await memberMap(standup);
    const calendar = await calendarOf(standup);
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
    const members = await memberMap(standup);
    const blockers = await repo.blockersForReport(standup.teamId, standup.id, day);
    const blocker = blockers.find((b) => b.userId === answer.userId && b.day === day) ?? null;
    const rendered = messages.answer({
      standup,
      day,
      name: members.get(answer.userId)?.name ?? answer.userId,
      answer,
      blocker,
    });
    return { rendered, blocker };
  }

  async function enqueueAnswerMessage(
    standup: Standup,
    day: LocalDate,
    answer: StandupAnswer,
  ): Promise<void> {
    if (standup.reportStyle !== "thread") return;
    const { rendered, blocker } = await renderAnswer(standup, day, answer);
    const postKey = key(standup, day, `answer:${answer.userId}`);
    const posted = await outbox.find(standup.teamId, postKey);
    if (!posted) {
      await outbox.enqueue({
        teamId: standup.teamId,
        channel: standup.channelId,
        ...rendered,
        idempotencyKey: postKey,
        threadOfKey: key(standup, day, "parent"),
        purpose: "standup answer",
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
   * (jobs, buttons) runs without waiting for the slot. Renders of a report are serialized, so an
   * older render can never be enqueued after a newer one.
   */
  function refreshParent(standup: Standup, day: LocalDate, urgent = true): Promise<void> {
    return refresher.request(
      `${standup.teamId}:${standup.id}:${day}`,
      async () => {
        const report = await repo.findReport(standup.teamId, standup.id, day);
        if (report?.openedAt) await publishParent(standup, report);
      },
      { urgent },
    );
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
  async function publishDay(standup: Standup, day: LocalDate, members?: ReadonlyMap<string, StandupMember>) {
    const m = members ?? (await memberMap(standup));
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

  async function notifyOwner(standup: Standup, noticeKey: string, notice: OwnerNotice): Promise<void> {
    await outbox.enqueue({
      teamId: standup.teamId,
      channel: standup.ownerId,
      ...messages.notice(notice),
      idempotencyKey: `standup:${standup.id}:notice:${noticeKey}`,
      purpose: "standup problem for the owner",
    });
  }

  /** Tells the owner, once per channel and error, that the report can't be posted. */
  async function channelProblem(standup: Standup, error: string): Promise<void> {
    await notifyOwner(standup, `channel:${standup.channelId}:${error}`, { kind: "channel", standup, error });
  }

  /** Records that a participant can't be DM'd and tells the owner once. */
  async function dmProblem(
    standup: Standup,
    userId: string,
    error: string,
    members: ReadonlyMap<string, StandupMember>,
  ): Promise<void> {
    const member = members.get(userId);
    const name = member?.name ?? userId;
    await saveMember(
      standup,
      { userId, name, timeZone: member?.timeZone ?? null, problem: "cannot_dm" },
      clock.now(),
    );
    await notifyOwner(standup, `member:${userId}:cannot_dm`, {
      kind: "member",
      standup,
      userId,
      name,
      problem: error,
    });
  }

  /**
   * At close, a backstop for {@link onDeliveryFailed} (e.g. a failure recorded by a process that
   * died before telling the owner): the notices are idempotent, so nobody hears twice.
   */
  async function reportDeliveryProblems(
    standup: Standup,
    day: LocalDate,
    members: ReadonlyMap<string, StandupMember>,
  ) {
    const parent = await outbox.find(standup.teamId, key(standup, day, "parent"));
    if (parent?.state === "failed") await channelProblem(standup, parent.lastError ?? "unknown_error");
    for (const userId of standup.participants) {
      const prompt = await outbox.find(standup.teamId, key(standup, day, `prompt:${userId}`));
      if (prompt?.state === "failed")
        await dmProblem(standup, userId, prompt.lastError ?? "cannot_dm", members);
    }
  }

  /**
   * The outbox gave up on a message: if it was a report's parent or a person's prompt, the owner
   * hears about it now (not at the day's close).
   */
  async function onDeliveryFailed(failure: OutboxFailureEvent): Promise<void> {
    const m = /^standup:(\d+):\d{4}-\d{2}-\d{2}:(?:(parent)|prompt:([A-Z0-9]+))$/.exec(
      failure.idempotencyKey,
    );
    if (!m) return;
    const standup = await repo.find(failure.teamId, Number(m[1]));
    if (!standup) return;
    if (m[2]) await channelProblem(standup, failure.error);
    else if (m[3]) await dmProblem(standup, m[3], failure.error, await memberMap(standup));
  }
  outbox.onFailed(onDeliveryFailed);

  /** Standup days strictly after `from` up to and including `to`. */
  function standupDaysBetween(calendar: WorkCalendar, from: LocalDate, to: LocalDate): number {
    let n = 0;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkDay(calendar, d)) n++;
    return n;
  }

  function parseRef(refId: string): { standupId: number; userId: string } | null {
    const m = /^(\d+):([A-Z0-9]+)$/.exec(refId);
    return m ? { standupId: Number(m[1]), userId: m[2] ?? "" } : null;
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

  const service: StandupService = {
    flush: () => refresher.flush(),

    async channelJoined(teamId, channelId) {
      let reposted = 0;
      for (const standup of await repo.listByTeam(teamId)) {
        if (standup.channelId !== channelId) continue;
        for (const report of await repo.openReports(teamId, standup.id)) {
          const parentKey = key(standup, report.day, "parent");
          const parent = await outbox.find(teamId, parentKey);
          if (parent?.state !== "failed") continue;
          // The parent again with today's state; updates enqueued later edit it as usual.
          const model = await modelFor(standup, report, false);
          if (!(await outbox.retry(teamId, parentKey, messages.parent(model)))) continue;
          reposted++;
          if (standup.reportStyle !== "thread") continue;
          for (const answer of await repo.answersForDay(teamId, standup.id, report.day)) {
            const postKey = key(standup, report.day, `answer:${answer.userId}`);
            if ((await outbox.find(teamId, postKey))?.state !== "failed") continue;
            await outbox.retry(teamId, postKey, (await renderAnswer(standup, report.day, answer)).rendered);
          }
        }
      }
      if (reposted > 0)
        logger.info("standup reports posted after the bot joined", { teamId, channelId, reposted });
      return reposted;
    },

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
      const standup = await uow.run((r) => r.insert({ teamId, ownerId: userId, settings, at: clock.now() }));
      await refreshMembers(standup);
      await syncSchedules(standup, []);
      logger.info("standup created", {
        teamId,
        standupId: standup.id,
        participants: standup.participants.length,
      });
      return standup;
    },

    async update(teamId, userId, id, settings) {
      const before = await load(teamId, id);
      await assertManage(before, userId);
      const standup = await uow.run((r) => r.update(teamId, id, settings, clock.now()));
      await refreshMembers(standup);
      await syncSchedules(standup, before.participants);
      return standup;
    },

    async remove(teamId, userId, id) {
      const standup = await load(teamId, id);
      await assertManage(standup, userId);
      await uow.run((r) => r.softDelete(teamId, id, clock.now()));
      await unschedule(standup);
      return standup;
    },

    async forEditing(teamId, userId, id) {
      const standup = await load(teamId, id);
      await assertManage(standup, userId);
      return standup;
    },

    async list(teamId) {
      const all = await repo.listByTeam(teamId);
      return all.map((standup) => ({ standup, owner: false }));
    },

    async standupsOf(teamId, userId) {
      return (await repo.listByTeam(teamId)).filter((s) => s.participants.includes(userId));
    },

    async answerForm(teamId, userId, standupId) {
      const standup = await load(teamId, standupId);
      if (!standup.participants.includes(userId)) {
        throw new ForbiddenError(
          `You are not a participant of “${standup.name}”. Ask <@${standup.ownerId}> to add you.`,
        );
      }
      const members = await memberMap(standup);
      const zone = zoneFor(standup, members.get(userId)?.timeZone);
      const calendar = await calendarOf(standup);
      const today = localDateOf(clock.now(), zone);
      const todayClosed = await isClosed(standup, members, today);
      const day = answerDay({
        now: clock.now(),
        zone,
        calendar,
        isClosed: (d) => d === today && todayClosed,
      });
      if (!day) throw new ValidationError({ day: `“${standup.name}” has no upcoming standup day.` });
      const existing = await repo.findAnswer(teamId, standupId, day, userId);
      return { standup, day, existing, early: clock.now() < promptInstant(standup, day, zone) };
    },

    async submitAnswer({ teamId, userId, standupId, day, texts }) {
      const standup = await load(teamId, standupId);
      const { items, errors } = answerItems(standup, userId, texts);
      const members = await memberMap(standup);
      let target = day;
      if (await isClosed(standup, members, day)) {
        const existing = await repo.findAnswer(teamId, standupId, day, userId);
        if (existing)
          errors.answer0 = "This standup's report has closed, so the answer can't be changed any more.";
        else {
          // The report closed while the form was open: the answer counts for the next standup day.
          const next = (await service.answerForm(teamId, userId, standupId)).day;
          target = next;
        }
      }
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      const zone = zoneFor(standup, members.get(userId)?.timeZone);
      const now = clock.now();
      const blockerText = items.find((i) => i.blocker)?.answer ?? null;
      // Saved (answer + blocker, one transaction) before any Slack call.
      const answer = await uow.run(async (r) => {
        const saved = await r.saveAnswer({
          teamId,
          standupId,
          day: target,
          userId,
          items,
          late: now >= lateFrom(standup, target, zone),
          at: now,
        });
        if (standup.blockerQuestion !== null) {
          await r.setBlocker({ teamId, standupId, userId, day: target, text: blockerText, at: now });
        }
        return saved;
      });
      // Publishing (enqueueing the thread message and the parent update) is the caller's next
      // step, after acknowledging Slack: see `publishAnswer`.
      return { answer, standup, day: target, edited: answer.revision > 1 };
    },

    async resolveBlocker(teamId, userId, blockerId) {
      const blocker = await repo.findBlocker(teamId, blockerId);
      if (!blocker) throw new NotFoundError("that blocker");
      const standup = await load(teamId, blocker.standupId);
      if (blocker.userId !== userId && !(await mayManage(standup, userId))) {
        throw new ForbiddenError(
          "Only the person who raised this blocker, or the standup's owner, can resolve it.",
        );
      }
      await uow.run((r) => r.resolveBlocker(teamId, blockerId, userId, clock.now()));
      const resolved = (await repo.findBlocker(teamId, blockerId)) ?? blocker;
      const answer = await repo.findAnswer(teamId, standup.id, blocker.day, blocker.userId);
      const report = await repo.findReport(teamId, standup.id, blocker.day);
      if (report?.openedAt) {
        if (answer) await enqueueAnswerMessage(standup, blocker.day, answer);
        await refreshParent(standup, report.day);
      }
      // Today's report lists open blockers of earlier days too: refresh it as well.
      const members = await memberMap(standup);
      const today = localDateOf(clock.now(), zoneFor(standup, members.get(userId)?.timeZone));
      if (today !== blocker.day) {
        const current = await repo.findReport(teamId, standup.id, today);
        if (current?.openedAt) await refreshParent(standup, today);
      }
      return resolved;
    },

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
      const promptPassed = (await service.standupsOf(teamId, userId)).some(
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

    async stats(teamId, userId) {
      const result: StandupStats[] = [];
      for (const standup of await repo.listByTeam(teamId)) {
        const manager = await mayManage(standup, userId);
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
        const members = await memberMap(standup);
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

    async publishAnswer({ standup, day, answer }) {
      const report = await publishDay(standup, day);
      if (report?.openedAt) await enqueueAnswerMessage(standup, day, answer);
    },

    async runPrompt(ctx) {
      const job = await personJob(ctx);
      if (!job) return;
      const { standup, userId } = job;
      const stored = (await memberMap(standup)).get(userId);
      const person = await users.get(standup.teamId, userId);
      const problem = !person
        ? "unknown_user"
        : person.deleted
          ? "deactivated"
          : person.isBot
            ? "cannot_dm"
            : null;
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
      if (!same) await saveMember(standup, member, ctx.now);
      const members = await memberMap(standup); // includes the row just saved
      if (problem) {
        await notifyOwner(standup, `member:${userId}:${problem}`, {
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
        await schedulePerson(standup, userId, zone);
        await scheduleClose(standup, members);
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
          await scheduleMovedPrompt(standup, userId, zone, promptAt);
          return;
        }
        day = today;
      }
      const calendar = await calendarOf(standup);
      const away = await calendars.awayRanges(standup.teamId, userId, day);
      const report = await publishDay(standup, day, members);
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
      const members = await memberMap(standup);
      const member = members.get(userId);
      if (member?.problem) return;
      if (zoneFor(standup, member?.timeZone) !== ctx.timeZone) return; // moved zone; rescheduled at prompt
      const calendar = await calendarOf(standup);
      const away = await calendars.awayRanges(standup.teamId, userId, day);
      if (!shouldPrompt(calendar, away, day)) return;
      const report = await repo.findReport(standup.teamId, standup.id, day);
      if (!report?.openedAt || report.closedAt) return;
      // Never remind someone whose prompt never went out (e.g. they cannot be DM'd).
      const prompt = await outbox.find(standup.teamId, key(standup, day, `prompt:${userId}`));
      if (!prompt || prompt.state === "failed") return;
      const answered = await repo.findAnswer(standup.teamId, standup.id, day, userId);
      refreshParentSoon(standup, day); // they now show as late (or answered)
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
      const members = await memberMap(standup);
      const calendar = await calendarOf(standup);
      if (!report.closedAt) {
        // Re-publish answers first (repairs a crash between saving an answer and enqueueing it).
        for (const answer of await repo.answersForDay(standup.teamId, standup.id, day)) {
          await enqueueAnswerMessage(standup, day, answer);
        }
        const participants = await participantsFor(standup, members, day, calendar);
        const away = participants.filter((p) => p.away).map((p) => p.userId);
        const expected = participants.filter((p) => !p.away).map((p) => p.userId);
        const closedNow = await repo.close(report.id, ctx.now, expected, away);
        if (closedNow) await publishParent(standup, { ...report, closedAt: ctx.now }, true);
      }
      await reportDeliveryProblems(standup, day, members);
      for (const blocker of await repo.openBlockers(standup.teamId, standup.id)) {
        if (blocker.staleNotifiedAt) continue;
        const days = standupDaysBetween(calendar, blocker.day, day);
        if (!isStale(days, standup.staleBlockerDays)) continue;
        await notifyOwner(standup, `stale:${blocker.id}`, {
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

  function answerItems(standup: Standup, userId: string, texts: (string | null)[]) {
    if (!standup.participants.includes(userId)) {
      throw new ForbiddenError(`You are not a participant of “${standup.name}”.`);
    }
    const errors: Record<string, string> = {};
    const items: AnswerItem[] = standup.questions.map((q, i) => {
      const answer = (texts[i] ?? "").trim();
      if (q.required && !answer) errors[`answer${i}`] = "This question needs an answer.";
      if (answer.length > STANDUP_LIMITS.answer)
        errors[`answer${i}`] = `Keep it under ${STANDUP_LIMITS.answer} characters.`;
      return { question: q.text, answer, blocker: standup.blockerQuestion === i && isBlocker(answer) };
    });
    return { items, errors };
  }

  /** After away/back: refresh today's open reports the person appears in. */
  async function refreshTodayFor(teamId: string, userId: string): Promise<void> {
    for (const standup of await service.standupsOf(teamId, userId)) {
      const members = await memberMap(standup);
      const today = localDateOf(clock.now(), zoneFor(standup, members.get(userId)?.timeZone));
      const report = await repo.findReport(teamId, standup.id, today);
      if (report?.openedAt && !report.closedAt) await refreshParent(standup, today);
    }
  }

  return service;
}
