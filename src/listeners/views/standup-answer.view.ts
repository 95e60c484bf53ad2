import { checkAnswerTexts } from "../../domain/standup/index.js";
import { AppError, ValidationError } from "../../lib/errors.js";
import { StandupIds } from "../../slack/ids.js";
import { readAnswerMetadata, readStandupAnswers } from "../../slack/parsers/standup-form.js";
import { standupNote } from "../../views/standup.view.js";
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
 * Answer submitted: validate against the rules the form carries (no database read, so the ack stays
 * fast under a burst of submissions) and show problems on the form; ack; save the answer (one local
 * transaction with the full server-side validation, before any Slack Web API call, so a Slack
 * failure can never lose it); then the thread message and the report update go through the outbox.
 * Forms opened before they carried their rules are checked against the database (one read).
 * A problem only found when saving (the report closed, or the standup changed while the form was
 * open) reaches the person as a DM: the form is gone by then.
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.view(StandupIds.answerView, async ({ ack, view, body, client }) => {
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
    } else {
      try {
        await deps.standups.checkAnswer({ teamId, userId, standupId, texts });
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        await ack({ response_action: "errors", errors: fieldErrors(error.fieldErrors) });
        return;
      }
    }
    await ack();
    // Let requests already waiting be acknowledged before this one's work (SQLite calls are
    // synchronous: without this yield a burst of answers queues acks behind each other's saves).
    await new Promise((resolve) => setImmediate(resolve));
    let saved: Awaited<ReturnType<typeof deps.standups.submitAnswer>>;
    try {
      saved = await deps.standups.submitAnswer({ teamId, userId, standupId, day, texts });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      // After the ack the form is closed: the report closed meanwhile (an edit that came too late),
      // the standup's questions changed, the person was removed from it, or it was deleted.
      const note = `⚠️ Your standup answer wasn't saved: ${error.userMessage}`;
      await client.chat.postMessage({ channel: userId, ...standupNote(note) });
      return;
    }
    await deps.standups.publishAnswer(saved);
  });
}
