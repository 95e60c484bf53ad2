/** The refinement agenda: not-ready items with what each is missing, and buttons. Pure, within limits. */
import type { KnownBlock } from "@slack/types";
import { type RefinementSettings, WEEKDAY_NAMES } from "../domain/refinement.js";
import { localDateTimeOf } from "../domain/schedule/index.js";
import { type Story, userStorySentence } from "../domain/story.js";
import type { ChannelAccessResult } from "../services/digest.service.js";
import { AGENDA_MAX_ITEMS, type AgendaItem, type RefinementAgenda } from "../services/refinement.service.js";
import { RefineIds } from "../slack/ids.js";
import { formatPlainDate } from "./forecast.view.js";
import { md, mrkdwnSafe, plain, pluralise, truncate } from "./format.js";
import type { SlackMessage } from "./message.js";
import { storyFacts } from "./story.view.js";

/**
 * The agenda message. Each item shows what its Definition of Ready misses, or that it now meets it
 * (after an edit) or is marked ready (after Mark ready, when the message is updated in place), with
 * Open / Edit / Mark ready / Estimate buttons (Open / Edit once it is ready). Each item's actions
 * block has the id `refine_<number>`, from which the listener reads the agenda's items back.
 * At most {@link AGENDA_MAX_ITEMS} items (43 blocks); the rest are counted in the last line.
 */
export function refinementAgendaMessage(agenda: RefinementAgenda): SlackMessage {
  const blocks: KnownBlock[] = [{ type: "header", text: plain("🧹 Backlog refinement", 150) }];
  const shown = agenda.items.slice(0, AGENDA_MAX_ITEMS);
  const more = agenda.more + (agenda.items.length - shown.length);
  if (shown.length === 0 && more === 0) {
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: "Every open item meets the Definition of Ready. Nothing to refine 🎉" },
    });
    return { text: md`Backlog refinement: nothing to refine`, blocks };
  }
  const ready = shown.filter(isMarkedReady).length;
  blocks.push({
    type: "context",
    elements: [
      {
        type: "mrkdwn",
        text: `The next items in backlog order that aren't ready yet, and what each one needs.${
          ready > 0 ? ` ✅ ${ready} of ${shown.length} marked ready so far.` : ""
        }`,
      },
    ],
  });
  for (const item of shown) {
    const { story, missing } = item;
    const n = String(story.number);
    const status = isMarkedReady(item)
      ? "✅ *Ready to plan*"
      : missing.length === 0
        ? "✅ Meets the Definition of Ready now: press *Mark ready*."
        : missing.map((p) => `• ${mrkdwnSafe(p.missing ?? p.label, 300)}`).join("\n");
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: truncate(
          `*#${story.number}* ${mrkdwnSafe(story.title, 300)} · ${storyFacts(story)}\n${status}`,
          3000,
        ),
      },
    });
    const open = { type: "button" as const, text: plain("Open", 75), action_id: RefineIds.open, value: n };
    const edit = { type: "button" as const, text: plain("Edit", 75), action_id: RefineIds.edit, value: n };
    blocks.push({
      type: "actions",
      block_id: `${RefineIds.itemBlockPrefix}${n}`,
      elements: isMarkedReady(item)
        ? [open, edit]
        : [
            open,
            edit,
            {
              type: "button",
              text: plain("Mark ready", 75),
              action_id: RefineIds.markReady,
              value: n,
              ...(missing.length === 0 ? { style: "primary" as const } : {}),
            },
            {
              type: "button",
              text: plain("Estimate (poker)", 75),
              action_id: RefineIds.estimate,
              value: n,
            },
          ],
    });
  }
  if (more > 0) {
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: `…and ${more} more not ready.` }],
    });
  }
  const toRefine = shown.length - ready;
  return {
    text:
      toRefine > 0
        ? md`Backlog refinement: ${pluralise(toRefine, "item")} to refine`
        : md`Backlog refinement: every item on this agenda is ready`,
    blocks,
  };
}

/** Marked ready and still meeting the Definition of Ready (what it misses is shown otherwise). */
const isMarkedReady = (item: AgendaItem) => item.story.status === "ready" && item.missing.length === 0;

export function refinementStoryMessage(story: Story): SlackMessage {
  const lines = [`*#${story.number}* ${mrkdwnSafe(story.title, 500)}`, storyFacts(story)];
  const sentence = userStorySentence(story);
  if (sentence) lines.push(`>${mrkdwnSafe(sentence, 1500)}`);
  for (const c of story.acceptanceCriteria.slice(0, 20)) lines.push(`• ${mrkdwnSafe(c, 300)}`);
  return {
    text: md`#${story.number} ${mrkdwnSafe(story.title, 80)}`,
    blocks: [{ type: "section", text: { type: "mrkdwn", text: truncate(lines.join("\n"), 3000) } }],
  };
}

const CHANNEL_PROBLEM: Record<Exclude<ChannelAccessResult, "ok">, string> = {
  not_in_channel: "I'm not a member of that channel: invite me there with `/invite @scrumbot`",
  channel_not_found:
    "I can't see that channel (private or deleted): invite me there with `/invite @scrumbot` or pick another one",
  is_archived: "that channel is archived: pick another one with `/refine setup`",
};

/**
 * "Thursday 3 Dec 2026 at 14:00": an instant as a person in `zone` reads it (no locale, same on
 * every server). Example: 2026-12-03T13:00Z in Europe/Berlin (UTC+1 in winter) → 14:00.
 */
export function localWhen(instant: Date, zone: string): string {
  const local = localDateTimeOf(instant, zone);
  const date = local.slice(0, 10);
  return `${formatPlainDate(date)} at ${local.slice(11)}`;
}

/**
 * The private confirmation of `/refine setup`: the weekly rule (in the schedule's zone), the next
 * agenda in the person's own zone (`viewerZone`; the schedule's when not given), and a warning
 * when the bot can't post in the channel yet (`channel`, from `conversations.info`).
 */
export function refinementSetupMessage(
  s: RefinementSettings,
  nextAt: Date | null,
  opts: { viewerZone?: string; channel?: ChannelAccessResult } = {},
): SlackMessage {
  const zone = opts.viewerZone ?? s.timeZone;
  const yours = zone === s.timeZone ? ` (${zone})` : ` your time (${zone})`;
  const when = nextAt ? ` The next one: ${localWhen(nextAt, zone)}${yours}.` : "";
  const warning =
    opts.channel && opts.channel !== "ok"
      ? ` ⚠️ But ${CHANNEL_PROBLEM[opts.channel]}, so the agenda can't be posted there yet.`
      : "";
  const text = `🗓 Every ${WEEKDAY_NAMES[s.weekday]} at ${s.time} (${s.timeZone}) I'll post the refinement agenda (${s.itemCount} item${s.itemCount === 1 ? "" : "s"}) in <#${s.channelId}>.${when}${warning}`;
  return { text: md`Refinement scheduled`, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
}
