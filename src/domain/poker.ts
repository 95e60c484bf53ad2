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
  /** Who accepted it (the facilitator or a product owner); null before, or for sessions accepted before this was recorded. */
  acceptedBy: string | null;
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

/** A session's deadline: between a minute and a week after the start. */
export const POKER_MAX_DEADLINE_MINUTES = 7 * 24 * 60;

/**
 * The rules a new session's settings must meet (the `/poker` text is read in
 * `slack/parsers/poker-args.ts`). Returns what to fix, or null when they are fine.
 */
export function pokerStartProblem(input: {
  invited: readonly string[];
  deadlineMinutes: number | null;
}): string | null {
  const { deadlineMinutes } = input;
  if (deadlineMinutes !== null && (deadlineMinutes < 1 || deadlineMinutes > POKER_MAX_DEADLINE_MINUTES)) {
    return "The deadline must be between 1 minute and 7 days.";
  }
  if (input.invited.length > POKER_MAX_INVITED) {
    return `Invite at most ${POKER_MAX_INVITED} people to one session.`;
  }
  return null;
}
