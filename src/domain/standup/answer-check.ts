/**
 * The answer form's validation, carried by the form itself: the modal's private_metadata holds the
 * indices of the required questions, the question count and the length limit, so a submission is
 * checked (and Slack acknowledged) without touching the database. The service re-validates against
 * the saved standup when it saves (the standup may have changed while the form was open).
 */
import { STANDUP_LIMITS, type Standup } from "./standup.js";

/** What the answer form needs to check a submission; tiny (≤ 6 questions) so it fits the metadata. */
export interface AnswerFormRules {
  /** How many questions the form shows. */
  count: number;
  /** Indices of the questions that need an answer. */
  required: number[];
  /** Longest answer allowed, in characters. */
  maxLength: number;
}

export function answerFormRules(standup: Pick<Standup, "questions">): AnswerFormRules {
  return {
    count: standup.questions.length,
    required: standup.questions.flatMap((q, i) => (q.required ? [i] : [])),
    maxLength: STANDUP_LIMITS.answer,
  };
}

/**
 * Field errors (`answer{i}` keys, the same messages as the service's own check) for the submitted
 * texts against the form's rules; empty when the submission is fine.
 */
export function checkAnswerTexts(
  rules: AnswerFormRules,
  texts: readonly (string | null)[],
): Record<string, string> {
  const errors: Record<string, string> = {};
  const required = new Set(rules.required);
  for (let i = 0; i < rules.count; i++) {
    const answer = (texts[i] ?? "").trim();
    if (required.has(i) && !answer) errors[`answer${i}`] = "This question needs an answer.";
    if (answer.length > rules.maxLength)
      errors[`answer${i}`] = `Keep it under ${rules.maxLength} characters.`;
  }
  return errors;
}
