/**
 * `/scrum status`: schedules with their next run in the VIEWER's time zone, the outbox backlog,
 * and (for admins) recent failures in plain words, e.g.
 * "I'm not in <#C123>: invite me with `/invite @scrumbot`".
 */
import type { KnownBlock } from "@slack/types";
import type { SchedulingStatus } from "../services/scheduling-status.service.js";
import { md, mrkdwnSafe, packLines, pluralise } from "./format.js";
import type { SlackMessage } from "./message.js";

const MAX_SCHEDULES = 25;

/** "Tue 1 Dec, 09:00" in `timeZone` (with the year when it isn't `now`'s year). */
export function formatInZone(instant: Date, timeZone: string, now: Date): string {
  const parts: Record<string, string> = {};
  const formatter = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  for (const p of formatter.formatToParts(instant)) parts[p.type] = p.value;
  const year = instant.getUTCFullYear() === now.getUTCFullYear() ? "" : ` ${parts.year}`;
  return `${parts.weekday} ${parts.day} ${parts.month}${year}, ${parts.hour}:${parts.minute}`;
}

/** A conversation reference Slack renders as a name: `<#C…>` for channels, `<@U…>` for people. */
function target(id: string): string {
  if (/^[CG][A-Z0-9]{2,}$/.test(id)) return `<#${id}>`;
  if (/^[UW][A-Z0-9]{2,}$/.test(id)) return `<@${id}>`;
  if (/^D[A-Z0-9]{2,}$/.test(id)) return "a direct message";
  return `\`${mrkdwnSafe(id, 80)}\``;
}

/** Slack's error code for a message, in plain words with what to do about it. */
export function explainFailure(error: string, channel: string): string {
  const where = target(channel);
  switch (error) {
    case "not_in_channel":
      return `I'm not in ${where}: invite me with \`/invite @scrumbot\`.`;
    case "channel_not_found":
      return `I can't find ${where}: it was deleted, or it is private and I'm not in it. Invite me or pick another channel.`;
    case "is_archived":
    case "channel_is_archived":
      return `${where} is archived: unarchive it or pick another channel.`;
    case "user_disabled":
    case "account_inactive":
      return `${where}'s account is deactivated: take them off the ceremony.`;
    case "user_not_found":
      return `Slack doesn't know ${where} any more: take them off the ceremony.`;
    case "cannot_dm_bot":
      return `${where} is a bot, and bots can't get direct messages.`;
    case "invalid_blocks":
    case "invalid_blocks_format":
      return `Slack refused the layout of a message for ${where}. That's a scrumbot bug: please report it.`;
    case "msg_too_long":
      return `A message for ${where} was too long for Slack.`;
    case "thread_parent_failed":
      return `A thread reply in ${where} wasn't sent because the message it replies to failed.`;
    case "update_target_failed":
      return `An update in ${where} wasn't sent because the original message failed.`;
    case "restricted_action":
    case "restricted_action_read_only_channel":
      return `${where} doesn't let me post (posting is restricted there).`;
    default:
      return `Slack refused a message for ${where} (\`${mrkdwnSafe(error, 80)}\`).`;
  }
}

function runReason(reason: string | null, error: string | null): string {
  if (reason === "missed_beyond_grace") return "skipped: I was down and it was too late to send";
  if (reason === "workspace_paused") return "skipped: scrumbot was uninstalled from this workspace";
  if (reason === "interrupted_beyond_grace")
    return "skipped: I stopped while running it, and it was too late to retry";
  if (error) return `failed: ${mrkdwnSafe(error, 200)}`;
  return "failed";
}

export function scrumStatusMessage(status: SchedulingStatus): SlackMessage {
  const zone = status.viewerTimeZone;
  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: "Scrumbot status", emoji: true } },
  ];

  const scheduleLines = status.schedules.slice(0, MAX_SCHEDULES).map((s) => {
    const next = s.nextDueAt ? `${formatInZone(s.nextDueAt, zone, status.now)}` : "no further runs";
    return `• *${mrkdwnSafe(s.label, 200)}* — next: ${next}`;
  });
  if (status.schedules.length > MAX_SCHEDULES) {
    scheduleLines.push(`…and ${pluralise(status.schedules.length - MAX_SCHEDULES, "more schedule")}.`);
  }
  blocks.push({
    type: "section",
    text: {
      type: "mrkdwn",
      text:
        status.schedules.length === 0
          ? "*Schedules*\nNothing is scheduled yet."
          : `*Schedules* (times in your zone, ${mrkdwnSafe(zone, 60)})`,
    },
  });
  for (const text of packLines(scheduleLines, 2900)) {
    blocks.push({ type: "section", text: { type: "mrkdwn", text: text.replace(/\n\n/g, "\n") } });
  }

  const pending = status.outbox.pending ?? 0;
  const failed = status.outbox.failed ?? 0;
  blocks.push({
    type: "context",
    elements: [
      {
        type: "mrkdwn",
        text: `Outbox: ${pluralise(pending, "message")} waiting, ${pluralise(status.outbox.sent ?? 0, "message")} sent, ${failed} failed.`,
      },
    ],
  });

  if (status.failures === null) {
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: "Delivery problems are shown to admins." }],
    });
  } else {
    blocks.push({ type: "divider" });
    const lines = status.failures.map(
      (f) =>
        `• ${explainFailure(f.error, f.channel)}${f.purpose ? ` _(${mrkdwnSafe(f.purpose, 100)}, ${formatInZone(f.at, zone, status.now)})_` : ` _(${formatInZone(f.at, zone, status.now)})_`}`,
    );
    for (const r of status.problemRuns ?? []) {
      lines.push(
        `• *${mrkdwnSafe(r.label, 200)}* due ${formatInZone(r.dueAt, zone, status.now)}: ${runReason(r.reason, r.error)}.`,
      );
    }
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: lines.length === 0 ? "*Recent problems*\nNone: everything was delivered." : "*Recent problems*",
      },
    });
    for (const text of packLines(lines, 2900)) {
      blocks.push({ type: "section", text: { type: "mrkdwn", text: text.replace(/\n\n/g, "\n") } });
    }
  }
  return { text: md`Scrumbot status`, blocks: blocks.slice(0, 50) };
}
