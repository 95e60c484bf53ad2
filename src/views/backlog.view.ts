/**
 * The `/backlog` listing. Stories are packed into sections of ≤ 3,000 characters so even
 * 100 long stories stay far below Slack's 50-block limit; more than a page gets a
 * "next" button instead of an oversized message.
 */
import type { KnownBlock } from "@slack/types";
import type { BacklogEntry } from "../domain/story.js";
import type { BacklogPage } from "../services/story.service.js";
import { ActionIds } from "../slack/ids.js";
import { mrkdwnSafe, packLines, pluralise, truncate } from "./format.js";
import { type SlackMessage, storyFacts } from "./story.view.js";

const SECTION_MAX = 3000;

/** Pagination state carried in a button value (≤ 2,000 chars). */
export interface BacklogCursor {
  offset: number;
  limit: number;
  q: string;
}

export function encodeCursor(c: BacklogCursor): string {
  return JSON.stringify({ o: c.offset, l: c.limit, q: truncate(c.q, 500) });
}

export function backlogLine(entry: BacklogEntry): string {
  const { story, position } = entry;
  const head = `*${position}.* #${story.number} ${mrkdwnSafe(story.title, 200)}`;
  const facts = `_${mrkdwnSafe(storyFacts(story), 300)}_`;
  return `${head}\n${facts}`;
}

export function backlogMessage(page: BacklogPage): SlackMessage {
  const query = page.words.join(" ");
  if (page.total === 0) {
    return {
      text: "The backlog is empty",
      blocks: [
        {
          type: "section",
          text: {
            type: "mrkdwn",
            text: "📭 The backlog is empty. Add the first story with `/story <title>`: a form opens for the persona, goal, benefit and acceptance criteria.",
          },
        },
      ],
    };
  }
  if (page.matched === 0) {
    return {
      text: "No stories match your search",
      blocks: [
        {
          type: "section",
          text: {
            type: "mrkdwn",
            text: `🔎 No stories match “${mrkdwnSafe(query, 500)}”. Try fewer words, or \`/backlog\` for the whole backlog.`,
          },
        },
      ],
    };
  }
  const first = page.offset + 1;
  const last = page.offset + page.entries.length;
  const summary = query
    ? `${pluralise(page.matched, "story", "stories")} match “${mrkdwnSafe(query, 300)}” · showing ${first}–${last}`
    : `Showing ${first}–${last} of ${pluralise(page.total, "story", "stories")}, in priority order`;

  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: "Product backlog", emoji: true } },
    { type: "context", elements: [{ type: "mrkdwn", text: summary }] },
  ];
  for (const text of packLines(page.entries.map(backlogLine), SECTION_MAX)) {
    blocks.push({ type: "section", text: { type: "mrkdwn", text } });
  }
  const buttons = [];
  if (page.offset > 0) {
    buttons.push({
      type: "button" as const,
      action_id: `${ActionIds.backlogPage}_prev`,
      text: { type: "plain_text" as const, text: "◀ Previous" },
      value: encodeCursor({ offset: Math.max(0, page.offset - page.limit), limit: page.limit, q: query }),
    });
  }
  if (last < page.matched) {
    buttons.push({
      type: "button" as const,
      action_id: `${ActionIds.backlogPage}_next`,
      text: { type: "plain_text" as const, text: `Next ${Math.min(page.limit, page.matched - last)} ▶` },
      value: encodeCursor({ offset: last, limit: page.limit, q: query }),
    });
  }
  if (buttons.length > 0) blocks.push({ type: "actions", elements: buttons });
  return { text: `Product backlog: ${summary.replace(/[*_]/g, "")}`, blocks };
}
