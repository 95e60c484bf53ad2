/**
 * The private message for a story whose modal closed but which could not be saved (the save runs
 * after the ack: see `story-create.submit.ts`). It carries everything the person typed, so nothing
 * is lost, and a "Try again" button that reopens the form with it when Slack's button value holds it.
 */
import type { KnownBlock } from "@slack/types";
import type { StoryDraft } from "../domain/story.js";
import { ActionIds, Commands } from "../slack/ids.js";
import { md, mrkdwnSafe, ours, plain, truncate } from "./format.js";
import type { SlackMessage } from "./message.js";
import { storyBodyBlocks } from "./story.view.js";

export function storyNotSavedMessage(input: {
  draft: StoryDraft;
  /** Our own words: why, and what to do next (an error's `userMessage`, or "try again"). */
  reason: string;
  /** The retry button's value (`storyRetryValue`); null: no button, the text is to be copied. */
  retryValue: string | null;
}): SlackMessage {
  const { draft, retryValue } = input;
  const next = retryValue
    ? "Press *Try again* to reopen the form with it."
    : `Copy it into \`${Commands.story}\` when you're ready.`;
  const blocks: KnownBlock[] = [
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: truncate(
          `⚠️ I couldn't add your story *${mrkdwnSafe(draft.title, 200)}* to the backlog. ${ours(input.reason)}\nYour text is below, so nothing is lost. ${next}`,
          3000,
        ),
      },
    },
    ...storyBodyBlocks(draft),
  ];
  if (retryValue)
    blocks.push({
      type: "actions",
      elements: [
        {
          type: "button",
          action_id: ActionIds.storyRetry,
          text: plain("Try again", 75),
          style: "primary",
          value: retryValue,
        },
      ],
    });
  return { text: md`I couldn't add your story ${mrkdwnSafe(draft.title, 80)} to the backlog.`, blocks };
}
