/** Reads the poker vote modal and the session id carried by poker buttons (zod at the edge). */
import { z } from "zod";
import { isPokerCard, type PokerCard } from "../../domain/poker.js";
import { isStoryPoints, type StoryPoints } from "../../domain/story.js";
import type { PokerVoteMetadata } from "../../views/poker.view.js";
import { PokerIds, STORY_INPUT_ACTION } from "../ids.js";

const stateSchema = z.record(z.string(), z.record(z.string(), z.unknown()));
const textValue = z.object({ value: z.string().nullish() }).partial();
const selectValue = z.object({ selected_option: z.object({ value: z.string() }).nullish() }).partial();

export function readPokerVote(values: unknown): { card: PokerCard | null; reason: string } {
  const s = stateSchema.safeParse(values).data ?? {};
  const card = selectValue.safeParse(s[PokerIds.cardBlock]?.[STORY_INPUT_ACTION] ?? {}).data?.selected_option
    ?.value;
  const reason = textValue.safeParse(s[PokerIds.reasonBlock]?.[STORY_INPUT_ACTION] ?? {}).data?.value ?? "";
  return { card: card && isPokerCard(card) ? card : null, reason: reason.replace(/\s+/g, " ").trim() };
}

const metaSchema = z.object({
  sessionId: z.number().int().positive(),
  channelId: z.string().regex(/^[CDG][A-Z0-9]+$/),
});

export function readPokerVoteMetadata(privateMetadata: string | undefined): PokerVoteMetadata {
  let raw: unknown = {};
  try {
    raw = JSON.parse(privateMetadata ?? "{}");
  } catch {
    raw = {};
  }
  return metaSchema.parse(raw);
}

/** A button value "12" → session 12. */
export function parseSessionId(value: unknown): number {
  return z.coerce.number().int().positive().parse(value);
}

/** An accept value "12:5" → session 12, 5 points. */
export function parseAcceptValue(value: unknown): { sessionId: number; estimate: StoryPoints } {
  const m = /^(\d{1,9}):(\d{1,2})$/.exec(String(value ?? ""));
  const points = Number(m?.[2]);
  if (!m || !isStoryPoints(points)) throw new Error("malformed poker accept value");
  return { sessionId: Number(m[1]), estimate: points };
}

/** A card button's value "12:5" / "12:coffee" → session 12, that card. */
export function parsePickValue(value: unknown): { sessionId: number; card: PokerCard } {
  const m = /^(\d{1,9}):([a-z0-9?]{1,6})$/.exec(String(value ?? ""));
  const card = m?.[2] ?? "";
  if (!m || !isPokerCard(card)) throw new Error("malformed poker card value");
  return { sessionId: Number(m[1]), card };
}
