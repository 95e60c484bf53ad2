/**
 * The stakeholder digest message and the owner's "couldn't post" notice. Pure. Written for people
 * outside the team (plain words, dates with their probability), in a stable order, and always
 * inside Slack's limits: every list is capped (with "and N more") and packed into sections of at
 * most 3,000 characters, so a 10,000-story backlog renders the same ~30 blocks as a small one.
 */
import type { KnownBlock } from "@slack/types";
import type {
  ChangeSet,
  MoveChange,
  RequestDecision,
  StoryChange,
  StoryNow,
} from "../domain/digest/index.js";
import { type StoryStage, stageOf } from "../domain/readiness.js";
import { localDateOf } from "../domain/schedule/index.js";
import { PRIORITY_LABELS, type Priority, type Story } from "../domain/story.js";
import type { ChannelAccessResult, DigestModel } from "../services/digest.service.js";
import { forecastLine, formatPlainDate, noForecastReason } from "./forecast.view.js";
import {
  channelRef,
  formatPoints,
  md,
  mrkdwnSafe,
  ours,
  packLines,
  plain,
  pluralise,
  truncate,
} from "./format.js";
import type { SlackMessage } from "./message.js";

const SECTION_MAX = 3000;
const MAX_BLOCKS = 50;
/** Items listed per change category before "and N more". */
export const CHANGES_PER_CATEGORY = 8;
const GOALS_MAX = 10;

const section = (text: string): KnownBlock => ({
  type: "section",
  text: { type: "mrkdwn", text: truncate(text, SECTION_MAX) },
});
const context = (text: string): KnownBlock => ({
  type: "context",
  elements: [{ type: "mrkdwn", text: truncate(text, SECTION_MAX) }],
});
const header = (text: string): KnownBlock => ({ type: "header", text: plain(text, 150) });

/** What a stakeholder reads for a story's stage (from the one readiness result `/backlog` shows). */
const STAGE_WORDS: Record<StoryStage, string> = {
  not_ready: "not ready to start yet",
  ready: "ready to start",
  in_progress: "in progress",
  done: "done",
};

const ref = (s: { number: number; title: string }) => `#${s.number} ${mrkdwnSafe(s.title, 120)}`;
const dateIn = (instant: Date, zone: string) => formatPlainDate(localDateOf(instant, zone));

/** Characters of the "why here" sentence (explanations are ~60–150; the cap guards odd inputs). */
export const PRIORITY_REASON_MAX = 200;

function topLine(item: DigestModel["top"]["items"][number], model: DigestModel): string {
  const s: Story = item.story;
  const readiness = `${STAGE_WORDS[stageOf(s, item.readiness)]}${s.estimate === null ? " · not sized yet" : ""}`;
  // With the team's priority method and the story's inputs, say why it ranks here instead of a bare label.
  const lines = item.priorityReason
    ? [
        `*${item.position}.* ${ref(s)}`,
        readiness.charAt(0).toUpperCase() + readiness.slice(1),
        `Why here: ${mrkdwnSafe(item.priorityReason, PRIORITY_REASON_MAX)}`,
      ]
    : [
        `*${item.position}.* ${ref(s)}`,
        `${PRIORITY_LABELS[s.priority as Priority] ?? s.priority} priority · ${readiness}`,
      ];
  // The reason for "no dates" is said once under the list, not on every line.
  if (model.top.result.kind === "forecast") {
    const f = forecastLine(model.top.result, item.forecast, item.medianCount);
    if (f) lines.push(`_${f}_`);
  }
  return lines.join("\n");
}

function categoryBlock<T>(title: string, items: readonly T[], line: (item: T) => string): KnownBlock | null {
  if (items.length === 0) return null;
  const shown = items.slice(0, CHANGES_PER_CATEGORY).map((i) => `• ${line(i)}`);
  if (items.length > shown.length) shown.push(`…and ${items.length - shown.length} more`);
  return section(`*${title} (${items.length})*\n${shown.join("\n")}`);
}

const at = (s: StoryNow) => (s.position === null ? "" : ` (now #${s.position} in line)`);
const move = (m: MoveChange) =>
  `${ref(m.story)}: from position ${m.from} to ${m.to} (${m.to < m.from ? "up" : "down"} ${m.by})`;
const points = (p: number | null) => (p === null ? "not sized" : formatPoints(p));
const requestText = (r: RequestDecision, titles: Map<number, string>) => {
  const what = titles.get(r.requestId);
  return what ? `“${mrkdwnSafe(what, 120)}”` : `request ${r.requestId}`;
};

/** The change categories in their fixed order; empty ones are left out. */
export function changeBlocks(set: ChangeSet, titles: Map<number, string>): KnownBlock[] {
  const storyLine = (c: StoryChange) => `${ref(c.story)}${at(c.story)}`;
  return [
    categoryBlock("✅ Completed", set.completed, (c) => ref(c.story)),
    categoryBlock("🆕 New in the backlog", set.added, storyLine),
    categoryBlock("⬆️ Moved up", set.movedUp, move),
    categoryBlock("⬇️ Moved down", set.movedDown, move),
    categoryBlock("▶️ Work started", set.started, storyLine),
    categoryBlock("↩️ Reopened", set.reopened, storyLine),
    categoryBlock("🗑️ Dropped from the backlog", set.dropped, (c) => ref(c.story)),
    categoryBlock("♻️ Back in the backlog", set.restored, storyLine),
    categoryBlock(
      "📏 Size re-estimated",
      set.estimates,
      (c) => `${ref(c.story)}: ${points(c.from)} → ${points(c.to)}`,
    ),
    categoryBlock(
      "🔺 Priority changed",
      set.priorities,
      (c) =>
        `${ref(c.story)}: ${PRIORITY_LABELS[c.from as Priority] ?? c.from} → ${PRIORITY_LABELS[c.to as Priority] ?? c.to}`,
    ),
    categoryBlock("📥 Requests accepted", set.accepted, (r) =>
      r.storyNumber === null ? requestText(r, titles) : `${requestText(r, titles)} → #${r.storyNumber}`,
    ),
    categoryBlock(
      "🔗 Requests added to an existing item",
      set.merged,
      (r) => `${requestText(r, titles)}${r.storyNumber === null ? "" : ` → #${r.storyNumber}`}`,
    ),
    categoryBlock(
      "🙅 Requests declined",
      set.declined,
      (r) => `${requestText(r, titles)}${r.reason ? `: ${mrkdwnSafe(r.reason, 200)}` : ""}`,
    ),
  ].filter((b): b is KnownBlock => b !== null);
}

/** The digest message: ≤ 50 blocks, every text within its limit, short fallback text. */
export function digestMessage(model: DigestModel): SlackMessage {
  const zone = model.timeZone;
  const blocks: KnownBlock[] = [
    header("📣 Product update"),
    context(
      `${dateIn(model.generatedAt, zone)} · what the team is working towards, what comes next and when it is likely to land`,
    ),
  ];
  const has = (s: string) => model.sections.includes(s as never);

  if (has("goals") && model.goals !== null) {
    blocks.push({ type: "divider" }, header("🎯 Product goals"));
    if (model.goals.length === 0) blocks.push(context("No active product goals right now."));
    else {
      const lines = model.goals.slice(0, GOALS_MAX).map((g) => {
        const metrics = g.metrics.map((m) => `• ${mrkdwnSafe(m, 200)}`).join("\n");
        return `*${mrkdwnSafe(g.title, 150)}*${metrics ? `\n${metrics}` : ""}`;
      });
      for (const text of packLines(lines, SECTION_MAX).slice(0, 4)) blocks.push(section(text));
      if (model.goals.length > GOALS_MAX)
        blocks.push(context(`…and ${model.goals.length - GOALS_MAX} more goals`));
    }
  }

  if (has("sprint")) {
    blocks.push({ type: "divider" }, header("🏃 Current sprint"));
    const s = model.sprint;
    if (!s) blocks.push(context("No sprint is running right now."));
    else {
      blocks.push(
        section(
          [
            `*${mrkdwnSafe(s.name, 150)}*${s.goal ? `: ${mrkdwnSafe(s.goal, 500)}` : ""}`,
            // Stakeholders count items, not story points.
            `${s.doneItems} of ${pluralise(s.plannedItems, "item")} done · ends ${formatPlainDate(s.endsOn)}`,
          ].join("\n"),
        ),
      );
    }
  }

  if (has("top")) {
    const { items, openTotal, result } = model.top;
    blocks.push(
      { type: "divider" },
      header(items.length > 0 ? `📋 Next up: top ${items.length} of ${openTotal}` : "📋 Next up"),
    );
    if (items.length === 0) blocks.push(context("Nothing is waiting in the backlog."));
    else {
      for (const text of packLines(
        items.map((i) => topLine(i, model)),
        SECTION_MAX,
      ).slice(0, 8)) {
        blocks.push(section(text));
      }
      const reason = noForecastReason(result);
      blocks.push(
        context(
          reason
            ? reason
            : "Dates come from the team's own pace in past sprints, simulated thousands of times: 50% means as likely as not, 95% almost certain.",
        ),
      );
    }
  }

  if (has("changes")) {
    const { set, since, requestTitles } = model.changes;
    blocks.push(
      { type: "divider" },
      header(since ? `🔄 What changed since ${dateIn(since, zone)}` : "🔄 What changed (first digest here)"),
    );
    const changes = changeBlocks(set, requestTitles);
    if (changes.length === 0) blocks.push(context("Nothing changed in the backlog since the last update."));
    else blocks.push(...changes);
  }

  const footer = model.homeUrl
    ? `<${model.homeUrl}|See the top of the backlog and your own stories in Scrumbot's Home tab> · questions? \`/forecast <number>\` for any item`
    : "See the top of the backlog and your own stories in Scrumbot's Home tab · `/forecast <number>` for any item";
  // Keep room for the footer whatever happened above (the caps keep us far below this anyway).
  const body = blocks.slice(0, MAX_BLOCKS - 1);
  body.push(context(footer));

  const counts = model.sections.includes("changes") ? changeSummary(model.changes.set) : "";
  const text = ours(
    truncate(
      `Product update: ${model.top.items.length > 0 ? `top ${model.top.items.length} of ${model.top.openTotal} open items` : "the backlog"}${counts}`,
      300,
    ),
  );
  return { text, blocks: body };
}

function changeSummary(set: ChangeSet): string {
  const parts: string[] = [];
  if (set.completed.length) parts.push(`${set.completed.length} completed`);
  if (set.added.length) parts.push(`${set.added.length} new`);
  const moved = set.movedUp.length + set.movedDown.length;
  if (moved) parts.push(`${moved} moved`);
  return parts.length ? `; ${parts.join(", ")}` : "";
}

const REASONS: Record<ChannelAccessResult, string> = {
  ok: "",
  not_in_channel: "I'm not a member of that channel",
  channel_not_found: "I can't see that channel (it may be private, or deleted)",
  is_archived: "that channel is archived",
};

/** The DM to the digest's owner when a channel could not get the digest. */
export function digestNoticeMessage(input: {
  channel: string;
  reason: ChannelAccessResult;
  delivered: string[];
}): SlackMessage {
  const others =
    input.delivered.length > 0 ? ` The digest did go to ${input.delivered.map(channelRef).join(", ")}.` : "";
  const fix =
    input.reason === "not_in_channel"
      ? "Invite me there (`/invite @Scrumbot` in that channel) or pick other channels with `/digest setup`."
      : "Pick other channels with `/digest setup`.";
  const text = md`⚠️ I couldn't post the stakeholder digest in ${channelRef(input.channel)}: ${ours(REASONS[input.reason])}. ${ours(fix)}${ours(others)}`;
  return { text: truncate(text, 3000), blocks: [section(text)] };
}
