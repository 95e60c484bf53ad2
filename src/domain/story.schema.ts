/**
 * Validation of story input (from a modal, an import, …) into a `StoryDraft`.
 * Field keys match the form fields so adapters can map errors onto inputs.
 */
import { z } from "zod";
import { ValidationError } from "../lib/errors.js";
import {
  isStoryPoints,
  PRIORITIES,
  type Priority,
  STORY_LIMITS,
  STORY_POINTS,
  type StoryDraft,
  type StoryPoints,
} from "./story.js";

/** Raw form values as strings; absent = empty. */
export interface StoryFormInput {
  title?: string | null;
  persona?: string | null;
  want?: string | null;
  benefit?: string | null;
  /** One criterion per line. */
  acceptanceCriteria?: string | null;
  /** "1".."21" from the Fibonacci set, or "none"/"" for not estimated. */
  estimate?: string | null;
  priority?: string | null;
  /** Comma-separated. */
  labels?: string | null;
}

export type StoryField = keyof StoryFormInput;

// C0/C1 control characters except tab and newline: they render as garbage in Slack.
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/** Removes control characters, normalises newlines, trims. */
export function cleanText(value: string | null | undefined): string {
  return (value ?? "").replace(/\r\n?/g, "\n").replace(CONTROL, "").trim();
}

/** Single line: whitespace runs (including newlines) collapse to one space. */
export function cleanLine(value: string | null | undefined): string {
  return cleanText(value).replace(/\s+/g, " ");
}

const required = (label: string, max: number) =>
  z
    .string()
    .min(1, { error: `Please fill in ${label}.` })
    .max(max, { error: `${capitalise(label)} must be at most ${max} characters.` });

const schema = z.object({
  title: required("a title", STORY_LIMITS.title),
  // Capture fast: only the title is required. An empty persona or want is allowed here and
  // flagged by the Definition of Ready (readiness.ts), so a half-baked story can't be planned.
  persona: z.string().max(STORY_LIMITS.persona, {
    error: `Who it is for must be at most ${STORY_LIMITS.persona} characters.`,
  }),
  want: z.string().max(STORY_LIMITS.want, {
    error: `What they want to do must be at most ${STORY_LIMITS.want} characters.`,
  }),
  benefit: z
    .string()
    .max(STORY_LIMITS.benefit, { error: `Keep "so that" under ${STORY_LIMITS.benefit} characters.` }),
  acceptanceCriteria: z
    .array(
      z.string().max(STORY_LIMITS.criterion, {
        error: `Each criterion must be at most ${STORY_LIMITS.criterion} characters.`,
      }),
    )
    .max(STORY_LIMITS.criteria, {
      error: `At most ${STORY_LIMITS.criteria} acceptance criteria; split the story if it needs more.`,
    }),
  estimate: z.unknown().refine((v) => v === null || (typeof v === "number" && isStoryPoints(v)), {
    error: `The estimate must be one of ${STORY_POINTS.join(", ")} points, or not estimated.`,
  }),
  priority: z.enum(PRIORITIES, { error: `Priority must be one of ${PRIORITIES.join(", ")}.` }),
  labels: z
    .array(
      z
        .string()
        .max(STORY_LIMITS.label, { error: `Each label must be at most ${STORY_LIMITS.label} characters.` }),
    )
    .max(STORY_LIMITS.labels, { error: `At most ${STORY_LIMITS.labels} labels.` }),
});

/**
 * Parses raw form values. Throws `ValidationError` whose `fieldErrors` are keyed by `StoryField`
 * (every bad field at once, so the modal can mark them all).
 */
export function parseStoryForm(input: StoryFormInput): StoryDraft {
  const candidate = cleanedForm(input);
  const result = schema.safeParse(candidate);
  if (!result.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of result.error.issues) {
      const field = String(issue.path[0] ?? "title");
      fieldErrors[field] ??= issue.message;
    }
    throw new ValidationError(fieldErrors);
  }
  return { ...result.data, estimate: result.data.estimate as StoryPoints | null };
}

// Characters that survive cleaning and trimming: neither whitespace nor a control character.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it excludes
const VISIBLE = /[^\s\u0000-\u001F\u007F-\u009F]/;
const CERTAIN_ESTIMATES = new Set<string>(["", "none", ...STORY_POINTS.map(String)]);
const CERTAIN_PRIORITIES = new Set<string>(["", ...PRIORITIES]);
const LINE_BREAK = (code: number) => code === 10 || code === 13;
const COMMA = (code: number) => code === 44;

/**
 * Whether `parseStoryForm` is certain to accept `input`, decided without building anything (no
 * cleaned copies, no schema run). For the story modal's ack: field errors must travel in the ack,
 * but a full parse before it, on every submission, put its CPU and garbage between each request
 * and its ack (docs/performance.md). A form this accepts is acked at once and parsed after.
 *
 * Conservative, never the other way round: false means "parse before the ack to know". It holds
 * because cleaning only removes characters and a raw piece between separators is never shorter
 * than the cleaned piece made from it, nor are there fewer raw pieces than cleaned ones.
 */
export function isCertainlyValidStoryForm(input: StoryFormInput): boolean {
  const { title } = input;
  return (
    typeof title === "string" &&
    title.length <= STORY_LIMITS.title &&
    VISIBLE.test(title) &&
    (input.persona ?? "").length <= STORY_LIMITS.persona &&
    (input.want ?? "").length <= STORY_LIMITS.want &&
    (input.benefit ?? "").length <= STORY_LIMITS.benefit &&
    piecesWithin(input.acceptanceCriteria, LINE_BREAK, STORY_LIMITS.criteria, STORY_LIMITS.criterion) &&
    piecesWithin(input.labels, COMMA, STORY_LIMITS.labels, STORY_LIMITS.label) &&
    CERTAIN_ESTIMATES.has(input.estimate ?? "") &&
    CERTAIN_PRIORITIES.has(input.priority ?? "")
  );
}

/** At most `maxPieces` pieces between separators, none longer than `maxLength` (raw, uncounted). */
function piecesWithin(
  text: string | null | undefined,
  isSeparator: (code: number) => boolean,
  maxPieces: number,
  maxLength: number,
): boolean {
  if (!text) return true;
  let pieces = 1;
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    if (isSeparator(text.charCodeAt(i))) {
      if (++pieces > maxPieces) return false;
      length = 0;
    } else if (++length > maxLength) return false;
  }
  return true;
}

/** Each field cleaned (control characters, spaces, list markers), not yet checked. */
function cleanedForm(input: StoryFormInput) {
  const estimateRaw = cleanLine(input.estimate).toLowerCase();
  const estimate = estimateRaw === "" || estimateRaw === "none" ? null : Number(estimateRaw);
  return {
    title: cleanLine(input.title),
    persona: cleanLine(input.persona),
    want: cleanText(input.want),
    benefit: cleanText(input.benefit),
    acceptanceCriteria: cleanText(input.acceptanceCriteria)
      .split("\n")
      .map((l) => l.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, "").trim())
      .filter((l) => l.length > 0),
    estimate: Number.isNaN(estimate) ? Number.NaN : estimate,
    priority: cleanLine(input.priority).toLowerCase() || "medium",
    labels: dedupe(
      cleanLine(input.labels)
        .split(",")
        .map((l) => l.trim().replace(/^#/, "").toLowerCase())
        .filter((l) => l.length > 0),
    ),
  };
}

/**
 * The form as typed, cleaned but not checked (lengths and counts as they are; an unknown estimate
 * or priority as none / medium): to give someone their text back when it could not be saved.
 */
export function storyDraftAsTyped(input: StoryFormInput): StoryDraft {
  const c = cleanedForm(input);
  const estimate = c.estimate !== null && isStoryPoints(c.estimate) ? c.estimate : null;
  const priority = (PRIORITIES as readonly string[]).includes(c.priority)
    ? (c.priority as Priority)
    : "medium";
  return { ...c, estimate, priority };
}

function dedupe(values: string[]): string[] {
  return [...new Set(values)];
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
