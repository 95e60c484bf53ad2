/**
 * Async daily standups (issue 4): setup, answers, the one-parent-per-day report, the scheduled
 * prompt / reminder / close jobs, away ranges, blockers and participation. This facade builds the
 * focused modules of this folder in dependency order and exposes them as one `StandupService`:
 *
 *   member-cache → schedules, report-publisher, owner-notices → setup, answers, away, stats, job-bodies,
 *   people-changes
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
import { createStandupAnswers } from "./answers.js";
import { createStandupAway } from "./away.js";
import type { StandupContext } from "./context.js";
import type { StandupService, StandupServiceDeps } from "./contract.js";
import { createStandupJobBodies } from "./job-bodies.js";
import { createMemberCache } from "./member-cache.js";
import { createOwnerNotices } from "./owner-notices.js";
import { createPeopleChanges } from "./people-changes.js";
import { createReportPublisher } from "./report-publisher.js";
import { createStandupSchedules } from "./schedules.js";
import { createStandupSetup } from "./setup.js";
import { createStandupStats } from "./stats.js";

export * from "./contract.js";

export function createStandupService(deps: StandupServiceDeps): StandupService {
  const context: StandupContext = { ...deps, repo: deps.uow.read };
  const memberCache = createMemberCache(context);
  const schedules = createStandupSchedules(context, memberCache);
  const publisher = createReportPublisher(context, memberCache);
  const notices = createOwnerNotices(context, memberCache);
  const setup = createStandupSetup(context, { memberCache, schedules });
  return {
    ...setup,
    ...createStandupAnswers(context, { memberCache, publisher, standupsOf: setup.standupsOf }),
    ...createStandupAway(context, { memberCache, publisher, standupsOf: setup.standupsOf }),
    ...createStandupStats(context, { memberCache }),
    ...createStandupJobBodies(context, { memberCache, schedules, publisher, notices }),
    ...createPeopleChanges(context, { memberCache, schedules }),
    flush: () => publisher.flush(),
  };
}
