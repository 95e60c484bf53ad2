/**
 * Stakeholder requests: anyone asks for something with `/request`; the product owner triages
 * it (accept → a story, merge into an existing story, or decline with a reason).
 * Pure types and rules.
 */
import { z } from "zod";
import { ValidationError } from "../lib/errors.js";
import type { Priority } from "./story.js";
import { cleanLine, cleanText } from "./story.schema.js";

export const URGENCIES = ["low", "normal", "high", "urgent"] as const;
export type Urgency = (typeof URGENCIES)[number];
export const URGENCY_LABELS: Record<Urgency, string> = {
  low: "Low: whenever there is room",
  normal: "Normal",
  high: "High: soon, it hurts",
  urgent: "Urgent: blocking us now",
};
export const URGENCY_SHORT: Record<Urgency, string> = {
  low: "low",
  normal: "normal",
  high: "high",
  urgent: "🔥 urgent",
};

export const REQUEST_STATUSES = ["open", "accepted", "merged", "declined"] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const REQUEST_LIMITS = { what: 1000, why: 1000, whoAsks: 150, reason: 500 } as const;

export interface StakeholderRequest {
  id: number;
  teamId: string;
  what: string;
  why: string;
  /** Who is asking, in the requester's words (a customer, a department…); may be empty. */
  whoAsks: string;
  urgency: Urgency;
  requesterId: string;
  /** Where `/request` was run (for nothing but context). */
  channelId: string | null;
  status: RequestStatus;
  decisionReason: string | null;
  /** Story created from (accepted) or merged into (merged) this request. */
  storyId: number | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  createdAt: Date;
}

export interface RequestDraft {
  what: string;
  why: string;
  whoAsks: string;
  urgency: Urgency;
}

export interface RequestFormInput {
  what?: string | null;
  why?: string | null;
  whoAsks?: string | null;
  urgency?: string | null;
}

const schema = z.object({
  what: z
    .string()
    .min(1, { error: "Please say what you need." })
    .max(REQUEST_LIMITS.what, { error: `At most ${REQUEST_LIMITS.what} characters.` }),
  why: z.string().max(REQUEST_LIMITS.why, { error: `At most ${REQUEST_LIMITS.why} characters.` }),
  whoAsks: z.string().max(REQUEST_LIMITS.whoAsks, { error: `At most ${REQUEST_LIMITS.whoAsks} characters.` }),
  urgency: z.enum(URGENCIES, { error: "Choose how urgent it is." }),
});

/** Validates a `/request` form; throws `ValidationError` keyed by field. */
export function parseRequestForm(input: RequestFormInput): RequestDraft {
  const parsed = schema.safeParse({
    what: cleanText(input.what),
    why: cleanText(input.why),
    whoAsks: cleanLine(input.whoAsks),
    urgency: input.urgency ?? "",
  });
  if (parsed.success) return parsed.data;
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? "what");
    errors[key] ??= issue.message;
  }
  throw new ValidationError(errors);
}

/** A decline needs a reason the requester can understand. */
export function parseDeclineReason(text: string | null | undefined): string {
  const reason = cleanText(text);
  if (reason.length === 0) throw new ValidationError({ reason: "Please tell the requester why." });
  if (reason.length > REQUEST_LIMITS.reason)
    throw new ValidationError({ reason: `At most ${REQUEST_LIMITS.reason} characters.` });
  return reason;
}

const URGENCY_TO_PRIORITY: Record<Urgency, Priority> = {
  low: "low",
  normal: "medium",
  high: "high",
  urgent: "critical",
};

/** Where an accepted request's story goes in the backlog; the PO picks it in the accept form. */
export const PLACEMENTS = ["top", "quarter", "middle", "bottom"] as const;
export type Placement = (typeof PLACEMENTS)[number];
export const PLACEMENT_LABELS: Record<Placement, string> = {
  top: "At the top",
  quarter: "In the top quarter",
  middle: "Halfway down",
  bottom: "At the bottom",
};
/** The default placement: an urgent request is not filed at the bottom. */
export const URGENCY_PLACEMENT: Record<Urgency, Placement> = {
  urgent: "top",
  high: "quarter",
  normal: "middle",
  low: "bottom",
};

/**
 * The 1-based position for a placement in a backlog of `total` active stories (the new one
 * included): 26 stories → top 1, quarter 7, middle 13, bottom 26.
 */
export function placementPosition(placement: Placement, total: number): number {
  const n = Math.max(1, total);
  switch (placement) {
    case "top":
      return 1;
    case "quarter":
      return Math.max(1, Math.ceil(n / 4));
    case "middle":
      return Math.max(1, Math.ceil(n / 2));
    case "bottom":
      return n;
  }
}

export function parsePlacement(raw: string | null | undefined): Placement | null {
  return (PLACEMENTS as readonly string[]).includes(raw ?? "") ? (raw as Placement) : null;
}

const lowerFirst = (text: string) =>
  /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;

/**
 * Who is asking → a persona that reads after "As a …": "a customer" → "customer"; a team or
 * department name ("Finance", "Sales ops") → "member of Finance", so the story never says
 * "As a Finance". Empty stays empty (the Definition of Ready flags it).
 */
export function personaFromWhoAsks(whoAsks: string): string {
  const who = whoAsks.trim().replace(/^(?:an?|the)\s+/i, "");
  if (!who) return "";
  // Capitalised and not a role word: a group's name, not a person.
  const role =
    /\b(?:user|customer|admin|manager|owner|lead|member|buyer|seller|agent|developer|engineer|analyst|auditor|accountant|person|visitor|client|partner|employee)s?\b/i;
  return /^[A-Z]/.test(who) && !role.test(who) ? `member of ${who}` : lowerFirst(who);
}

/** A "why" that already reads as a result ("so that …", "to …", "because …") → the benefit. */
function benefitFromWhy(why: string): string {
  const text = why.trim();
  const m = text.match(/^(?:so that|so|in order to|to|because)\s+(.+)$/is);
  return m ? (m[1] ?? "").trim() : "";
}

/**
 * What the story modal is prefilled with when a request is accepted. The PO edits it before
 * saving. Only what maps cleanly is filled: title = the first line of "what"; want = "what"
 * in lower case after "I want to"; persona from who asks ("Finance" → "member of Finance");
 * the benefit only when "why" reads as one ("so that auditors …"), else the modal shows the
 * request's why as context and the Definition of Ready flags the empty benefit (a deadline
 * like "Year-end audit starts 15 Dec" is not a benefit). Priority and placement follow urgency.
 */
export function storyPrefillFromRequest(r: Pick<StakeholderRequest, "what" | "why" | "whoAsks" | "urgency">) {
  return {
    title: firstLine(r.what, 150),
    persona: personaFromWhoAsks(r.whoAsks).slice(0, 150),
    want: lowerFirst(r.what.trim()).slice(0, 1000),
    benefit: benefitFromWhy(r.why).slice(0, 1000),
    priority: URGENCY_TO_PRIORITY[r.urgency],
    labels: "request",
    placement: URGENCY_PLACEMENT[r.urgency],
    requestNote: [
      r.whoAsks.trim() ? `Asked by ${r.whoAsks.trim()}` : "",
      r.why.trim() ? `Why: ${r.why.trim()}` : "",
    ]
      .filter(Boolean)
      .join(" · "),
  };
}

/** First non-empty line, at most `max` characters (cut at a word when possible). */
export function firstLine(text: string, max: number): string {
  const line =
    text
      .split("\n")
      .find((l) => l.trim() !== "")
      ?.trim() ?? "";
  if (line.length <= max) return line;
  const cut = line.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}
