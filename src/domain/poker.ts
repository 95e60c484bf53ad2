/**
 * Planning poker: hidden votes on a story, then a reveal with the spread and a suggested
 * estimate. Pure types and rules, no Slack or SQL.
 */
import { STORY_POINTS, type StoryPoints } from "./story.js";

/** The cards: the team's Fibonacci points, "?" (no idea) and "coffee" (I need a break). */
export const POKER_CARDS = ["1", "2", "3", "5", "8", "13", "21", "?", "coffee"] as const;
export type PokerCard = (typeof POKER_CARDS)[number];
export const CARD_LABELS: Record<PokerCard, string> = {
  "1": "1",
  "2": "2",
  "3": "3",
  "5": "5",
  "8": "8",
  "13": "13",
  "21": "21",
  "?": "?",
  coffee: "☕",
};

export const POKER_REASON_MAX = 150;
export const POKER_MAX_INVITED = 50;

export const POKER_STATES = ["voting", "revealed", "accepted", "cancelled"] as const;
export type PokerState = (typeof POKER_STATES)[number];

export function isPokerCard(value: string): value is PokerCard {
  return (POKER_CARDS as readonly string[]).includes(value);
}

export interface PokerSession {
  id: number;
  teamId: string;
  channelId: string;
  storyId: number;
  facilitatorId: string;
  /** Invited voters; empty = anyone in the channel may vote (the facilitator or the deadline reveals). */
  invited: string[];
  round: number;
  state: PokerState;
  deadlineAt: Date | null;
  messageTs: string | null;
  acceptedEstimate: StoryPoints | null;
  createdAt: Date;
  revealedAt: Date | null;
  closedAt: Date | null;
}

export interface PokerVote {
  userId: string;
  value: PokerCard;
  reason: string;
  votedAt: Date;
}

export interface PokerSummary {
  /** Numeric votes, ascending. */
  numeric: StoryPoints[];
  min: StoryPoints | null;
  max: StoryPoints | null;
  /** How many cards apart the lowest and highest numeric votes are (3 and 8 → 2). */
  spreadSteps: number;
  /** True when the lowest and highest votes are more than one card apart: talk, then re-vote. */
  wide: boolean;
  /** The median numeric vote rounded UP to a card; null when nobody gave a number. */
  suggested: StoryPoints | null;
  unsure: number;
  coffee: number;
  /** Every numeric vote the same. */
  consensus: boolean;
}

const indexOf = (p: StoryPoints) => (STORY_POINTS as readonly number[]).indexOf(p);

/**
 * Summarises one round. The suggestion is the median rounded up to the next card: with votes
 * 3, 5, 5, 8 the median is 5 → 5; with 2, 3, 5, 8 the median is 4 → 5 (round up: estimates
 * err on the side of more work).
 */
export function summarizeVotes(votes: readonly Pick<PokerVote, "value">[]): PokerSummary {
  const numeric = votes
    .map((v) => v.value)
    .filter((v): v is Exclude<PokerCard, "?" | "coffee"> => v !== "?" && v !== "coffee")
    .map((v) => Number(v) as StoryPoints)
    .sort((a, b) => a - b);
  const unsure = votes.filter((v) => v.value === "?").length;
  const coffee = votes.filter((v) => v.value === "coffee").length;
  const min = numeric[0] ?? null;
  const max = numeric[numeric.length - 1] ?? null;
  const spreadSteps = min !== null && max !== null ? indexOf(max) - indexOf(min) : 0;
  let suggested: StoryPoints | null = null;
  if (numeric.length > 0) {
    const mid = Math.floor(numeric.length / 2);
    const median =
      numeric.length % 2 === 1 ? (numeric[mid] ?? 0) : ((numeric[mid - 1] ?? 0) + (numeric[mid] ?? 0)) / 2;
    suggested = STORY_POINTS.find((p) => p >= median) ?? 21;
  }
  return {
    numeric,
    min,
    max,
    spreadSteps,
    wide: spreadSteps >= 2,
    suggested,
    unsure,
    coffee,
    consensus: numeric.length > 0 && min === max,
  };
}

/** Everyone invited has voted in this round (never true for an open session). */
export function everyoneVoted(session: Pick<PokerSession, "invited">, votes: readonly PokerVote[]): boolean {
  if (session.invited.length === 0) return false;
  const voted = new Set(votes.map((v) => v.userId));
  return session.invited.every((u) => voted.has(u));
}

/** May `userId` vote in this session? Open sessions: anyone; otherwise invited people and the facilitator. */
export function mayVote(session: Pick<PokerSession, "invited" | "facilitatorId">, userId: string): boolean {
  return session.invited.length === 0 || session.invited.includes(userId) || session.facilitatorId === userId;
}

/** Parsed `/poker` arguments. */
export interface PokerCommandArgs {
  storyNumber: number;
  invited: string[];
  /** Minutes until the cards reveal themselves; null = no deadline. */
  deadlineMinutes: number | null;
}

const MENTION = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g;

/**
 * `/poker 12 @ana @bo 30m` → story 12, invited ana and bo, reveal in 30 minutes.
 * Durations: `30m`, `2h`, `1h30m`, at most 7 days. Returns an error text for the person otherwise.
 */
export function parsePokerArgs(text: string): PokerCommandArgs | { error: string } {
  const usage =
    "Usage: `/poker <story number> [@people…] [deadline like 30m or 2h]`, e.g. `/poker 12 @ana @bo 1h`.";
  const invited = [...new Set([...text.matchAll(MENTION)].map((m) => m[1] ?? ""))].filter(Boolean);
  const rest = text.replace(MENTION, " ").trim();
  const words = rest.split(/\s+/).filter(Boolean);
  let storyNumber: number | null = null;
  let deadlineMinutes: number | null = null;
  for (const word of words) {
    const num = /^#?(\d{1,9})$/.exec(word);
    if (num && storyNumber === null) {
      storyNumber = Number(num[1]);
      continue;
    }
    const duration = /^(?:(\d{1,3})h)?(?:(\d{1,5})m(?:in)?)?$/i.exec(word);
    if (duration && (duration[1] || duration[2]) && deadlineMinutes === null) {
      deadlineMinutes = Number(duration[1] ?? 0) * 60 + Number(duration[2] ?? 0);
      continue;
    }
    return { error: `I didn't understand \`${word.slice(0, 40)}\`. ${usage}` };
  }
  if (storyNumber === null || storyNumber < 1) return { error: `Which story? ${usage}` };
  if (deadlineMinutes !== null && (deadlineMinutes < 1 || deadlineMinutes > 7 * 24 * 60)) {
    return { error: "The deadline must be between 1 minute and 7 days." };
  }
  if (invited.length > POKER_MAX_INVITED) {
    return { error: `Invite at most ${POKER_MAX_INVITED} people to one session.` };
  }
  return { storyNumber, invited, deadlineMinutes };
}
