/**
 * The `/backlog` listing. Stories are packed into sections of ≤ 3,000 characters so even
 * 100 long stories stay far below Slack's 50-block limit; more than a page gets a
 * "next" button instead of an oversized message.
 */
import type { KnownBlock } from "@slack/types";
import { type Readiness, stageOf } from "../domain/readiness.js";
import type { BacklogEntry } from "../domain/story.js";
import type { BacklogPage } from "../services/story.service.js";
import { ActionIds, BacklogIds } from "../slack/ids.js";
import { md, mrkdwnSafe, ours, packLines, pluralise, readinessSummary, truncate } from "./format.js";
import type { SlackMessage } from "./message.js";
import { storyFacts } from "./story.view.js";

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
  const facts = `_${truncate(storyFacts(story), 300)}_`;
  return `${head}\n${facts}`;
}

/**
 * Who sees which story controls: product owners/admins get move buttons and everything else,
 * team members edit/readiness/split (checked again on click), viewers none.
 */
export type BacklogControls = "po" | "member" | "none";

/** Controls take two blocks per story: shown for pages of at most this many stories (50-block limit). */
export const CONTROLS_MAX_ENTRIES = 20;

export interface BacklogMessageOptions {
  controls?: BacklogControls;
  /** A line shown above the list after an action ("Moved #12 to position 1"). Plain user text is escaped by the caller. */
  notice?: string;
  /** Readiness marks per story number (✅ ready by the Definition of Ready, ◻︎ n missing). */
  readiness?: ReadonlyMap<number, Readiness>;
}

function storyControls(entry: BacklogEntry, page: BacklogPage, controls: BacklogControls): KnownBlock {
  const n = entry.story.number;
  const value = JSON.stringify({ n, o: page.offset, l: page.limit, q: truncate(page.words.join(" "), 500) });
  const button = (action_id: string, text: string) => ({
    type: "button" as const,
    action_id,
    text: { type: "plain_text" as const, text, emoji: true },
    value,
  });
  const option = (text: string, kind: string) => ({
    text: { type: "plain_text" as const, text, emoji: true },
    value: `${kind}:${n}`,
  });
  const elements = [];
  if (controls === "po") {
    elements.push(
      button(BacklogIds.moveTop, "⤒ Top"),
      button(BacklogIds.moveUp, "↑"),
      button(BacklogIds.moveDown, "↓"),
      button(BacklogIds.moveBottom, "⤓ Bottom"),
    );
  }
  elements.push(button(BacklogIds.edit, "Edit"));
  const options = [
    ...(controls === "po" ? [option("Move to position…", "to")] : []),
    option("Readiness checklist", "check"),
    option("Mark ready", "ready"),
    option("Split into two…", "split"),
    ...(controls === "po" ? [option("Archive", "archive")] : []),
  ];
  elements.push({ type: "overflow" as const, action_id: BacklogIds.more, options });
  return {
    type: "actions",
    block_id: `${BacklogIds.storyBlock}:${n}:${page.offset}:${page.limit}`,
    elements,
  };
}

function readinessMark(entry: BacklogEntry, options: BacklogMessageOptions): string {
  const r = options.readiness?.get(entry.story.number);
  if (!r) return "";
  switch (stageOf(entry.story, r)) {
    case "done":
    case "in_progress":
      return ""; // the facts line already says Done / In progress
    case "ready":
      return ` · ✅ ${readinessSummary(r)}`;
    case "not_ready":
      return ` · ◻️ ${readinessSummary(r)}`;
  }
}

export function backlogMessage(page: BacklogPage, options: BacklogMessageOptions = {}): SlackMessage {
  const query = page.words.join(" ");
  if (page.total === 0) {
    return {
      text: md`The backlog is empty`,
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
      text: md`No stories match your search`,
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
    ? md`${pluralise(page.matched, "story", "stories")} match “${mrkdwnSafe(query, 300)}” · showing ${first}–${last}`
    : md`Showing ${first}–${last} of ${pluralise(page.total, "story", "stories")}, in priority order`;

  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: "Product backlog", emoji: true } },
    { type: "context", elements: [{ type: "mrkdwn", text: summary }] },
  ];
  if (options.notice) {
    blocks.splice(1, 0, {
      type: "section",
      text: { type: "mrkdwn", text: truncate(options.notice, SECTION_MAX) },
    });
  }
  const controls = options.controls ?? "none";
  if (controls !== "none" && page.entries.length <= CONTROLS_MAX_ENTRIES) {
    for (const entry of page.entries) {
      blocks.push({
        type: "section",
        text: {
          type: "mrkdwn",
          text: truncate(backlogLine(entry) + readinessMark(entry, options), SECTION_MAX),
        },
      });
      blocks.push(storyControls(entry, page, controls));
    }
  } else {
    for (const text of packLines(
      page.entries.map((e) => backlogLine(e) + readinessMark(e, options)),
      SECTION_MAX,
    )) {
      blocks.push({ type: "section", text: { type: "mrkdwn", text } });
    }
    if (controls !== "none")
      blocks.push({
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            text: `Buttons to reorder and edit appear when showing ${CONTROLS_MAX_ENTRIES} or fewer stories.`,
          },
        ],
      });
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
  return { text: md`Product backlog: ${ours(summary.replace(/[*_]/g, ""))}`, blocks };
}
