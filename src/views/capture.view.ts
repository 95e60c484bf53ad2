/** Messages about a story captured from a conversation (message shortcut). Pure builders. */
import type { KnownBlock } from "@slack/types";
import type { BacklogEntry } from "../domain/story.js";
import { md, mrkdwnSafe } from "./format.js";
import type { SlackMessage } from "./message.js";
import { storyRef } from "./story.view.js";

/** A link that opens scrumbot (its Home tab lists the person's stories and the backlog top). */
export function appLink(input: { appId: string | null; teamId: string }): string | null {
  if (!input.appId) return null;
  return `https://slack.com/app_redirect?app=${encodeURIComponent(input.appId)}&team=${encodeURIComponent(input.teamId)}&tab=home`;
}

/** Posted in the thread of the message the story was captured from. Visible to the channel. */
export function capturedInThreadMessage(input: {
  entry: BacklogEntry;
  capturedBy: string;
  backlogSize: number;
  storyUrl: string | null;
}): SlackMessage {
  const { story, position } = input.entry;
  const title = mrkdwnSafe(story.title, 2500);
  const linked = input.storyUrl
    ? `<${input.storyUrl}|#${story.number} ${title}>`
    : `#${story.number} ${title}`;
  const blocks: KnownBlock[] = [
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: `📌 <@${input.capturedBy}> turned this into story *${linked}* (backlog position ${position} of ${input.backlogSize}).`,
      },
    },
  ];
  return { text: md`Turned into story ${storyRef(story)}`, blocks };
}
