/**
 * Reads the story modal's `view.state.values` into raw form input: the payload's shape is
 * checked here, its content by the domain (`parseStoryForm`).
 */
import { z } from "zod";
import { PRIORITIES, type Priority } from "../../domain/story.js";
import type { StoryFormInput } from "../../domain/story.schema.js";
import type { StoryModalMetadata } from "../../views/story-modal.view.js";
import { STORY_INPUT_ACTION, StoryBlocks } from "../ids.js";

/**
 * One input's element state: `{ value }` for a text input, `{ selected_option: { value } }` for a
 * select. Read with type checks rather than a zod schema per field: this runs before the ack of
 * every story submission, and eight schema parses (each copying what it checks) were a visible
 * part of that ack's CPU and garbage (docs/performance.md).
 */
function elementOf(values: unknown, blockId: string): Record<string, unknown> | undefined {
  const block = isRecord(values) ? values[blockId] : undefined;
  const element = isRecord(block) ? block[STORY_INPUT_ACTION] : undefined;
  return isRecord(element) ? element : undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

function textOf(values: unknown, blockId: string): string | null {
  const value = elementOf(values, blockId)?.value;
  return typeof value === "string" ? value : null;
}

function selectedOf(values: unknown, blockId: string): string | null {
  const option = elementOf(values, blockId)?.selected_option;
  const value = isRecord(option) ? option.value : undefined;
  return typeof value === "string" ? value : null;
}

export function readStoryForm(values: unknown): StoryFormInput {
  return {
    title: textOf(values, StoryBlocks.title),
    persona: textOf(values, StoryBlocks.persona),
    want: textOf(values, StoryBlocks.want),
    benefit: textOf(values, StoryBlocks.benefit),
    acceptanceCriteria: textOf(values, StoryBlocks.acceptanceCriteria),
    priority: selectedOf(values, StoryBlocks.priority),
    estimate: selectedOf(values, StoryBlocks.estimate),
    labels: textOf(values, StoryBlocks.labels),
  };
}

/** The accept form's "where in the backlog" choice (raw; `parsePlacement` checks it). */
export function readStoryPlacement(values: unknown): string | null {
  return selectedOf(values, StoryBlocks.placement) || null;
}

const metadataSchema = z.object({
  channelId: z
    .string()
    .regex(/^[CDG][A-Z0-9]+$/)
    .nullable(),
  // Message shortcut: the message the story comes from (reply goes to its thread).
  source: z
    .object({
      channelId: z.string().regex(/^[CDG][A-Z0-9]+$/),
      messageTs: z.string().regex(/^\d+\.\d+$/),
      threadTs: z
        .string()
        .regex(/^\d+\.\d+$/)
        .nullable(),
      permalink: z.string().url().max(500).nullable(),
    })
    .nullish(),
  // Triage: the request this story accepts.
  requestId: z.number().int().positive().nullish(),
});

/** Tolerates missing or tampered metadata: the story still saves, the confirmation goes by DM. */
/**
 * Whether the modal's metadata may name a stakeholder request, without parsing it (before the
 * ack). The key is written by `JSON.stringify`, so a metadata with a request always contains it
 * quoted; a text value can't (its quotes are escaped). True means "parse to be sure".
 */
export function mayNameRequest(privateMetadata: string | undefined): boolean {
  return privateMetadata?.includes('"requestId"') ?? false;
}

export function readStoryMetadata(privateMetadata: string | undefined): StoryModalMetadata {
  try {
    const parsed = metadataSchema.safeParse(JSON.parse(privateMetadata ?? "{}"));
    return parsed.success ? parsed.data : { channelId: null };
  } catch {
    return { channelId: null };
  }
}

/**
 * The "Try again" button of a story that could not be saved after its modal closed carries the
 * form back: what was typed and where it came from. Slack caps a button value at 2000 characters,
 * so a longer form gets no button (its text is in the message anyway): null.
 */
export function storyRetryValue(form: StoryRetryForm, metadata: StoryModalMetadata): string | null {
  const { channelId, source } = metadata;
  const value = JSON.stringify({ f: form, m: { channelId, ...(source ? { source } : {}) } });
  return value.length <= RETRY_VALUE_MAX ? value : null;
}
const RETRY_VALUE_MAX = 2000;

/** What the retry button gives back to the form: each field as the person typed it (prefill strings). */
export interface StoryRetryForm {
  title: string;
  persona: string;
  want: string;
  benefit: string;
  /** One criterion per line. */
  acceptanceCriteria: string;
  priority: Priority;
  estimate: number | null;
  /** Comma-separated. */
  labels: string;
}

const retrySchema = z.object({
  f: z.object({
    title: z.string().max(RETRY_VALUE_MAX),
    persona: z.string().max(RETRY_VALUE_MAX),
    want: z.string().max(RETRY_VALUE_MAX),
    benefit: z.string().max(RETRY_VALUE_MAX),
    acceptanceCriteria: z.string().max(RETRY_VALUE_MAX),
    priority: z.enum(PRIORITIES),
    estimate: z.number().int().nullable(),
    labels: z.string().max(RETRY_VALUE_MAX),
  }),
  m: metadataSchema.pick({ channelId: true, source: true }),
});

/** The retry button's value, checked (a forged or stale value gives null: open an empty form). */
export function readStoryRetry(
  value: string | undefined,
): { form: StoryRetryForm; metadata: StoryModalMetadata } | null {
  try {
    const parsed = retrySchema.safeParse(JSON.parse(value ?? ""));
    return parsed.success ? { form: parsed.data.f, metadata: parsed.data.m } : null;
  } catch {
    return null;
  }
}
