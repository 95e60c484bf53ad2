/**
 * Telling a standup's owner about problems, once each (idempotent outbox keys): the report can't be
 * posted in the channel, a participant can't be DM'd or has left Slack, a blocker has gone stale.
 */
import type { LocalDate } from "../../domain/schedule/index.js";
import type { Standup } from "../../domain/standup/index.js";
import type { OutboxFailureEvent } from "../scheduling.ports.js";
import { key, type StandupContext } from "./context.js";
import type { OwnerNotice } from "./contract.js";
import type { MemberCache, Members } from "./member-cache.js";

export interface OwnerNotices {
  notifyOwner(standup: Standup, noticeKey: string, notice: OwnerNotice): Promise<void>;
  /** At close, a backstop for failures reported while no process could tell the owner. */
  reportDeliveryProblems(standup: Standup, day: LocalDate, members: Members): Promise<void>;
}

/** Also subscribes to the outbox's failures, so the owner hears as soon as a message fails for good. */
export function createOwnerNotices(ctx: StandupContext, memberCache: MemberCache): OwnerNotices {
  const { repo, outbox, messages, clock } = ctx;

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
  async function dmProblem(standup: Standup, userId: string, error: string, members: Members): Promise<void> {
    const member = members.get(userId);
    const name = member?.name ?? userId;
    await memberCache.save(
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
  async function reportDeliveryProblems(standup: Standup, day: LocalDate, members: Members) {
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
    else if (m[3]) await dmProblem(standup, m[3], failure.error, await memberCache.of(standup));
  }

  outbox.onFailed(onDeliveryFailed);

  return { notifyOwner, reportDeliveryProblems };
}
