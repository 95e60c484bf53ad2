/**
 * Payload fragments of the PO backlog controls, parsed with zod at the edge. Bad or tampered
 * input gives `null` (the listener answers "that button has expired"), never an exception.
 */
import { z } from "zod";
import { cleanText } from "../../domain/story.schema.js";
import type { StoryActionMetadata } from "../../views/backlog-po.view.js";
import { NO_LINK } from "../../views/story-modal.view.js";
import { BacklogIds, STORY_INPUT_ACTION } from "../ids.js";

/** A `/backlog` page: offset, limit and the search words. */
const pageSchema = z.object({
  o: z.number().int().min(0).max(1_000_000),
  l: z.number().int().min(1).max(100),
  q: z.string().max(500),
  /** "r": the PO's reorder mode. */
  m: z.literal("r").optional(),
});
export type BacklogCursor = z.infer<typeof pageSchema>;

const cursorSchema = pageSchema.extend({ n: z.number().int().positive() });
export type StoryCursor = z.infer<typeof cursorSchema>;

function parseJson<T>(schema: z.ZodType<T>, value: string | undefined): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(value ?? ""));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** "Next" / "Previous" on a `/backlog` page: the page to show. */
export function parseBacklogCursor(value: string | undefined): BacklogCursor | null {
  return parseJson(pageSchema, value);
}

/** A story control button's value: the story and the page it was clicked on. */
export function parseStoryButton(value: string | undefined): StoryCursor | null {
  return parseJson(cursorSchema, value);
}

export const MORE_KINDS = ["top", "to", "edit", "check", "ready", "split", "archive"] as const;
export type MoreKind = (typeof MORE_KINDS)[number];

/** Menu option "kind:number" plus the page from the block id "bls:number:offset:limit[:search]". */
export function parseMoreAction(
  optionValue: string | undefined,
  blockId: string | undefined,
): (StoryCursor & { kind: MoreKind }) | null {
  const m = new RegExp(`^(${MORE_KINDS.join("|")}):(\\d{1,9})$`).exec(optionValue ?? "");
  const b = new RegExp(`^${BacklogIds.storyBlock}:(\\d{1,9}):(\\d{1,7}):(\\d{1,3})(?::(.{1,250}))?$`).exec(
    blockId ?? "",
  );
  if (!m) return null;
  const n = Number(m[2]);
  const o = b ? Number(b[2]) : 0;
  const l = b ? Math.min(Math.max(1, Number(b[3])), 100) : 20;
  return { kind: m[1] as MoreKind, n, o, l, q: decodeSearch(b?.[4]) };
}

/** The search words a row's block id carries URI-encoded ("" when absent or malformed). */
function decodeSearch(encoded: string | undefined): string {
  try {
    return decodeURIComponent(encoded ?? "").slice(0, 500);
  } catch {
    return "";
  }
}

export function parseStoryNumber(value: string | undefined): number | null {
  return /^\d{1,9}$/.test(value ?? "") ? Number(value) : null;
}

const metaSchema = z.object({
  n: z.number().int().positive(),
  r: z.string().url().max(1000).nullable(),
  c: z
    .string()
    .regex(/^[CDG][A-Z0-9]+$/)
    .nullable(),
});

export function parseActionMetadata(raw: string | undefined): StoryActionMetadata | null {
  try {
    const parsed = metaSchema.safeParse(JSON.parse(raw ?? ""));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const editMetaSchema = z.object({
  channelId: z
    .string()
    .regex(/^[CDG][A-Z0-9]+$/)
    .nullable()
    .optional(),
  storyNumber: z.number().int().positive(),
  responseUrl: z.string().url().max(1000).nullish(),
});

/** The edit modal's metadata: which story, where to confirm, which message to refresh. */
export function parseEditMetadata(
  raw: string | undefined,
): { channelId: string | null; storyNumber: number; responseUrl: string | null } | null {
  try {
    const parsed = editMetaSchema.safeParse(JSON.parse(raw ?? ""));
    if (!parsed.success) return null;
    return {
      channelId: parsed.data.channelId ?? null,
      storyNumber: parsed.data.storyNumber,
      responseUrl: parsed.data.responseUrl ?? null,
    };
  } catch {
    return null;
  }
}

const stateSchema = z.record(z.string(), z.record(z.string(), z.unknown()));
const textValue = z.object({ value: z.string().nullish() }).partial();
const selectValue = z.object({ selected_option: z.object({ value: z.string() }).nullish() }).partial();

function state(values: unknown) {
  const s = stateSchema.safeParse(values);
  return s.success ? s.data : {};
}

function text(values: unknown, blockId: string, actionId: string = BacklogIds.input): string {
  const parsed = textValue.safeParse(state(values)[blockId]?.[actionId] ?? {});
  return parsed.success ? (parsed.data.value ?? "") : "";
}

/**
 * The edit modal's goal/feature selects: `undefined` when the select isn't in the modal
 * (leave the link as it is), `null` for "None", else the id.
 */
export function readLinkSelect(values: unknown, blockId: string): number | null | undefined {
  const raw = state(values)[blockId]?.[STORY_INPUT_ACTION];
  if (raw === undefined) return undefined;
  const parsed = selectValue.safeParse(raw);
  const v = parsed.success ? parsed.data.selected_option?.value : undefined;
  if (!v || v === NO_LINK) return null;
  return /^\d{1,9}$/.test(v) ? Number(v) : null;
}

/** The position typed in the move-to modal, or null when it isn't a whole number ≥ 1. */
/** The edit modal's goal and feature selects: only the ones present on the form (else unchanged). */
export function readStoryLinks(values: unknown): { goalId?: number | null; featureId?: number | null } {
  const goalId = readLinkSelect(values, BacklogIds.goalBlock);
  const featureId = readLinkSelect(values, BacklogIds.featureBlock);
  return { ...(goalId !== undefined ? { goalId } : {}), ...(featureId !== undefined ? { featureId } : {}) };
}

export function readPosition(values: unknown): number | null {
  const v = text(values, BacklogIds.positionBlock).trim();
  return /^\d{1,7}$/.test(v) && Number(v) >= 1 ? Number(v) : null;
}

const lines = (s: string) =>
  cleanText(s)
    .split("\n")
    .map((l) => l.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, "").trim())
    .filter(Boolean);

export function readSplitForm(values: unknown) {
  return {
    first: {
      title: cleanText(text(values, BacklogIds.splitFirstTitle)).replace(/\s+/g, " "),
      acceptanceCriteria: lines(text(values, BacklogIds.splitFirstCriteria)),
    },
    second: {
      title: cleanText(text(values, BacklogIds.splitSecondTitle)).replace(/\s+/g, " "),
      acceptanceCriteria: lines(text(values, BacklogIds.splitSecondCriteria)),
    },
  };
}

export function readGoalForm(values: unknown) {
  const status = selectValue.safeParse(state(values)[BacklogIds.goalStatus]?.[BacklogIds.input] ?? {});
  return {
    statement: text(values, BacklogIds.goalStatement),
    metrics: text(values, BacklogIds.goalMetrics),
    status: status.success ? (status.data.selected_option?.value ?? null) : null,
  };
}
