import { checkAnswerTexts } from "../../domain/standup/index.js";
import { viewContext } from "../../slack/context.js";
import { fieldErrorsOnBlocks, formErrors, onForm } from "../../slack/form-errors.js";
import { StandupIds } from "../../slack/ids.js";
import { readAnswerMetadata, readStandupAnswers } from "../../slack/parsers/standup-form.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

/** `answer2` → the third answer's block; anything else → the first one's. */
const answerBlock = (field: string) =>
  `${StandupIds.answerBlockPrefix}${/^answer(\d)$/.exec(field)?.[1] ?? "0"}`;
const FIRST_ANSWER = answerBlock("answer0");

/**
 * Answer submitted: check it against the rules the form carries (no database read), then save it
 * (one small local transaction with the full server-side validation) BEFORE acknowledging, so an
 * acknowledged answer is never lost, even if the process dies right after, and a problem only the
 * save finds (the report closed while the form was open, the person was removed from the standup)
 * is shown on the form instead of arriving later. After the ack, the thread message and the report
 * update are enqueued for the outbox in this submission's turn on the one post-ack scheduler
 * (`ListenerRegistry`): under a burst of submissions, Slack's waiting requests are acknowledged first.
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.view(StandupIds.answerView, async ({ ack, view, body }) => {
    const { teamId, userId } = viewContext(body);
    const { standupId, day, rules } = readAnswerMetadata(view.private_metadata);
    const texts = readStandupAnswers(view.state.values, 6);
    const problems = rules ? checkAnswerTexts(rules, texts) : {};
    if (Object.keys(problems).length > 0)
      return ack(formErrors(fieldErrorsOnBlocks(problems, answerBlock, FIRST_ANSWER)));
    // Removed from the standup, or it was deleted, while the form was open: said on the first answer.
    const submit = () => deps.standups.submitAnswer({ teamId, userId, standupId, day, texts });
    const saved = await onForm(ack, submit, answerBlock, { fallback: FIRST_ANSWER, appErrors: true });
    if (!saved.ok) return;
    await ack();
    await deps.standups.publishAnswer(saved.value);
  });
}
