/**
 * Retrospectives: anonymous cards (went well / to improve / idea), dot votes, action items.
 * Pure rules, no Slack or SQL.
 *
 * Anonymity is by construction: nothing in this module (or below it) takes the author of a card.
 * `RetroCard` has no author field, and `validateCard` has no user parameter to pass one through.
 */
import { ValidationError } from "../lib/errors.js";
import { isValidLocalDate } from "./schedule/index.js";

export const RETRO_CATEGORIES = ["well", "improve", "idea"] as const;
export type RetroCategory = (typeof RETRO_CATEGORIES)[number];
export const RETRO_CATEGORY_LABELS: Record<RetroCategory, string> = {
  well: "Went well",
  improve: "To improve",
  idea: "Idea",
};
export const RETRO_CATEGORY_EMOJI: Record<RetroCategory, string> = {
  well: ":white_check_mark:",
  improve: ":hammer_and_wrench:",
  idea: ":bulb:",
};

export const RETRO_LIMITS = {
  cardText: 500,
  actionText: 300,
  /** Dot votes each person may spend per retro. */
  votesPerPerson: 3,
  /** Cards one retro takes: a board people can still read and vote on in one meeting. */
  cardsPerRetro: 200,
} as const;

/** collecting: cards are being added; revealed: the retro is running (votes, action items); closed. */
export type RetroState = "collecting" | "revealed" | "closed";

export interface Retro {
  id: number;
  teamId: string;
  channelId: string;
  state: RetroState;
  createdAt: Date;
  revealedAt: Date | null;
  closedAt: Date | null;
}

/**
 * A card: what it says and how many dots it got. Deliberately no author, and no writing order:
 * `id` is the card's random public id (16 hex digits), not its row number.
 */
export interface RetroCard {
  id: string;
  retroId: number;
  category: RetroCategory;
  text: string;
  votes: number;
}

export interface RetroAction {
  id: number;
  retroId: number;
  text: string;
  ownerId: string;
  /** Local date "2026-12-12". */
  dueOn: string;
  state: "open" | "done";
  createdBy: string;
  createdAt: Date;
  doneAt: Date | null;
}

export function isRetroCategory(v: string): v is RetroCategory {
  return (RETRO_CATEGORIES as readonly string[]).includes(v);
}

/** Validates a card; keys of the ValidationError are `category` and `text`. */
export function validateCard(input: { category: string; text: string }): {
  category: RetroCategory;
  text: string;
} {
  const errors: Record<string, string> = {};
  const text = input.text.trim();
  if (!isRetroCategory(input.category)) errors.category = "Pick a column: went well, to improve or idea.";
  if (!text) errors.text = "Write something on the card.";
  else if (text.length > RETRO_LIMITS.cardText)
    errors.text = `Keep it under ${RETRO_LIMITS.cardText} characters.`;
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { category: input.category as RetroCategory, text };
}

/** Validates an action item; keys are `text`, `ownerId`, `dueOn`. `today` is the local date now. */
export function validateAction(
  input: { text: string; ownerId: string; dueOn: string },
  today: string,
): { text: string; ownerId: string; dueOn: string } {
  const errors: Record<string, string> = {};
  const text = input.text.trim();
  if (!text) errors.text = "Say what will be done.";
  else if (text.length > RETRO_LIMITS.actionText)
    errors.text = `Keep it under ${RETRO_LIMITS.actionText} characters.`;
  if (!/^[UW][A-Z0-9]+$/.test(input.ownerId)) errors.ownerId = "Pick who owns it.";
  if (!isValidLocalDate(input.dueOn)) errors.dueOn = "Pick a due date.";
  else if (input.dueOn < today) errors.dueOn = "The due date is in the past.";
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { text, ownerId: input.ownerId, dueOn: input.dueOn };
}

/**
 * Cards grouped by column. While voting is open (`byVotes` false) the order is fixed: by text, then
 * by random public id, so a button never moves under someone's cursor. Once voting has closed, most-
 * voted first with the same tie-breaks. Never by writing order, which could hint at who wrote a card.
 */
export function groupCards(cards: readonly RetroCard[], byVotes = true): Record<RetroCategory, RetroCard[]> {
  const groups: Record<RetroCategory, RetroCard[]> = { well: [], improve: [], idea: [] };
  for (const c of cards) groups[c.category].push(c);
  const fixed = (a: RetroCard, b: RetroCard) =>
    a.text.localeCompare(b.text) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  for (const k of RETRO_CATEGORIES) {
    groups[k].sort((a, b) => (byVotes ? b.votes - a.votes : 0) || fixed(a, b));
  }
  return groups;
}

/** Whether a person may add one more dot, given the dots they have already placed in this retro. */
export function canVote(usedVotes: number): boolean {
  return usedVotes < RETRO_LIMITS.votesPerPerson;
}
