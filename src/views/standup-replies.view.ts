/** Private replies to `/standup delete|away|back` and its buttons. Pure builders. */
import type { Standup } from "../domain/standup/index.js";
import type { ChannelAccessResult } from "../services/digest.service.js";
import { channelRef, md, mrkdwnSafe, ours, pluralise } from "./format.js";
import type { SlackMessage } from "./message.js";
import { dayLabel, standupNote } from "./standup.view.js";

/** A standup was deleted (command or the list's Delete button). */
export function standupDeletedNote(name: string): SlackMessage {
  return standupNote(
    md`🗑️ Deleted *${mrkdwnSafe(name, 80)}*. No more prompts; past reports stay in the channel.`,
  );
}

/** `/standup away FROM TO` saved. */
export function standupAwayNote(range: { from: string; to: string }): SlackMessage {
  return standupNote(
    md`🌴 Got it: no standup prompts from *${ours(dayLabel(range.from))}* to *${ours(dayLabel(range.to))}* (inclusive). You'll show as away in the reports. \`/standup back\` ends it early.`,
  );
}

/** `/standup back`: ended today's absence, or there was none; planned ones are listed. */
export function standupBackNote(result: {
  ended: number;
  upcoming: { from: string; to: string }[];
}): SlackMessage {
  const upcoming = result.upcoming.map((u) => `${dayLabel(u.from)}–${dayLabel(u.to)}`).join(", ");
  return standupNote(
    result.ended > 0
      ? md`👋 Welcome back! You'll be prompted again from your next standup.${ours(upcoming ? ` Planned absences still on: ${upcoming}.` : "")}`
      : md`You weren't marked away today.${ours(upcoming ? ` Planned absences: ${upcoming}.` : "")}`,
  );
}

/** `/standup` from someone in no standup. */
export function notInAnyStandupNote(): SlackMessage {
  return standupNote(
    ours("You're not in any standup. Create one with `/standup setup`, or see `/standup help`."),
  );
}

const CHANNEL_PROBLEM: Record<Exclude<ChannelAccessResult, "ok">, string> = {
  not_in_channel: "I'm not a member of that channel: invite me there with `/invite @scrumbot`",
  channel_not_found:
    "I can't see that channel (private or deleted): invite me there with `/invite @scrumbot` or pick another one",
  is_archived: "that channel is archived: pick another one with `/standup list` → Edit",
};

/** `/standup setup` saved: who is asked when, where the report goes, and a warning if it can't go there yet. */
export function standupSavedNote(
  standup: Standup,
  created: boolean,
  access: ChannelAccessResult,
): SlackMessage {
  const verb = created ? "created" : "updated";
  const channelNote =
    access === "ok" ? "" : ` ⚠️ But ${CHANNEL_PROBLEM[access]}, so the report can't be posted there yet.`;
  return standupNote(
    md`✅ Standup *${mrkdwnSafe(standup.name, 80)}* ${ours(verb)}: ${pluralise(standup.participants.length, "participant")} ${ours(standup.participants.length === 1 ? "is" : "are")} asked at ${ours(standup.promptTime)} ${ours(standup.timeZoneMode === "fixed" ? `(${standup.fixedTimeZone})` : "in their own time zone")}; the report goes to ${channelRef(standup.channelId)}.${ours(channelNote)}`,
  );
}
