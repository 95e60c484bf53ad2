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

/** Pagination state carried in a button value (≤ 2,000 chars). `m: "r"` = the PO's reorder mode. */
export interface BacklogCursor {
  offset: number;
  limit: number;
  q: string;
  mode?: BacklogMode;
}

/** How the PO sees the listing: one menu per story, or arrow buttons to reorder and archive. */
export type BacklogMode = "menu" | "reorder";

export function encodeCursor(c: BacklogCursor): string {
  return JSON.stringify({
    o: c.offset,
    l: c.limit,
    q: truncate(c.q, 500),
    ...(c.mode === "reorder" ? { m: "r" } : {}),
  });
}

/** One story: its number and title (one number per row: the order is the list's), then its facts. */
export function backlogLine(entry: BacklogEntry): string {
  const { story } = entry;
  const head = `*#${story.number}* ${mrkdwnSafe(story.title, 200)}`;
  const facts = `_${truncate(storyFacts(story), 300)}_`;
  return `${head}\n${facts}`;
}

/**
 * Who sees which story controls: product owners/admins get move buttons and everything else,
 * team members edit/readiness/split (checked again on click), viewers none.
 */
export type BacklogControls = "po" | "member" | "none";

/** Reorder mode takes two blocks per story: shown for pages of at most this many stories (50-block limit). */
export const CONTROLS_MAX_ENTRIES = 20;
/** The menu is the row's accessory (one block per story): pages up to this many stories get menus. */
export const MENU_MAX_ENTRIES = 40;

export interface BacklogMessageOptions {
  controls?: BacklogControls;
  /** A line shown above the list after an action ("Moved #12 to position 1"). Plain user text is escaped by the caller. */
  notice?: string;
  /** Readiness marks per story number (✅ ready by the Definition of Ready, ◻︎ n missing). */
  readiness?: ReadonlyMap<number, Readiness>;
  /** The PO's reorder mode (arrow buttons); the default is one menu per story. */
  mode?: BacklogMode;
  /** A subcommand close to the first search word ("archvied" → "archived"), offered when nothing matches. */
  didYouMean?: string;
}

/**
 * `bls:<number>:<offset>:<limit>[:<search>]`: the page a menu choice was made on (≤ 255). The
 * search is URI-encoded: typed text never sits raw in a payload, even one people don't see.
 */
function rowBlockId(n: number, page: BacklogPage): string {
  const base = `${BacklogIds.storyBlock}:${n}:${page.offset}:${page.limit}`;
  let q = page.words.join(" ");
  const room = 255 - base.length - 1;
  while (q && safeEncode(q).length > room) q = q.slice(0, Math.floor(q.length * 0.9));
  return q ? `${base}:${safeEncode(q)}` : base;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** encodeURIComponent that never throws: lone surrogates (typed, or left by a cut) become U+FFFD. */
function safeEncode(q: string): string {
  return encodeURIComponent(q.replace(LONE_SURROGATE, "\ufffd"));
}

const option = (text: string, kind: string, n: number) => ({
  text: { type: "plain_text" as const, text, emoji: true },
  value: `${kind}:${n}`,
});

/** The row's one menu (Slack allows 5 options): what people do to a story most. */
function storyMenu(entry: BacklogEntry, controls: "po" | "member") {
  const n = entry.story.number;
  const options =
    controls === "po"
      ? [
          option("Move to top", "top", n),
          option("Move to position…", "to", n),
          option("Edit", "edit", n),
          option("Mark ready", "ready", n),
          option("Split into two…", "split", n),
        ]
      : [
          option("Edit", "edit", n),
          option("Readiness checklist", "check", n),
          option("Mark ready", "ready", n),
          option("Split into two…", "split", n),
        ];
  return { type: "overflow" as const, action_id: BacklogIds.more, options };
}

/** Reorder mode: arrows, top, bottom and archive, each saying what it does to which story. */
function reorderButtons(entry: BacklogEntry, page: BacklogPage): KnownBlock {
  const n = entry.story.number;
  const value = JSON.stringify({
    n,
    o: page.offset,
    l: page.limit,
    q: truncate(page.words.join(" "), 500),
    m: "r",
  });
  const button = (action_id: string, text: string, label: string) => ({
    type: "button" as const,
    action_id,
    text: { type: "plain_text" as const, text, emoji: true },
    value,
    accessibility_label: label,
  });
  return {
    type: "actions",
    block_id: rowBlockId(n, page),
    elements: [
      button(BacklogIds.moveUp, "↑", `Move #${n} up`),
      button(BacklogIds.moveDown, "↓", `Move #${n} down`),
      button(BacklogIds.moveTop, "⤒ Top", `Move #${n} to the top`),
      button(BacklogIds.moveBottom, "⤓ Bottom", `Move #${n} to the bottom`),
      {
        ...button(BacklogIds.archive, "Archive", `Archive #${n}`),
        style: "danger" as const,
        confirm: {
          title: { type: "plain_text" as const, text: `Archive #${n}?` },
          text: {
            type: "plain_text" as const,
            text: "It leaves the backlog; `/backlog archived` can restore it.",
          },
          confirm: { type: "plain_text" as const, text: "Archive" },
          deny: { type: "plain_text" as const, text: "Keep it" },
          style: "danger" as const,
        },
      },
    ],
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
            text: options.didYouMean
              ? `🔎 No stories match “${mrkdwnSafe(query, 500)}”. Did you mean \`/backlog ${options.didYouMean}\`?`
              : `🔎 No stories match “${mrkdwnSafe(query, 500)}”. Try fewer words, or \`/backlog\` for the whole backlog.`,
          },
        },
      ],
    };
  }
  const first = page.offset + 1;
  const last = page.offset + page.entries.length;
  const summary = query
    ? md`${pluralise(page.matched, "story", "stories")} match “${mrkdwnSafe(query, 300)}” · showing ${first}–${last}`
    : md`Showing ${first}–${last} of ${pluralise(page.total, "story", "stories")}, in backlog order`;

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
  const mode: BacklogMode = controls === "po" && options.mode === "reorder" ? "reorder" : "menu";
  const rowText = (entry: BacklogEntry) =>
    truncate(backlogLine(entry) + readinessMark(entry, options), SECTION_MAX);
  const max = mode === "reorder" ? CONTROLS_MAX_ENTRIES : MENU_MAX_ENTRIES;
  if (controls !== "none" && page.entries.length <= max) {
    if (controls === "po") blocks.push(modeSwitch(page, mode));
    for (const entry of page.entries) {
      if (mode === "reorder") {
        blocks.push({ type: "section", text: { type: "mrkdwn", text: rowText(entry) } });
        blocks.push(reorderButtons(entry, page));
      } else {
        blocks.push({
          type: "section",
          block_id: rowBlockId(entry.story.number, page),
          text: { type: "mrkdwn", text: rowText(entry) },
          accessory: storyMenu(entry, controls),
        });
      }
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
            text: `Each story gets its menu when showing ${max} or fewer stories.`,
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
      value: encodeCursor({
        offset: Math.max(0, page.offset - page.limit),
        limit: page.limit,
        q: query,
        mode,
      }),
    });
  }
  if (last < page.matched) {
    buttons.push({
      type: "button" as const,
      action_id: `${ActionIds.backlogPage}_next`,
      text: { type: "plain_text" as const, text: `Next ${Math.min(page.limit, page.matched - last)} ▶` },
      value: encodeCursor({ offset: last, limit: page.limit, q: query, mode }),
    });
  }
  if (buttons.length > 0) blocks.push({ type: "actions", elements: buttons });
  return { text: md`Product backlog: ${ours(summary.replace(/[*_]/g, ""))}`, blocks };
}

/** The PO's switch between one menu per story and reorder mode, kept on the same page. */
function modeSwitch(page: BacklogPage, mode: BacklogMode): KnownBlock {
  const q = page.words.join(" ");
  const to: BacklogMode = mode === "reorder" ? "menu" : "reorder";
  return {
    type: "actions",
    block_id: "backlog_mode",
    elements: [
      {
        type: "button",
        action_id: `${ActionIds.backlogPage}_mode`,
        text: { type: "plain_text", text: mode === "reorder" ? "Done reordering" : "Reorder or archive" },
        value: encodeCursor({ offset: page.offset, limit: page.limit, q, mode: to }),
        ...(mode === "reorder" ? { style: "primary" as const } : {}),
      },
    ],
  };
}
