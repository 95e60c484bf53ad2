/**
 * Retrospective views: the anonymous card modal, the board message (cards grouped by column with dot
 * vote buttons, action items, open items from earlier retros) and the action item modal. Pure builders.
 * Card text is user text: always through `mrkdwnSafe`/`plain`, and the board never names an author
 * (the model has none).
 */
import type { KnownBlock, ModalView } from "@slack/types";
import {
  RETRO_CATEGORIES,
  RETRO_CATEGORY_EMOJI,
  RETRO_CATEGORY_LABELS,
  RETRO_LIMITS,
  type RetroAction,
  type RetroCard,
  type RetroCategory,
} from "../domain/retro.js";
import type { RetroBoard } from "../services/retro.service.js";
import { RetroIds } from "../slack/ids.js";
import { formatDay, md, mrkdwnSafe, packLines, plain, pluralise, truncate, userRef } from "./format.js";
import type { SlackMessage } from "./message.js";

const MAX_BLOCKS = 50;
/** Blocks besides card buttons: header, context, 3 column headers, overflow text + select, actions, carried, buttons. */
const OVERHEAD = 10;
const MAX_CARD_BUTTONS = MAX_BLOCKS - OVERHEAD;
const MAX_SELECT_OPTIONS = 100;

export interface RetroCardModalMetadata {
  channelId: string | null;
}

/** `/retro`: write one anonymous card. */
export function retroCardModal(input: { metadata: RetroCardModalMetadata; waiting: number }): ModalView {
  const options = RETRO_CATEGORIES.map((c) => ({ text: plain(RETRO_CATEGORY_LABELS[c], 75), value: c }));
  return {
    type: "modal",
    callback_id: RetroIds.cardModal,
    private_metadata: JSON.stringify(input.metadata),
    title: plain("Retro card", 24),
    submit: plain("Add card", 24),
    close: plain("Cancel", 24),
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: `:lock: *Anonymous.* Scrumbot stores only the column and the text, never who wrote it. ${
            input.waiting > 0
              ? `${pluralise(input.waiting, "card")} waiting for the retro so far.`
              : "Be the first to add a card."
          }`,
        },
      },
      {
        type: "input",
        block_id: RetroIds.categoryBlock,
        label: plain("Column", 2000),
        element: {
          type: "radio_buttons",
          action_id: RetroIds.input,
          options,
          initial_option: options[0],
        },
      },
      {
        type: "input",
        block_id: RetroIds.textBlock,
        label: plain("Card", 2000),
        element: {
          type: "plain_text_input",
          action_id: RetroIds.input,
          multiline: true,
          max_length: RETRO_LIMITS.cardText,
          placeholder: plain("What went well, what to improve, an idea…", 150),
        },
      },
    ],
  };
}

/** Replaces the card modal after saving (no card text echoed back: nothing to leak in a screenshot either). */
export function retroCardAddedView(cards: number): ModalView {
  return {
    type: "modal",
    title: plain("Retro card", 24),
    close: plain("Done", 24),
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: `:white_check_mark: Card added anonymously. ${pluralise(cards, "card")} waiting for the retro. Add another with \`/retro\`.`,
        },
      },
    ],
  };
}

const dots = (n: number) =>
  n === 0 ? "no votes" : `${"●".repeat(Math.min(n, 10))}${n > 10 ? "…" : ""} ${n}`;
const due = (a: RetroAction) => `due ${formatDay(a.dueOn)}`;
const actionLine = (a: RetroAction) =>
  `${a.state === "done" ? ":ballot_box_with_check:" : ":black_square_button:"} ${mrkdwnSafe(a.text, 300)} — <@${a.ownerId}>, ${due(a)}`;

/** Round-robin over the columns (in board order) so one busy column can't take every button. */
function pickButtonCards(groups: Record<RetroCategory, RetroCard[]>, max: number): Set<string> {
  const picked = new Set<string>();
  for (let i = 0; picked.size < max; i++) {
    let any = false;
    for (const c of RETRO_CATEGORIES) {
      const card = groups[c][i];
      if (card && picked.size < max) {
        picked.add(card.id);
        any = true;
      }
    }
    if (!any) break;
  }
  return picked;
}

/** The retro board in the channel. Running: vote buttons and action items; closed: a read-only summary. */
export function retroBoardMessage(board: RetroBoard): SlackMessage {
  const { retro, groups } = board;
  const running = retro.state === "revealed";
  const blocks: KnownBlock[] = [
    { type: "header", text: plain(running ? "Retrospective" : "Retrospective (closed)", 150) },
    {
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: running
            ? `${pluralise(board.cardCount, "anonymous card")} · ${pluralise(board.voters, "person", "people")} voted · ${board.votesPerPerson} dots each: click a card to vote, again to take it back`
            : `${pluralise(board.cardCount, "anonymous card")} · ${pluralise(board.voters, "person", "people")} voted`,
        },
      ],
    },
  ];
  const buttons = running ? pickButtonCards(groups, MAX_CARD_BUTTONS) : new Set<string>();
  const overflow: RetroCard[] = [];
  for (const c of RETRO_CATEGORIES) {
    const cards = groups[c];
    const rest = cards.filter((card) => !buttons.has(card.id));
    const restText = running
      ? ""
      : (packLines(
          rest.map((card) => `• ${mrkdwnSafe(card.text, 600)}  _${dots(card.votes)}_`),
          2500,
        )[0] ?? "");
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: truncate(
          `${RETRO_CATEGORY_EMOJI[c]} *${RETRO_CATEGORY_LABELS[c]}* (${cards.length})${cards.length === 0 ? "\n_No cards._" : ""}${restText ? `\n${restText}` : ""}`,
          3000,
        ),
      },
    });
    for (const card of cards) {
      if (!buttons.has(card.id)) {
        if (running) overflow.push(card);
        continue;
      }
      blocks.push({
        type: "section",
        text: { type: "mrkdwn", text: mrkdwnSafe(card.text, 2900) },
        accessory: {
          type: "button",
          action_id: RetroIds.vote,
          value: `${retro.id}:${card.id}`,
          text: plain(card.votes === 0 ? "Vote" : `Vote · ${card.votes}`, 75),
        },
      });
    }
  }
  if (overflow.length > 0) {
    const lines = overflow.map((card) => `• ${mrkdwnSafe(card.text, 300)}  _${dots(card.votes)}_`);
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: truncate(`*More cards*\n${lines.join("\n")}`, 3000) },
    });
    const shown = overflow.slice(0, MAX_SELECT_OPTIONS);
    blocks.push({
      type: "actions",
      elements: [
        {
          type: "static_select",
          action_id: RetroIds.voteSelect,
          placeholder: plain(
            overflow.length > MAX_SELECT_OPTIONS
              ? `Vote for one of the first ${MAX_SELECT_OPTIONS} more cards`
              : "Vote for one of these cards",
            150,
          ),
          options: shown.map((card) => ({ text: plain(card.text, 75), value: `${retro.id}:${card.id}` })),
        },
      ],
    });
  }
  blocks.push({
    type: "section",
    text: {
      type: "mrkdwn",
      text: truncate(
        board.actions.length === 0
          ? "*Action items*\n_None yet._"
          : `*Action items*\n${board.actions.map(actionLine).join("\n")}`,
        3000,
      ),
    },
  });
  if (board.carried.length > 0) {
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: truncate(`*Still open from earlier retros*\n${board.carried.map(actionLine).join("\n")}`, 3000),
      },
    });
  }
  if (running) {
    blocks.push({
      type: "actions",
      elements: [
        {
          type: "button",
          action_id: RetroIds.addAction,
          value: String(retro.id),
          style: "primary",
          text: plain("Add action item", 75),
        },
        {
          type: "button",
          action_id: RetroIds.close,
          value: String(retro.id),
          text: plain("Close retro", 75),
          confirm: {
            title: plain("Close the retro?", 100),
            text: plain("Voting ends and action items can no longer be added here.", 300),
            confirm: plain("Close", 30),
            deny: plain("Keep open", 30),
          },
        },
      ],
    });
  }
  return {
    text: md`Retrospective: ${pluralise(board.cardCount, "card")}`,
    blocks: blocks.slice(0, MAX_BLOCKS),
  };
}

export interface RetroActionModalMetadata {
  retroId: number;
  channelId: string | null;
  messageTs: string | null;
}

/** "Add action item": what, who owns it, by when. */
export function retroActionModal(input: {
  metadata: RetroActionModalMetadata;
  defaultDue: string;
}): ModalView {
  return {
    type: "modal",
    callback_id: RetroIds.actionModal,
    private_metadata: JSON.stringify(input.metadata),
    title: plain("Action item", 24),
    submit: plain("Add", 24),
    close: plain("Cancel", 24),
    blocks: [
      {
        type: "input",
        block_id: RetroIds.actionTextBlock,
        label: plain("What will be done", 2000),
        element: { type: "plain_text_input", action_id: RetroIds.input, max_length: RETRO_LIMITS.actionText },
      },
      {
        type: "input",
        block_id: RetroIds.ownerBlock,
        label: plain("Owner", 2000),
        element: { type: "users_select", action_id: RetroIds.input },
      },
      {
        type: "input",
        block_id: RetroIds.dueBlock,
        label: plain("Due", 2000),
        element: { type: "datepicker", action_id: RetroIds.input, initial_date: input.defaultDue },
      },
    ],
  };
}

/** `/retro actions`: the person's open action items with a Done button each. */
export function retroMyActionsMessage(actions: RetroAction[]): SlackMessage {
  if (actions.length === 0) {
    return {
      text: md`You have no open action items.`,
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: "You have no open retro action items. :tada:" } },
      ],
    };
  }
  const shown = actions.slice(0, 45);
  const blocks: KnownBlock[] = [
    { type: "section", text: { type: "mrkdwn", text: `*Your open retro action items* (${actions.length})` } },
    ...shown.map(
      (a): KnownBlock => ({
        type: "section",
        text: { type: "mrkdwn", text: `${mrkdwnSafe(a.text, 2800)}\n_${due(a)}_` },
        accessory: {
          type: "button",
          action_id: RetroIds.actionDone,
          value: String(a.id),
          text: plain("Done", 75),
        },
      }),
    ),
  ];
  if (actions.length > shown.length) {
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: `…and ${actions.length - shown.length} more.` }],
    });
  }
  return { text: md`You have ${pluralise(actions.length, "open action item")}.`, blocks };
}

export const RETRO_HELP =
  "`/retro` adds an anonymous card (went well / to improve / idea) · `/retro reveal` shows the cards in this channel for voting and action items · `/retro actions` lists your open action items.";

/**
 * The DM telling an owner about the action item given to them in a retro (an edit of the board
 * mentions them but sends no notification).
 */
export function retroActionAssignedMessage(action: RetroAction): SlackMessage {
  const text = md`:dart: ${userRef(action.createdBy)} gave you a retro action item: *${mrkdwnSafe(action.text, RETRO_LIMITS.actionText)}*, due ${formatDay(action.dueOn)}. \`/retro actions\` lists yours with a Done button.`;
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
}
