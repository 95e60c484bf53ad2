/** Reads the `/request` and triage modals' state and metadata (zod at the edge). */
import { z } from "zod";
import type { RequestFormInput } from "../../domain/request.js";
import type { RequestModalMetadata, TriageModalMetadata } from "../../views/request.view.js";
import { RequestBlocks, STORY_INPUT_ACTION } from "../ids.js";

const stateSchema = z.record(z.string(), z.record(z.string(), z.unknown()));
const textValue = z.object({ value: z.string().nullish() }).partial();
const selectValue = z.object({ selected_option: z.object({ value: z.string() }).nullish() }).partial();

function reader(values: unknown) {
  const parsed = stateSchema.safeParse(values);
  const s = parsed.success ? parsed.data : {};
  const raw = (b: string) => s[b]?.[STORY_INPUT_ACTION] ?? {};
  return {
    text: (b: string) => textValue.safeParse(raw(b)).data?.value ?? null,
    select: (b: string) => selectValue.safeParse(raw(b)).data?.selected_option?.value ?? null,
  };
}

export function readRequestForm(values: unknown): RequestFormInput {
  const r = reader(values);
  return {
    what: r.text(RequestBlocks.what),
    why: r.text(RequestBlocks.why),
    whoAsks: r.text(RequestBlocks.whoAsks),
    urgency: r.select(RequestBlocks.urgency),
  };
}

export function readTriageText(values: unknown, blockId: string): string | null {
  return reader(values).text(blockId);
}

const checked = z.object({ selected_options: z.array(z.object({ value: z.string() })).nullish() }).partial();

/** The decline modal's "share the reason with stakeholders" box: ticked → true (unticked or missing → false). */
export function readShareReason(values: unknown): boolean {
  const s = stateSchema.safeParse(values).data ?? {};
  const box = checked.safeParse(s[RequestBlocks.shareReason]?.[STORY_INPUT_ACTION] ?? {}).data;
  return (box?.selected_options ?? []).some((o) => o.value === "share");
}

/** "12", "#12", " # 12 " → 12; anything else → null. */
export function parseStoryNumber(text: string | null): number | null {
  const m = /^\s*#?\s*(\d{1,9})\s*$/.exec(text ?? "");
  return m?.[1] ? Number(m[1]) : null;
}

const requestMetaSchema = z.object({
  channelId: z
    .string()
    .regex(/^[CDG][A-Z0-9]+$/)
    .nullable(),
});
const triageMetaSchema = z.object({
  requestId: z.number().int().positive(),
  responseUrl: z.string().url().max(1000).nullable(),
});

function json(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? "{}");
  } catch {
    return {};
  }
}

export function readRequestMetadata(privateMetadata: string | undefined): RequestModalMetadata {
  return requestMetaSchema.safeParse(json(privateMetadata)).data ?? { channelId: null };
}

/** Throws when tampered: a decision without its request id can't be made. */
export function readTriageMetadata(privateMetadata: string | undefined): TriageModalMetadata {
  return triageMetaSchema.parse(json(privateMetadata));
}

/** The request id carried by an Accept / Merge / Decline button. */
export function parseRequestId(value: unknown): number {
  return z.coerce.number().int().positive().parse(value);
}
