/**
 * The one-line notices shown on top of the `/backlog` page (or privately) after a PO's change.
 * Plain builders of mrkdwn text; story numbers and positions only, no typed text.
 */
import type { Story } from "../domain/story.js";

/** After a move (buttons or "move to position"). */
export function moveNotice(result: {
  moved: boolean;
  story: Pick<Story, "number">;
  fromPosition: number;
  toPosition: number;
  total: number;
}): string {
  return result.moved
    ? `↕️ Moved *#${result.story.number}* from position ${result.fromPosition} to ${result.toPosition} of ${result.total}.`
    : `#${result.story.number} is already at position ${result.toPosition}.`;
}

export function readyNotice(story: Pick<Story, "number">): string {
  return `✅ *#${story.number}* is ready to plan.`;
}

export function archivedNotice(story: Pick<Story, "number">): string {
  return `🗄️ Archived *#${story.number}*. It keeps its place: restore it from \`/backlog archived\`.`;
}

export function restoredNotice(story: Pick<Story, "number">, position: number): string {
  return `♻️ Restored *#${story.number}* at position ${position}.`;
}

/** After the story modal in edit mode was saved. */
export function savedNotice(story: Pick<Story, "number">, changes: number): string {
  return changes
    ? `✏️ Saved *#${story.number}* (${changes} change${changes === 1 ? "" : "s"}).`
    : `No changes to #${story.number}.`;
}

export function splitNotice(r: {
  original: Pick<Story, "number">;
  created: Pick<Story, "number">;
  position: number;
}) {
  return `✂️ Split *#${r.original.number}* in two: #${r.original.number} and *#${r.created.number}* (position ${r.position}). Both need a new estimate.`;
}
