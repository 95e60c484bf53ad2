/**
 * The sprint review, posted at the sprint's end in its channel through the outbox (idempotency key
 * per sprint: a re-run after a crash posts nothing twice).
 */
import type { JobHandler, Outbox } from "../services/scheduling.ports.js";
import type { SprintService } from "../services/sprint.service.js";
import { sprintReviewMessage, sprintReviewSummary } from "../views/sprint.view.js";

export function sprintReviewJob(deps: { sprints: SprintService; outbox: Outbox }): JobHandler {
  return async (ctx) => {
    const review = await deps.sprints.review(ctx.teamId, Number(ctx.refId));
    if (!review.sprint.channelId) return;
    const message = sprintReviewMessage(review);
    await deps.outbox.enqueue({
      teamId: ctx.teamId,
      channel: review.sprint.channelId,
      text: message.text,
      blocks: message.blocks,
      idempotencyKey: `sprint-review:${review.sprint.id}`,
      purpose: "sprint review",
    });
    // Stakeholders read the digest's channels: the same review there, in plain words.
    const summary = sprintReviewSummary(review);
    for (const channel of review.stakeholderChannels.filter((c) => c !== review.sprint.channelId)) {
      await deps.outbox.enqueue({
        teamId: ctx.teamId,
        channel,
        text: summary.text,
        blocks: summary.blocks,
        idempotencyKey: `sprint-review:${review.sprint.id}:${channel}`,
        purpose: "sprint review for stakeholders",
      });
    }
  };
}
