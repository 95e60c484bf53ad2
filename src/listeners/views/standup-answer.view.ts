import { ValidationError } from "../../lib/errors.js";
import { StandupIds } from "../../slack/ids.js";
import { readAnswerMetadata, readStandupAnswers } from "../../slack/parsers/standup-form.js";
import { standupNote } from "../../views/standup.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

function fieldErrors(error: ValidationError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [field, message] of Object.entries(error.fieldErrors)) {
    const i = /^answer(\d)$/.exec(field)?.[1] ?? "0";
    errors[`${StandupIds.answerBlockPrefix}${i}`] = message;
  }
  return errors;
}

/**
 * Answer submitted: validate (one read) and show problems on the form; ack; save the answer (one
 * local transaction, before any Slack Web API call, so a Slack failure can never lose it); then
 * the thread message and the report update go through the outbox.
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.view(StandupIds.answerView, async ({ ack, view, body, client }) => {
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const userId = body.user.id;
    const { standupId, day } = readAnswerMetadata(view.private_metadata);
    const texts = readStandupAnswers(view.state.values, 6);
    try {
      await deps.standups.checkAnswer({ teamId, userId, standupId, texts });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      await ack({ response_action: "errors", errors: fieldErrors(error) });
      return;
    }
    await ack();
    let saved: Awaited<ReturnType<typeof deps.standups.submitAnswer>>;
    try {
      saved = await deps.standups.submitAnswer({ teamId, userId, standupId, day, texts });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      // Only possible when the report closed while the form was open (an edit that came too late).
      await client.chat.postMessage({ channel: userId, ...standupNote(`⚠️ ${error.userMessage}`) });
      return;
    }
    await deps.standups.publishAnswer(teamId, standupId, saved.day, userId);
  });
}
