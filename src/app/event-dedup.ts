/**
 * Slack retries an Events API delivery it thinks failed (no ack within 3 s, an HTTP error) with
 * the same `event_id` and `X-Slack-Retry-Num`; Bolt handles every delivery. This global middleware
 * records each event id in the database before the listeners run and drops a delivery whose id is
 * already recorded, so an event has one effect even when the retry arrives after a restart.
 * Slack retries within minutes (immediately, after 1 min, after 5 min); ids are kept for a day,
 * pruned at most once an hour.
 */
import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import type { SeenEvents } from "../db/slack-event.repository.js";
import type { Clock } from "../lib/clock.js";
import type { Logger } from "../lib/logger.js";

const RETAIN_MS = 24 * 60 * 60_000;
const PRUNE_EVERY_MS = 60 * 60_000;

export function createEventDedup(deps: {
  seen: SeenEvents;
  clock: Clock;
  logger: Logger;
}): Middleware<AnyMiddlewareArgs> {
  const { seen, clock, logger } = deps;
  let prunedAt = Number.NEGATIVE_INFINITY;
  return async ({ body, context, next }) => {
    const b = body as { type?: unknown; event_id?: unknown; team_id?: unknown };
    if (b.type !== "event_callback" || typeof b.event_id !== "string") {
      await next();
      return;
    }
    const now = clock.now();
    const teamId = typeof b.team_id === "string" ? b.team_id : null;
    if (!(await seen.markSeen(b.event_id, teamId, now))) {
      logger.info("skipping a Slack event already handled (a retry)", {
        eventId: b.event_id,
        retryNum: context.retryNum,
        retryReason: context.retryReason,
      });
      return;
    }
    if (now.getTime() - prunedAt >= PRUNE_EVERY_MS) {
      prunedAt = now.getTime();
      await seen.pruneBefore(new Date(now.getTime() - RETAIN_MS));
    }
    await next();
  };
}
