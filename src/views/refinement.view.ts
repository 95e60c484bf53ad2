/** The refinement agenda: not-ready items with what each is missing, and buttons. Pure, within limits. */
import type { KnownBlock } from "@slack/types";
import { type RefinementSettings, WEEKDAY_NAMES } from "../domain/refinement.js";
import { userStorySentence } from "../domain/story.js";
import type { RefinementAgenda } from "../services/refinement.service.js";
import { RefineIds } from "../slack/ids.js";
import { mrkdwnSafe, plain, truncate } from "./format.js";
import { type SlackMessage, storyFacts } from "./story.view.js";

export function refinementAgendaMessage(agenda: RefinementAgenda): SlackMessage {
  const blocks: KnownBlock[] = [{ type: "header", text: plain("🧹 Backlog refinement", 150) }];
  if (agenda.items.length === 0) {
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: "Every open item meets the Definition of Ready. Nothing to refine 🎉" },
    });
    return { text: "Backlog refinement: nothing to refine", blocks };
  }
  blocks.push({
    type: "context",
    elements: [
      {
        type: "mrkdwn",
        text: "The next items in backlog order that aren't ready yet, and what each one needs.",
      },
    ],
  });
  for (const { story, missing } of agenda.items.slice(0, 20)) {
    const needs = missing.map((p) => `• ${mrkdwnSafe(p.missing ?? p.label, 300)}`).join("\n");
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: truncate(
          `*#${story.number}* ${mrkdwnSafe(story.title, 300)} · ${storyFacts(story)}\n${needs}`,
          3000,
        ),
      },
    });
    blocks.push({
      type: "actions",
      block_id: `refine_${story.number}`,
      elements: [
        { type: "button", text: plain("Open", 75), action_id: RefineIds.open, value: String(story.number) },
        {
          type: "button",
          text: plain("🃏 Estimate (poker)", 75),
          action_id: RefineIds.estimate,
          value: String(story.number),
        },
      ],
    });
  }
  if (agenda.more > 0) {
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: `…and ${agenda.more} more not ready.` }],
    });
  }
  return { text: `Backlog refinement: ${agenda.items.length} item(s) to refine`, blocks };
}

export function refinementStoryMessage(story: Parameters<typeof storyFacts>[0]): SlackMessage {
  const lines = [`*#${story.number}* ${mrkdwnSafe(story.title, 500)}`, storyFacts(story)];
  const sentence = userStorySentence(story);
  if (sentence) lines.push(`>${mrkdwnSafe(sentence, 1500)}`);
  for (const c of story.acceptanceCriteria.slice(0, 20)) lines.push(`• ${mrkdwnSafe(c, 300)}`);
  return {
    text: `#${story.number} ${truncate(story.title, 80)}`,
    blocks: [{ type: "section", text: { type: "mrkdwn", text: truncate(lines.join("\n"), 3000) } }],
  };
}

export function refinementSetupMessage(s: RefinementSettings, nextAt: Date | null): SlackMessage {
  const when = nextAt
    ? ` The next one: <!date^${Math.floor(nextAt.getTime() / 1000)}^{date_long_pretty} {time}|${nextAt.toISOString()}>.`
    : "";
  const text = `🗓 Every ${WEEKDAY_NAMES[s.weekday]} at ${s.time} (${s.timeZone}) I'll post the refinement agenda (${s.itemCount} item${s.itemCount === 1 ? "" : "s"}) in <#${s.channelId}>.${when}`;
  return { text: "Refinement scheduled", blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
}
