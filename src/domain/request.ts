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

/**
 * What the story modal is prefilled with when a request is accepted. The PO edits it before
 * saving. Example: what "Export invoices as CSV\nfor the auditors", why "audit in May" →
 * title "Export invoices as CSV", want = the whole text, benefit "audit in May", priority
 * from urgency, label "request".
 */
export function storyPrefillFromRequest(r: Pick<StakeholderRequest, "what" | "why" | "whoAsks" | "urgency">) {
  return {
    title: firstLine(r.what, 150),
    persona: r.whoAsks.slice(0, 150),
    want: r.what.slice(0, 1000),
    benefit: r.why.slice(0, 1000),
    priority: URGENCY_TO_PRIORITY[r.urgency],
    labels: "request",
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
