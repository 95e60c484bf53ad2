/**
 * Reads the story modal's `view.state.values` into raw form input. zod checks the
 * payload shape; the domain (`parseStoryForm`) checks the content.
 */
import { z } from "zod";
import { PRIORITIES, type Priority } from "../../domain/story.js";
import type { StoryFormInput } from "../../domain/story.schema.js";
import type { StoryModalMetadata } from "../../views/story-modal.view.js";
import { STORY_INPUT_ACTION, StoryBlocks } from "../ids.js";

const textValue = z.object({ value: z.string().nullish() }).partial();
const selectValue = z.object({ selected_option: z.object({ value: z.string() }).nullish() }).partial();

const stateSchema = z.record(z.string(), z.record(z.string(), z.unknown()));

function pick<T>(state: z.infer<typeof stateSchema>, blockId: string, schema: z.ZodType<T>): T | undefined {
  const raw = state[blockId]?.[STORY_INPUT_ACTION];
  const parsed = schema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : undefined;
}

export function readStoryForm(values: unknown): StoryFormInput {
  const state = stateSchema.safeParse(values);
  const s = state.success ? state.data : {};
  const text = (b: string) => pick(s, b, textValue)?.value ?? null;
  const select = (b: string) => pick(s, b, selectValue)?.selected_option?.value ?? null;
  return {
    title: text(StoryBlocks.title),
    persona: text(StoryBlocks.persona),
    want: text(StoryBlocks.want),
    benefit: text(StoryBlocks.benefit),
    acceptanceCriteria: text(StoryBlocks.acceptanceCriteria),
    priority: select(StoryBlocks.priority),
    estimate: select(StoryBlocks.estimate),
    labels: text(StoryBlocks.labels),
  };
}

/** The accept form's "where in the backlog" choice (raw; `parsePlacement` checks it). */
export function readStoryPlacement(values: unknown): string | null {
  const state = stateSchema.safeParse(values);
  return (
    (state.success && pick(state.data, StoryBlocks.placement, selectValue)?.selected_option?.value) || null
  );
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
