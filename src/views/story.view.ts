/** Messages about one story: the confirmation after capture. Pure builders. */
import type { KnownBlock } from "@slack/types";
import {
  type BacklogEntry,
  PRIORITY_LABELS,
  STATUS_LABELS,
  type Story,
  userStorySentence,
} from "../domain/story.js";
import { escapeMrkdwn, formatPoints, type Mrkdwn, md, mrkdwnSafe, truncate } from "./format.js";
import type { SlackMessage } from "./message.js";

/** "#12 Export as CSV" for fallbacks, the title escaped. */
export function storyRef(story: Pick<Story, "number" | "title">): Mrkdwn {
  return md`#${story.number} ${mrkdwnSafe(story.title, 80)}`;
}

/** What the facts line reads: a saved story, or a draft (no status yet). */
type StoryFactsInput = Pick<Story, "priority" | "estimate" | "labels"> & { status?: Story["status"] };

/**
 * One-line facts: priority, estimate, status, labels (escaped: people type labels). A draft not
 * saved yet has no status: the line leaves it out.
 */
export function storyFacts(story: StoryFactsInput): Mrkdwn {
  const facts = [
    PRIORITY_LABELS[story.priority],
    story.estimate === null ? "not estimated" : formatPoints(story.estimate),
    ...(story.status ? [STATUS_LABELS[story.status]] : []),
  ];
  if (story.labels.length > 0) facts.push(story.labels.map((l) => `#${escapeMrkdwn(l)}`).join(" "));
  return facts.join(" · ") as Mrkdwn;
}

/**
 * A story's text below its title, as messages show it: the user-story sentence quoted, the
 * acceptance criteria, and the facts line. For a saved story or a draft.
 */
export function storyBodyBlocks(
  story: StoryFactsInput & Pick<Story, "persona" | "want" | "benefit" | "acceptanceCriteria">,
): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  const sentence = userStorySentence(story);
  if (sentence)
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: `>${mrkdwnSafe(sentence, 2900).replace(/\n/g, "\n>")}` },
    });
  if (story.acceptanceCriteria.length > 0) {
    const lines = story.acceptanceCriteria.map((c) => `• ${mrkdwnSafe(c, 500)}`).join("\n");
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: truncate(`*Acceptance criteria*\n${lines}`, 3000) },
    });
  }
  blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: truncate(storyFacts(story), 2000) }] });
  return blocks;
}

export function storyCreatedMessage(entry: BacklogEntry, backlogSize: number): SlackMessage {
  const { story, position } = entry;
  const blocks: KnownBlock[] = [
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: mrkdwnSafe(
          `✅ Added #${story.number} to the backlog at position ${position} of ${backlogSize}:`,
          300,
        ),
      },
    },
    {
      type: "section",
      text: { type: "mrkdwn", text: `*#${story.number}* ${mrkdwnSafe(story.title, 2800)}` },
    },
    ...storyBodyBlocks(story),
  ];
  return { text: md`Added ${storyRef(story)} to the backlog (position ${position})`, blocks };
}
