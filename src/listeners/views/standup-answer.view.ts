import { ValidationError } from "../../lib/errors.js";
import { StandupIds } from "../../slack/ids.js";
import { readAnswerMetadata, readStandupAnswers } from "../../slack/parsers/standup-form.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

/**
 * Answer submitted: saved (one local transaction) BEFORE the ack, so a Slack failure can never lose
 * it and a validation problem keeps the form open; then ack; then the report is updated via the outbox.
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.view(StandupIds.answerView, async ({ ack, view, body }) => {
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const userId = body.user.id;
    const { standupId, day } = readAnswerMetadata(view.private_metadata);
    let saved: Awaited<ReturnType<typeof deps.standups.submitAnswer>>;
    try {
      saved = await deps.standups.submitAnswer({
        teamId,
        userId,
        standupId,
        day,
        texts: readStandupAnswers(view.state.values, 6),
      });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const errors: Record<string, string> = {};
      for (const [field, message] of Object.entries(error.fieldErrors)) {
        const i = /^answer(\d)$/.exec(field)?.[1] ?? "0";
        errors[`${StandupIds.answerBlockPrefix}${i}`] = message;
      }
      await ack({ response_action: "errors", errors });
      return;
    }
    await ack();
    await deps.standups.publishAnswer(teamId, standupId, saved.day, userId);
  });
}
