/**
 * Replies to the product owner's `/backlog method|size|score|ready` (the team's backlog settings
 * and priority inputs). Short private notes; pure builders.
 */
import { PRIORITY_METHODS, type PriorityMethod } from "../domain/priority/index.js";
import { METHOD_LABELS, noteMessage } from "./backlog-po.view.js";
import type { SlackMessage } from "./message.js";

/** `/backlog method` without a valid method: the current one and how to choose. */
export function priorityMethodMessage(current: PriorityMethod | null): SlackMessage {
  return noteMessage(
    `Priority method: *${current ? METHOD_LABELS[current] : "none"}*. Choose one with \`/backlog method ${PRIORITY_METHODS.join("|")}|none\`.`,
  );
}

/** `/backlog method <m>` saved. */
export function priorityMethodSetMessage(method: PriorityMethod | null): SlackMessage {
  return noteMessage(
    method
      ? `✅ This team now scores stories with *${METHOD_LABELS[method]}*. Score a story with \`/backlog score #12 …\`, see the suggested order with \`/backlog suggest\`.`
      : "✅ No priority method: the backlog order is only yours.",
  );
}

/** `/backlog size`: the Definition of Ready's size limit. */
export function sizeLimitMessage(sizeLimit: number): SlackMessage {
  return noteMessage(
    `Definition of Ready size limit: *${sizeLimit} points*. Change it with \`/backlog size 13\`.`,
  );
}

/** `/backlog size <n>` saved. */
export function sizeLimitSetMessage(sizeLimit: number): SlackMessage {
  return noteMessage(`✅ Stories up to *${sizeLimit} points* can be ready; bigger ones need splitting.`);
}

/** A story number was missing; `usage` shows the command with one. */
export function whichStoryMessage(usage: string): SlackMessage {
  return noteMessage(`Which story? ${usage}`);
}

/** `/backlog score` saved. */
export function scoredMessage(storyNumber: number, score: string | number): SlackMessage {
  return noteMessage(`✅ #${storyNumber} scored: ${score}`);
}
