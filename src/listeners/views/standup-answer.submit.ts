import { checkAnswerTexts } from "../../domain/standup/index.js";
import { AppError, ValidationError } from "../../lib/errors.js";
import { StandupIds } from "../../slack/ids.js";
import { readAnswerMetadata, readStandupAnswers } from "../../slack/parsers/standup-form.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

function fieldErrors(fields: Record<string, string>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [field, message] of Object.entries(fields)) {
    const i = /^answer(\d)$/.exec(field)?.[1] ?? "0";
    errors[`${StandupIds.answerBlockPrefix}${i}`] = message;
  }
  return errors;
}

/**
 * Answer submitted: check it against the rules the form carries (no database read), then save it
 * (one small local transaction with the full server-side validation) BEFORE acknowledging, so an
 * acknowledged answer is never lost, even if the process dies right after, and a problem only the
 * save finds (the report closed while the form was open, the person was removed from the standup)
 * is shown on the form instead of arriving later. After the ack, the thread message and the report
 * update are enqueued for the outbox, one answer per event-loop turn (`afterAck`): under a burst of
 * submissions, Slack's waiting requests are acknowledged first.
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.view(StandupIds.answerView, async ({ ack, view, body }) => {
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const userId = body.user.id;
    const { standupId, day, rules } = readAnswerMetadata(view.private_metadata);
    const texts = readStandupAnswers(view.state.values, 6);
    if (rules) {
      const errors = checkAnswerTexts(rules, texts);
      if (Object.keys(errors).length > 0) {
        await ack({ response_action: "errors", errors: fieldErrors(errors) });
        return;
      }
    }
    let saved: Awaited<ReturnType<typeof deps.standups.submitAnswer>>;
    try {
      saved = await deps.standups.submitAnswer({ teamId, userId, standupId, day, texts });
    } catch (error) {
      if (error instanceof ValidationError) {
        await ack({ response_action: "errors", errors: fieldErrors(error.fieldErrors) });
        return;
      }
      if (!(error instanceof AppError)) throw error;
      // Removed from the standup, or it was deleted, while the form was open.
      await ack({ response_action: "errors", errors: fieldErrors({ answer0: error.userMessage }) });
      return;
    }
    await ack();
    await deps.afterAck.run(() => deps.standups.publishAnswer(saved));
  });
}
