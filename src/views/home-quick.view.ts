/**
 * What Home's quick actions open (pure builders): the backlog and the triage inbox as modals (Home
 * has no channel to reply in), and the answer when "Write my standup" finds no standup. Buttons
 * that page or replace a message need a message to update, so the modals leave them out and say
 * where the rest is (`/backlog`, `/backlog triage`).
 */
import type { KnownBlock, ModalView } from "@slack/types";
import type { TriagePage } from "../services/request.service.js";
import { mrkdwnSafe, plain, pluralise } from "./format.js";
import type { SlackMessage } from "./message.js";
import { triageMessage } from "./request.view.js";

/** Slack's limit of blocks in a modal. */
const MODAL_BLOCKS = 100;

const context = (text: string): KnownBlock => ({ type: "context", elements: [{ type: "mrkdwn", text }] });

function modal(title: string, blocks: KnownBlock[]): ModalView {
  return {
    type: "modal",
    title: plain(title, 24),
    close: plain("Close", 24),
    blocks: blocks.slice(0, MODAL_BLOCKS),
  };
}

/**
 * "Open backlog": the first page of `/backlog` as this person sees it (read-only rows, readiness
 * marks), without its paging buttons.
 */
export function backlogModal(listing: SlackMessage, total: number, shown: number): ModalView {
  const blocks: KnownBlock[] = listing.blocks.filter((b) => b.type !== "actions");
  if (total > shown) {
    blocks.push(
      context(`${pluralise(total - shown, "more story", "more stories")}: \`/backlog\` in any channel`),
    );
  }
  blocks.push(context("Search, edit and reorder with `/backlog` in any channel."));
  return modal("Product backlog", blocks);
}

/** "Triage": the inbox's first page with Accept / Merge / Decline on each request. */
export function triageModal(page: TriagePage): ModalView {
  const blocks = triageMessage(page).blocks.filter((b) => b.block_id !== "triage_nav");
  const shown = page.offset + page.requests.length;
  if (page.total > shown) {
    blocks.push(
      context(`${pluralise(page.total - shown, "more request")}: \`/backlog triage\` in any channel`),
    );
  }
  return modal("Triage inbox", blocks);
}

/** "Write my standup" for someone in no standup: why nothing opened, and what to do. */
export function noStandupModal(): ModalView {
  return modal("Write my standup", [
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: "You're not in any standup yet, so there is nothing to write.\n• Ask the standup's owner to add you (`/standup list` shows every standup and its owner).\n• Or start one for your team: `/standup setup` in the team's channel.",
      },
    },
  ]);
}

/** "Write my standup" when none of the person's standups has a standup day coming. */
export function noStandupDayModal(names: readonly string[]): ModalView {
  const list = names
    .slice(0, 10)
    .map((n) => `“${mrkdwnSafe(n, 80)}”`)
    .join(", ");
  return modal("Write my standup", [
    {
      type: "section",
      text: { type: "mrkdwn", text: `${list}: no upcoming standup day, so there is nothing to write yet.` },
    },
    context("`/standup list` shows your standups and their days; their owner can change them."),
  ]);
}
