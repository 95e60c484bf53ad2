/** The answer form, saving and publishing answers, resolving blockers, re-posting after a join. */
import { localDateOf } from "../../domain/schedule/index.js";
import {
  type AnswerItem,
  answerDay,
  isBlocker,
  lateFrom,
  promptInstant,
  STANDUP_LIMITS,
  type Standup,
  zoneFor,
} from "../../domain/standup/index.js";
import { ForbiddenError, NotFoundError, said, ValidationError } from "../../lib/errors.js";
import { calendarOf, key, load, mayManage, type StandupContext } from "./context.js";
import type { AnswerForm, StandupService } from "./contract.js";
import type { MemberCache } from "./member-cache.js";
import type { ReportPublisher } from "./report-publisher.js";

export type StandupAnswers = Pick<
  StandupService,
  "answerForm" | "nextAnswerForm" | "submitAnswer" | "resolveBlocker" | "publishAnswer" | "channelJoined"
>;

export function createStandupAnswers(
  c: StandupContext,
  {
    memberCache,
    publisher,
    standupsOf,
  }: { memberCache: MemberCache; publisher: ReportPublisher; standupsOf: StandupService["standupsOf"] },
): StandupAnswers {
  const { uow, repo, outbox, messages, clock, logger } = c;

  function answerItems(standup: Standup, userId: string, texts: (string | null)[]) {
    if (!standup.participants.includes(userId)) {
      throw new ForbiddenError(said`You are not a participant of “${standup.name}”.`);
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

  const answers: StandupAnswers = {
    async answerForm(teamId, userId, standupId) {
      const standup = await load(c, teamId, standupId);
      if (!standup.participants.includes(userId)) {
        throw new ForbiddenError(
          `You are not a participant of “${standup.name}”. Ask <@${standup.ownerId}> to add you.`,
        );
      }
      const members = await memberCache.of(standup);
      const zone = zoneFor(standup, members.get(userId)?.timeZone);
      const calendar = await calendarOf(c, standup);
      const today = localDateOf(clock.now(), zone);
      const todayClosed = await publisher.isClosed(standup, members, today);
      const day = answerDay({
        now: clock.now(),
        zone,
        calendar,
        isClosed: (d) => d === today && todayClosed,
      });
      if (!day) {
        const message = said`“${standup.name}” has no upcoming standup day.`;
        throw new ValidationError({ day: String(message) }, message);
      }
      const existing = await repo.findAnswer(teamId, standupId, day, userId);
      return { standup, day, existing, early: clock.now() < promptInstant(standup, day, zone) };
    },

    async nextAnswerForm(teamId, userId) {
      const mine = await standupsOf(teamId, userId);
      if (mine.length === 0) return { kind: "none" };
      let first: AnswerForm | null = null;
      for (const standup of mine) {
        try {
          const form = await answers.answerForm(teamId, userId, standup.id);
          if (!first || form.day < first.day) first = form; // ISO local dates sort as days
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error; // no standup day coming for this one
        }
      }
      return first ? { kind: "form", form: first } : { kind: "no_day", names: mine.map((s) => s.name) };
    },

    async submitAnswer({ teamId, userId, standupId, day, texts }) {
      const standup = await load(c, teamId, standupId);
      const { items, errors } = answerItems(standup, userId, texts);
      const members = await memberCache.of(standup);
      let target = day;
      if (await publisher.isClosed(standup, members, day)) {
        const existing = await repo.findAnswer(teamId, standupId, day, userId);
        if (existing)
          errors.answer0 = "This standup's report has closed, so the answer can't be changed any more.";
        else {
          // The report closed while the form was open: the answer counts for the next standup day.
          const next = (await answers.answerForm(teamId, userId, standupId)).day;
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
      const standup = await load(c, teamId, blocker.standupId);
      if (blocker.userId !== userId && !(await mayManage(c, standup, userId))) {
        throw new ForbiddenError(
          "Only the person who raised this blocker, or the standup's owner, can resolve it.",
        );
      }
      await uow.run((r) => r.resolveBlocker(teamId, blockerId, userId, clock.now()));
      const resolved = (await repo.findBlocker(teamId, blockerId)) ?? blocker;
      const answer = await repo.findAnswer(teamId, standup.id, blocker.day, blocker.userId);
      const report = await repo.findReport(teamId, standup.id, blocker.day);
      if (report?.openedAt) {
        if (answer) await publisher.enqueueAnswerMessage(standup, blocker.day, answer);
        await publisher.refreshParent(standup, report.day);
      }
      // Today's report lists open blockers of earlier days too: refresh it as well.
      const members = await memberCache.of(standup);
      const today = localDateOf(clock.now(), zoneFor(standup, members.get(userId)?.timeZone));
      if (today !== blocker.day) {
        const current = await repo.findReport(teamId, standup.id, today);
        if (current?.openedAt) await publisher.refreshParent(standup, today);
      }
      return resolved;
    },

    async publishAnswer({ standup, day, answer }) {
      const report = await publisher.publishDay(standup, day);
      if (report?.openedAt) await publisher.enqueueAnswerMessage(standup, day, answer);
    },

    async channelJoined(teamId, channelId) {
      let reposted = 0;
      for (const standup of await repo.listByTeam(teamId)) {
        if (standup.channelId !== channelId) continue;
        for (const report of await repo.openReports(teamId, standup.id)) {
          const parentKey = key(standup, report.day, "parent");
          const parent = await outbox.find(teamId, parentKey);
          if (parent?.state !== "failed") continue;
          // The parent again with today's state; updates enqueued later edit it as usual.
          const model = await publisher.modelFor(standup, report, false);
          if (!(await outbox.retry(teamId, parentKey, messages.parent(model)))) continue;
          reposted++;
          if (standup.reportStyle !== "thread") continue;
          for (const answer of await repo.answersForDay(teamId, standup.id, report.day)) {
            const postKey = key(standup, report.day, `answer:${answer.userId}`);
            if ((await outbox.find(teamId, postKey))?.state !== "failed") continue;
            await outbox.retry(
              teamId,
              postKey,
              (await publisher.renderAnswer(standup, report.day, answer)).rendered,
            );
          }
        }
      }
      if (reposted > 0)
        logger.info("standup reports posted after the bot joined", { teamId, channelId, reposted });
      return reposted;
    },
  };
  return answers;
}
