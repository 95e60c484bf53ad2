/**
 * Planning poker: the session message (who voted, never the values, until the reveal) and the
 * private vote modal. Pure builders within Slack's limits (≤ 50 blocks, sections ≤ 3,000).
 */
import type { ActionsBlock, Button, KnownBlock, ModalView, PlainTextOption } from "@slack/types";
import { CARD_LABELS, POKER_CARDS, POKER_REASON_MAX, type PokerCard } from "../domain/poker.js";
import { STORY_POINTS, type StoryPoints, userStorySentence } from "../domain/story.js";
import type { PokerBoard } from "../services/poker.service.js";
import { PokerIds, STORY_INPUT_ACTION } from "../slack/ids.js";
import {
  formatPoints,
  type Mrkdwn,
  md,
  mrkdwnSafe,
  ours,
  packLines,
  plain,
  truncate,
  userRef,
} from "./format.js";
import type { SlackMessage } from "./message.js";

export interface PokerVoteMetadata {
  sessionId: number;
  channelId: string;
}

const pts = formatPoints;
const mentions = (ids: string[]) => ids.map((u) => `<@${u}>`).join(" ");

function slackTime(d: Date): string {
  const iso = d.toISOString();
  return `<!date^${Math.floor(d.getTime() / 1000)}^{date_short_pretty} {time}|${iso.slice(0, 16).replace("T", " ")} UTC>`;
}

const button = (text: string, actionId: string, value: string, style?: "primary" | "danger"): Button => ({
  type: "button",
  text: plain(text, 75),
  action_id: actionId,
  value,
  ...(style ? { style } : {}),
});

/** The channel message for a session in any state. */
export function pokerMessage(board: PokerBoard): SlackMessage {
  const { session, story } = board;
  const id = String(session.id);
  const blocks: KnownBlock[] = [
    { type: "header", text: plain(`🃏 Planning poker: #${story.number} ${story.title}`, 150) },
  ];
  const meta = [`Facilitator <@${session.facilitatorId}>`];
  if (session.round > 1) meta.push(`round ${session.round}`);
  if (session.deadlineAt && session.state === "voting") {
    meta.push(`cards reveal themselves ${slackTime(session.deadlineAt)}`);
  }
  // The estimate shows only once the cards are on the table: before that it anchors the voters.
  if (board.revealed && session.state === "revealed") {
    const now = board.revealed.currentEstimate;
    meta.push(now === null ? "not estimated before" : `estimated at ${pts(now)} before`);
  }
  blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: truncate(meta.join(" · "), 3000) }] });
  if (session.state === "voting" || session.state === "revealed") blocks.push(...storyBlocks(story));

  if (session.state === "voting") {
    const voted = board.voters;
    const waiting = session.invited.filter((u) => !voted.includes(u));
    const total =
      session.invited.length > 0 ? `${voted.length}/${session.invited.length}` : `${voted.length}`;
    const lines = [
      voted.length === 0
        ? "*Voted:* nobody yet. Votes stay hidden until the reveal."
        : `*Voted (${total}):* ${mentions(voted)}`,
    ];
    if (waiting.length > 0) lines.push(`*Waiting for:* ${mentions(waiting)}`);
    for (const chunk of packLines(lines, 2900).slice(0, 2)) {
      blocks.push({ type: "section", text: { type: "mrkdwn", text: chunk } });
    }
    // One click votes: each card is a button (its value is the card, the same for everyone).
    blocks.push({
      type: "actions",
      block_id: `poker_cards_${id}`,
      elements: POKER_CARDS.map((card) => ({
        ...button(card === "coffee" ? "☕" : CARD_LABELS[card], `${PokerIds.pick}${card}`, `${id}:${card}`),
        accessibility_label: cardAccessibilityLabel(card),
      })),
    });
    blocks.push({
      type: "actions",
      block_id: `poker_actions_${id}`,
      elements: [
        button("Vote with a reason", PokerIds.vote, id),
        button("Reveal cards", PokerIds.reveal, id),
        button("Cancel", PokerIds.cancel, id, "danger"),
      ],
    });
    blocks.push({
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: "Pick a card to vote; only you see your card until the reveal. Click another card to change it.",
        },
      ],
    });
    return { text: md`Planning poker for #${story.number}: ${voted.length} voted`, blocks };
  }

  if (session.state === "cancelled") {
    blocks.push({ type: "section", text: { type: "mrkdwn", text: "_This session was cancelled._" } });
    return { text: md`Planning poker for #${story.number} cancelled`, blocks };
  }

  const revealed = board.revealed;
  const votes = revealed?.votes ?? [];
  const summary = revealed?.summary;
  const voteLines = votes.map((v) => {
    const reason = v.reason ? ` · ${mrkdwnSafe(v.reason, POKER_REASON_MAX + 40)}` : "";
    return `<@${v.userId}>  *${CARD_LABELS[v.value]}*${reason}`;
  });
  const chunks = packLines(voteLines.length ? voteLines : ["Nobody voted."], 2900);
  // Keep room for the summary and buttons: at most 40 sections of votes (≈ thousands of votes).
  for (const chunk of chunks.slice(0, 40)) {
    blocks.push({ type: "section", text: { type: "mrkdwn", text: chunk.replace(/\n\n/g, "\n") } });
  }
  const facts: string[] = [];
  if (summary?.min !== null && summary?.max !== null && summary) {
    facts.push(
      summary.consensus
        ? `*Consensus:* everyone said ${pts(summary.min ?? 0)}`
        : `*Spread:* ${summary.min} → ${summary.max}`,
    );
  }
  if (summary?.suggested) facts.push(`*Suggested:* ${pts(summary.suggested)} (median, rounded up)`);
  if (summary?.unsure) facts.push(`${summary.unsure} × ?`);
  if (summary?.coffee) facts.push(`${summary.coffee} × ☕`);
  if (facts.length) blocks.push({ type: "section", text: { type: "mrkdwn", text: facts.join("   ") } });

  if (session.state === "accepted") {
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: `✅ #${story.number} is now estimated at *${pts(session.acceptedEstimate ?? 0)}*${
          session.acceptedBy ? `, accepted by ${userRef(session.acceptedBy)}` : ""
        }.`,
      },
    });
    return { text: md`#${story.number} estimated at ${ours(pts(session.acceptedEstimate ?? 0))}`, blocks };
  }

  if (summary?.wide) {
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: `⚠️ *Wide spread* (${summary.min} and ${summary.max} are ${summary.spreadSteps} cards apart): let the highest and lowest voters explain, then re-vote.`,
      },
    });
  }
  const elements: ActionsBlock["elements"] = [];
  if (summary?.suggested) {
    elements.push(
      button(
        `Accept ${pts(summary.suggested)}`,
        PokerIds.accept,
        `${id}:${summary.suggested}`,
        summary.wide ? undefined : "primary",
      ),
    );
  }
  const option = (p: StoryPoints): PlainTextOption => ({ text: plain(pts(p), 75), value: `${id}:${p}` });
  elements.push({
    type: "static_select",
    action_id: PokerIds.acceptOther,
    placeholder: plain("Accept another estimate", 150),
    options: STORY_POINTS.map(option),
  });
  elements.push(button("🔁 Re-vote", PokerIds.revote, id, summary?.wide ? "primary" : undefined));
  elements.push(button("Cancel", PokerIds.cancel, id, "danger"));
  blocks.push({ type: "actions", block_id: `poker_decide_${id}`, elements });
  return { text: md`Planning poker for #${story.number}: cards revealed`, blocks };
}

/** What a screen reader says for a card button ("Vote 5 points", "Vote: I need a break"). */
function cardAccessibilityLabel(card: PokerCard): string {
  if (card === "coffee") return "Vote: I need a break";
  if (card === "?") return "Vote: no idea";
  return `Vote ${card} ${card === "1" ? "point" : "points"}`;
}

/** Criteria shown on the board: enough to discuss, within two sections. */
const CRITERIA_SECTIONS = 2;

/** The user story and its acceptance criteria, so voters estimate the same thing. */
function storyBlocks(story: PokerBoard["story"]): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  const sentence = userStorySentence(story);
  if (sentence) {
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: md`>${mrkdwnSafe(sentence, 2900).replace(/\n/g, "\n>") as Mrkdwn}` },
    });
  }
  const criteria = story.acceptanceCriteria.map((c) => md`• ${mrkdwnSafe(c, 500)}`);
  if (criteria.length > 0) {
    const chunks = packLines([md`*Acceptance criteria*`, ...criteria], 2900)
      .map((chunk) => chunk.replace(/\n\n/g, "\n") as Mrkdwn)
      .slice(0, CRITERIA_SECTIONS);
    for (const chunk of chunks) blocks.push({ type: "section", text: { type: "mrkdwn", text: chunk } });
  } else {
    blocks.push({
      type: "context",
      elements: [
        { type: "mrkdwn", text: "No acceptance criteria yet: agree on what done means before voting." },
      ],
    });
  }
  return blocks;
}

const cardOption = (c: PokerCard): PlainTextOption => ({
  text: plain(c === "coffee" ? "☕ I need a break" : c === "?" ? "? No idea" : pts(Number(c)), 75),
  value: c,
});

/** The private vote: a card and an optional one-line reason. */
export function pokerVoteModal(board: PokerBoard, channelId: string): ModalView {
  const metadata: PokerVoteMetadata = { sessionId: board.session.id, channelId };
  return {
    type: "modal",
    callback_id: PokerIds.voteModal,
    private_metadata: JSON.stringify(metadata),
    title: plain("Your vote", 24),
    submit: plain("Vote", 24),
    close: plain("Cancel", 24),
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: `*#${board.story.number}* ${mrkdwnSafe(board.story.title, 2800)}`,
        },
      },
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            text: "Only you see your card until the reveal. You can vote again to change it.",
          },
        ],
      },
      {
        type: "input",
        block_id: PokerIds.cardBlock,
        label: plain("Your card", 2000),
        element: {
          type: "static_select",
          action_id: STORY_INPUT_ACTION,
          placeholder: plain("Pick a card", 150),
          options: POKER_CARDS.map(cardOption),
        },
      },
      {
        type: "input",
        block_id: PokerIds.reasonBlock,
        optional: true,
        label: plain("Why? (one line, shown at the reveal)", 2000),
        element: {
          type: "plain_text_input",
          action_id: STORY_INPUT_ACTION,
          max_length: POKER_REASON_MAX,
          placeholder: plain("e.g. the export touches three services", 150),
        },
      },
    ],
  };
}

export function pokerVotedMessage(storyNumber: number, value: PokerCard): SlackMessage {
  const text = `🗳 Your vote *${CARD_LABELS[value]}* for #${storyNumber} is in. Only you see it until the reveal; pick another card to change it, or use *Vote with a reason* to say why.`;
  return {
    text: md`Vote recorded for #${storyNumber}`,
    blocks: [{ type: "section", text: { type: "mrkdwn", text } }],
  };
}
