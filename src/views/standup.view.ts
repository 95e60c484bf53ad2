/**
 * Standup messages: the daily report's parent (one per day, updated in place), each answer in its
 * thread, the DM prompt and reminder, notices to the owner, and the `/standup list|stats|help`
 * replies. Pure builders within Slack's limits; names are display names (never mentions), so
 * updating the report pings nobody.
 */
import type { KnownBlock } from "@slack/types";
import {
  type AnswerItem,
  type Blocker,
  type EntryStatus,
  groupEntries,
  type ReportEntry,
  type ReportModel,
  type Standup,
  type StandupAnswer,
} from "../domain/standup/index.js";
import type { OwnerNotice, StandupMessages, StandupStats } from "../services/standup.service.js";
import { StandupIds } from "../slack/ids.js";
import { formatDay, type Mrkdwn, md, mrkdwnSafe, ours, plain, pluralise, truncate } from "./format.js";
import type { SlackMessage } from "./message.js";

const SECTION_MAX = 3000;
const MESSAGE_BLOCKS = 50;
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const LONG_WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** "2026-12-01" → "Tue 1 Dec" (the one date style, `formatDay`). */
export const dayLabel = (day: string): string => formatDay(day);

/** Slack date token: shows in each reader's own zone, with a UTC fallback. */
function slackTime(at: Date): string {
  const unix = Math.floor(at.getTime() / 1000);
  return `<!date^${unix}^{date_short_pretty} {time}|${at.toISOString().slice(0, 16).replace("T", " ")} UTC>`;
}

const section = (text: string): KnownBlock => ({
  type: "section",
  text: { type: "mrkdwn", text: truncate(text, SECTION_MAX) },
});
const context = (text: string): KnownBlock => ({
  type: "context",
  elements: [{ type: "mrkdwn", text: truncate(text, SECTION_MAX) }],
});

/**
 * "*Title (n)*: a, b, c" within `max` characters; what doesn't fit becomes "and N more".
 * Worked example: 1,000 names of ~20 characters fit ~140 names, then "… and 860 more".
 */
export function nameList(title: string, names: string[], max = SECTION_MAX): string {
  const head = `*${title} (${names.length})*: `;
  let text = head;
  for (let i = 0; i < names.length; i++) {
    const piece = `${i === 0 ? "" : ", "}${names[i]}`;
    const rest = names.length - i;
    const tail = ` … and ${rest} more`;
    if (text.length + piece.length + (i === names.length - 1 ? 0 : tail.length + 8) > max) {
      return `${text}${i === 0 ? "" : ","}${tail}`;
    }
    text += piece;
  }
  return text;
}

function entryName(e: ReportEntry): string {
  const marks = [e.answeredLate ? "late" : "", e.edited ? "edited" : ""].filter(Boolean);
  return `${mrkdwnSafe(e.name, 80)}${marks.length ? ` _(${marks.join(", ")})_` : ""}`;
}

const STATUS_TITLES: Record<EntryStatus, string> = {
  answered: "✅ Answered",
  waiting: "⏳ Not answered yet",
  upcoming: "🕘 Later today (their prompt time hasn't come yet)",
  away: "🌴 Away",
  missing: "❌ No answer",
};

function blockerLines(model: ReportModel): string[] {
  return model.blockers.map((b) => {
    const since = b.day === model.day ? "" : ` _(since ${dayLabel(b.day)})_`;
    const text = mrkdwnSafe(b.text.replace(/\s+/g, " "), 300);
    return b.resolved
      ? `• ~${mrkdwnSafe(b.name, 80)}: ${text}~ ✅ resolved`
      : `• *${mrkdwnSafe(b.name, 80)}*: ${text}${since}`;
  });
}

/** Lines packed into at most `maxSections` sections; the rest summarised. */
function packed(lines: string[], maxSections: number, what: string): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let current = "";
  let used = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const next = current ? `${current}\n${line}` : line;
    if (next.length <= SECTION_MAX - 40) {
      current = next;
      used = i + 1;
      continue;
    }
    blocks.push(section(current));
    current = line;
    used = i + 1;
    if (blocks.length === maxSections) {
      used = i;
      current = "";
      break;
    }
  }
  if (current && blocks.length < maxSections) blocks.push(section(current));
  if (used < lines.length) blocks.push(context(`… and ${lines.length - used} more ${what}`));
  return blocks;
}

function answerText(items: AnswerItem[], max: number): string {
  const parts = items
    .filter((i) => i.answer.trim() !== "")
    .map((i) => `${i.blocker ? "🚧 " : ""}*${mrkdwnSafe(i.question, 150)}*\n${mrkdwnSafe(i.answer, 2500)}`);
  return truncate(parts.join("\n") || "_(no answers)_", max);
}

/** The report's parent message. Stays within 50 blocks and 3,000 characters per section for any team size. */
export function standupParentMessage(model: ReportModel): SlackMessage {
  const groups = groupEntries(model.entries);
  const blocks: KnownBlock[] = [
    { type: "header", text: plain(`📋 ${model.standupName} · ${dayLabel(model.day)}`, 150) },
  ];
  const open = model.blockers.filter((b) => !b.resolved).length;
  if (model.blockers.length > 0) {
    blocks.push(section(`*🚧 Blockers (${open} open)*`));
    blocks.push(...packed(blockerLines(model), 4, "blockers"));
    blocks.push({ type: "divider" });
  }
  const order: EntryStatus[] = model.closed
    ? ["answered", "missing", "away"]
    : ["answered", "waiting", "upcoming", "away"];
  for (const status of order) {
    const list = groups[status];
    if (list.length === 0) continue;
    blocks.push(section(nameList(STATUS_TITLES[status], list.map(entryName))));
  }
  if (model.inlineAnswers) {
    // Inline reports are limited to small teams (see STANDUP_LIMITS.inlineParticipants).
    const room = MESSAGE_BLOCKS - blocks.length - 2;
    const shown = model.inlineAnswers.slice(0, Math.max(0, room));
    for (const a of shown) {
      const marks = [a.late ? "late" : "", a.edited ? "edited" : ""].filter(Boolean);
      const title = `*${mrkdwnSafe(a.name, 80)}*${marks.length ? ` _(${marks.join(", ")})_` : ""}`;
      blocks.push(section(`${title}\n${answerText(a.items, SECTION_MAX - title.length - 1)}`));
    }
    if (shown.length < model.inlineAnswers.length) {
      blocks.push(context(`… and ${model.inlineAnswers.length - shown.length} more answers`));
    }
  }
  const answered = groups.answered.length;
  const expected = model.entries.length - groups.away.length;
  blocks.push(
    context(
      model.closed
        ? `Closed · ${answered} of ${expected} answered${model.inlineAnswers ? "" : " · answers are in the thread"}`
        : `${answered} of ${expected} answered · ${model.inlineAnswers ? "" : "answers in the thread · "}closes ${slackTime(model.closesAt)} · answer with \`/standup\``,
    ),
  );
  const text = truncate(
    md`${mrkdwnSafe(model.standupName, 80)} · ${ours(dayLabel(model.day))}: ${answered} of ${expected} answered${ours(open ? `, ${open} blocker${open === 1 ? "" : "s"}` : "")}${ours(model.closed ? " (closed)" : "")}`,
    300,
  );
  return { text, blocks: blocks.slice(0, MESSAGE_BLOCKS) };
}

/**
 * One person's answer, posted in the report's thread under their name and avatar (the outbox's
 * `author`) and updated in place on edits. No name line here: Slack shows the name as the author,
 * and where the workspace can't post as the person the sender adds it as the first line.
 */
export function standupAnswerMessage(input: {
  standup: Standup;
  day: string;
  name: string;
  answer: StandupAnswer;
  blocker: Blocker | null;
}): SlackMessage {
  const { answer, blocker, name } = input;
  // No public "late" here: answers count until the report closes (the report marks after-close ones).
  const blocks: KnownBlock[] = [];
  for (const item of answer.items) {
    if (!item.answer.trim()) continue;
    blocks.push(
      section(
        `${item.blocker ? "🚧 " : ""}*${mrkdwnSafe(item.question, 150)}*\n${mrkdwnSafe(item.answer, SECTION_MAX - 200)}`,
      ),
    );
  }
  if (blocks.length === 0) blocks.push(context("_(no answers)_"));
  if (answer.revision > 1) blocks.push(context("_(edited)_"));
  if (blocker && !blocker.resolvedAt) {
    blocks.push({
      type: "actions",
      block_id: `standup_blocker_${blocker.id}`,
      elements: [
        {
          type: "button",
          action_id: StandupIds.resolveBlocker,
          text: plain("Mark blocker resolved", 75),
          value: String(blocker.id),
        },
      ],
    });
  } else if (blocker?.resolvedAt) {
    blocks.push(context(`✅ Blocker resolved ${slackTime(blocker.resolvedAt)}`));
  }
  return { text: md`${mrkdwnSafe(name, 80)}'s standup for ${ours(dayLabel(input.day))}`, blocks };
}

/** The DM prompt (or the one reminder) with the button that opens the answer form. */
export function standupPromptMessage(input: {
  standup: Standup;
  day: string;
  reminder: boolean;
}): SlackMessage {
  const { standup, day, reminder } = input;
  const name = mrkdwnSafe(standup.name, 80);
  const text = reminder
    ? md`Reminder: your “${name}” standup for ${ours(dayLabel(day))} is still open.`
    : md`Time for your “${name}” standup (${ours(dayLabel(day))}).`;
  const body = reminder
    ? `⏰ Just once: your *${name}* standup for *${dayLabel(day)}* is still open. It takes a minute.`
    : `👋 Time for your *${name}* standup for *${dayLabel(day)}*. ${pluralise(standup.questions.length, "question")}; the team sees one tidy report in <#${standup.channelId}>.`;
  return {
    text: truncate(text, 300),
    blocks: [
      section(body),
      {
        type: "actions",
        block_id: "standup_prompt",
        elements: [
          {
            type: "button",
            style: "primary",
            action_id: StandupIds.openAnswer,
            text: plain("Write my standup", 75),
            value: String(standup.id),
          },
        ],
      },
      context("You can also type `/standup` anywhere. Away? `/standup away 2026-12-24 2027-01-02`."),
    ],
  };
}

const PROBLEM_TEXT: Record<string, string> = {
  deactivated: "their Slack account is deactivated",
  unknown_user: "Slack doesn't know them any more",
  cannot_dm: "I can't send them direct messages",
  user_disabled: "their Slack account is deactivated",
  account_inactive: "their Slack account is deactivated",
  cannot_dm_bot: "they are a bot, and bots can't answer standups",
  channel_not_found: "I can't send them direct messages",
};

const CHANNEL_TEXT: Record<string, string> = {
  not_in_channel: "I'm not a member of it: invite me with `/invite @scrumbot` in that channel",
  channel_not_found: "I can't see it (private, deleted, or I'm not in it): invite me or pick another channel",
  is_archived: "it is archived: pick another channel with `/standup list` → Edit",
};

/** One clear message to the owner about a problem; the standup carries on for everyone else. */
export function standupNoticeMessage(notice: OwnerNotice): SlackMessage {
  const name = mrkdwnSafe(notice.standup.name, 80);
  let text: string;
  if (notice.kind === "channel") {
    const why = CHANNEL_TEXT[notice.error] ?? `Slack said \`${mrkdwnSafe(notice.error, 100)}\``;
    text = `⚠️ I couldn't post the *${name}* report in <#${notice.standup.channelId}>: ${why}. Answers are saved and the standup carries on; the report appears once I can post there.`;
  } else if (notice.kind === "member") {
    const why = PROBLEM_TEXT[notice.problem] ?? `Slack said \`${mrkdwnSafe(notice.problem, 100)}\``;
    text = `⚠️ I can't prompt *${mrkdwnSafe(notice.name, 80)}* for *${name}*: ${why}. Everyone else is prompted as usual; remove them with \`/standup list\` → Edit if they have left.`;
  } else {
    text = `🚧 A blocker in *${name}* has been open for ${pluralise(notice.days, "standup day")}: *${mrkdwnSafe(notice.name, 80)}* — “${mrkdwnSafe(notice.blocker.text, 500)}” (raised ${dayLabel(notice.blocker.day)}). Could you help unblock it?`;
  }
  return { text: ours(truncate(text.replace(/[*_]/g, ""), 300)), blocks: [section(text)] };
}

/** The builders the service uses. */
export const standupMessages: StandupMessages = {
  parent: standupParentMessage,
  answer: standupAnswerMessage,
  prompt: standupPromptMessage,
  notice: standupNoticeMessage,
};

function scheduleSummary(s: Standup): string {
  const days =
    s.days.length === 5 && [1, 2, 3, 4, 5].every((d) => s.days.includes(d as 0))
      ? "Mon–Fri"
      : s.days.map((d) => WEEKDAYS[d]).join(", ");
  const zone = s.timeZoneMode === "fixed" ? `${s.fixedTimeZone}` : "each person's time zone";
  const reminder =
    s.reminderAfterMinutes === null ? "no reminder" : `reminder after ${s.reminderAfterMinutes} min`;
  return `${days} at ${s.promptTime} (${zone}) · ${reminder} · closes ${Math.round(s.closeAfterMinutes / 60)} h after the last prompt`;
}

/** `/standup list`: every standup of the team, with Edit/Delete for the ones the viewer manages. */
export function standupListMessage(items: { standup: Standup; canManage: boolean }[]): SlackMessage {
  if (items.length === 0) {
    return {
      text: md`No standups yet.`,
      blocks: [
        section(
          "No standups yet. Create one with `/standup setup`: pick a channel, the people, a time and the questions.",
        ),
      ],
    };
  }
  const blocks: KnownBlock[] = [{ type: "header", text: plain(`Standups (${items.length})`, 150) }];
  const shown = items.slice(0, 15);
  for (const { standup: s, canManage } of shown) {
    blocks.push(
      section(
        `*#${s.id} ${mrkdwnSafe(s.name, 80)}* → <#${s.channelId}> · owner <@${s.ownerId}>\n${pluralise(s.participants.length, "participant")} · ${scheduleSummary(s)}`,
      ),
    );
    if (canManage) {
      blocks.push({
        type: "actions",
        block_id: `standup_manage_${s.id}`,
        elements: [
          { type: "button", action_id: StandupIds.edit, text: plain("Edit", 75), value: String(s.id) },
          {
            type: "button",
            action_id: StandupIds.delete,
            style: "danger",
            text: plain("Delete", 75),
            value: String(s.id),
            confirm: {
              title: plain("Delete this standup?", 100),
              text: {
                type: "mrkdwn",
                text: truncate(
                  `No more prompts or reports for *${mrkdwnSafe(s.name, 80)}*. Past reports stay in the channel.`,
                  300,
                ),
              },
              confirm: plain("Delete", 30),
              deny: plain("Keep it", 30),
            },
          },
        ],
      });
    }
  }
  if (items.length > shown.length) blocks.push(context(`… and ${items.length - shown.length} more`));
  return { text: md`${items.length} standups`, blocks };
}

/** `/standup` when the person is in several standups: one button per standup. */
export function standupPickerMessage(standups: Standup[]): SlackMessage {
  const shown = standups.slice(0, 25);
  return {
    text: md`Which standup?`,
    blocks: [
      section("Which standup are you answering?"),
      {
        type: "actions",
        block_id: "standup_pick",
        elements: shown.map((s) => ({
          type: "button" as const,
          action_id: `${StandupIds.openAnswer}_${s.id}`,
          text: plain(s.name, 75),
          value: String(s.id),
        })),
      },
    ],
  };
}

function percent(rate: number | null): string {
  return rate === null ? "—" : `${Math.round(rate * 100)}%`;
}

/** `/standup stats`: your own figures; the owner also sees the team's (privately, never ranked). */
export function standupStatsMessage(stats: StandupStats[]): SlackMessage {
  if (stats.length === 0) {
    return { text: md`No standups for you yet.`, blocks: [section("You're not in any standup yet.")] };
  }
  const blocks: KnownBlock[] = [{ type: "header", text: plain("Your standup participation", 150) }];
  for (const s of stats.slice(0, 10)) {
    const lines = [`*${mrkdwnSafe(s.standup.name, 80)}* · last ${pluralise(s.days, "closed report")}`];
    if (s.mine) {
      lines.push(
        s.mine.expected === 0
          ? "No closed standup days for you yet."
          : `You answered ${s.mine.answered} of ${s.mine.expected} (${percent(s.mine.rate)}) · current streak ${pluralise(s.mine.streak, "day")}`,
      );
    }
    blocks.push(section(lines.join("\n")));
    if (s.team) {
      // Alphabetical, never sorted by rate: this is a health check, not a leaderboard.
      const rows = [...s.team]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map(
          (p) =>
            `• ${mrkdwnSafe(p.name, 80)}: ${p.answered}/${p.expected} (${percent(p.rate)}), streak ${p.streak}`,
        );
      blocks.push(...packed(rows, 3, "people"));
      blocks.push(context("Only you (the owner) see the team's figures."));
    }
    if (blocks.length > 40) break;
  }
  return { text: md`Standup participation`, blocks: blocks.slice(0, MESSAGE_BLOCKS) };
}

export function standupHelpMessage(): SlackMessage {
  const lines = [
    "*Standups*",
    "• `/standup` — write (or edit) today's answer; in the evening it counts for the next standup day",
    "• `/standup setup` — create a standup: channel, people, days, time, time zones, questions, reminder",
    "• `/standup list` — every standup; owners and admins can edit or delete",
    "• `/standup away 2026-12-24 2027-01-02` — no prompts while you're away (shown as away)",
    "• `/standup back` — end your current absence",
    "• `/standup stats` — your streak and answer rate (owners also see the team's)",
  ];
  return { text: md`Standup help`, blocks: [section(lines.join("\n"))] };
}

/** A private one-liner (build it with `md`: typed parts go through mrkdwnSafe). */
export function standupNote(text: Mrkdwn): SlackMessage {
  return { text: ours(truncate(text.replace(/[*`_]/g, ""), 300)), blocks: [section(text)] };
}

export { LONG_WEEKDAYS };
