/** Reads `/refine` arguments and the `/refine setup` modal's state and metadata (zod at the edge). */
import { z } from "zod";
import { REFINE_MAX_ITEMS, type RefineSetupArgs, WEEKDAY_NAMES } from "../../domain/refinement.js";
import { canonicalTimeZone, isValidTimeOfDay, isValidTimeZone } from "../../domain/schedule/index.js";
import type { RefineSetupMetadata } from "../../views/refinement-setup.view.js";
import { RefineIds } from "../ids.js";

export type RefineCommand =
  /** `/refine [n]`: the agenda here now (n clamped to 1–20; none: the saved count). */
  | { kind: "agenda"; count: number | undefined }
  /** `/refine setup` alone: the setup modal. */
  | { kind: "setupModal" }
  /** `/refine setup [#channel] <weekday> <HH:MM> [n]`: typed setup. */
  | { kind: "setup"; args: RefineSetupArgs }
  | { kind: "setupError"; error: string };

/** `text` is the command text with mentions escaped (`<#C…|name>`), already trimmed to one line. */
export function parseRefineCommand(text: string): RefineCommand {
  const [word = "", ...rest] = text.trim().split(/\s+/);
  if (word.toLowerCase() === "setup") {
    const argText = rest.join(" ").trim();
    if (argText === "") return { kind: "setupModal" };
    const args = parseRefineSetup(argText);
    return "error" in args ? { kind: "setupError", error: args.error } : { kind: "setup", args };
  }
  const count = /^\d{1,2}$/.test(word) ? Math.min(REFINE_MAX_ITEMS, Math.max(1, Number(word))) : undefined;
  return { kind: "agenda", count };
}

const DAYS = WEEKDAY_NAMES.map((d) => d.toLowerCase());
const SETUP_USAGE =
  "Usage: `/refine setup [#channel] <weekday> <HH:MM> [how many items]`, e.g. `/refine setup #team thursday 14:00 5`.";

/**
 * `/refine setup <#channel> thursday 14:00 5` (channel optional: the current one; count optional: 5).
 * The channel arrives as Slack's `<#C…|name>` (the command escapes it). Returns an error text for
 * the person otherwise.
 */
export function parseRefineSetup(text: string): RefineSetupArgs | { error: string } {
  let channelId: string | null = null;
  let weekday: number | null = null;
  let time: string | null = null;
  let itemCount = 5;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const channel = /^<#([CG][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(word);
    if (channel) {
      channelId = channel[1] ?? null;
      continue;
    }
    const day = DAYS.findIndex((d) => d.startsWith(word.toLowerCase()) && word.length >= 3);
    if (day >= 0) {
      weekday = day;
      continue;
    }
    const t = /^([01]?\d|2[0-3])[:h]([0-5]\d)$/.exec(word);
    if (t) {
      time = `${(t[1] ?? "").padStart(2, "0")}:${t[2]}`;
      continue;
    }
    if (/^\d{1,2}$/.test(word)) {
      itemCount = Number(word);
      continue;
    }
    return { error: `I didn't understand \`${word.slice(0, 40)}\`. ${SETUP_USAGE}` };
  }
  if (weekday === null || time === null) return { error: SETUP_USAGE };
  if (itemCount < 1 || itemCount > REFINE_MAX_ITEMS)
    return { error: `List between 1 and ${REFINE_MAX_ITEMS} items.` };
  return { channelId, weekday, time, itemCount };
}

/** The modal's values, validated: what the refinement service saves. */
export interface RefineSetupForm {
  channelId: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** "HH:MM", local to `timeZone`. */
  time: string;
  /** Canonical IANA name ("europe/berlin" → "Europe/Berlin"). */
  timeZone: string;
  itemCount: number;
}

export type RefineSetupFormResult =
  | { ok: true; value: RefineSetupForm }
  /** block_id → message, ready for `response_action: "errors"`. */
  | { ok: false; errors: Record<string, string> };

const MESSAGES = {
  channelId: "Pick the channel the agenda goes to.",
  weekday: "Pick the day of the week.",
  time: "Pick a time like 14:00.",
  timeZone: "Use a time zone name like Europe/Berlin or America/New_York.",
  itemCount: `Between 1 and ${REFINE_MAX_ITEMS} items, a whole number.`,
} as const;

const BLOCK_OF: Record<keyof RefineSetupForm, string> = {
  channelId: RefineIds.channelBlock,
  weekday: RefineIds.weekdayBlock,
  time: RefineIds.timeBlock,
  timeZone: RefineIds.timeZoneBlock,
  itemCount: RefineIds.countBlock,
};

/** The service's field names (a `ValidationError`'s `fieldErrors`) → the modal's blocks. */
export const REFINE_FIELD_BLOCKS: Record<string, string> = {
  ...BLOCK_OF,
  days: RefineIds.weekdayBlock,
};

// Built once: constructing a zod schema costs more than parsing with it (this runs before the ack).
const formSchema = z.object({
  channelId: z.string({ error: MESSAGES.channelId }).regex(/^[CG][A-Z0-9]{2,30}$/, MESSAGES.channelId),
  weekday: z
    .string({ error: MESSAGES.weekday })
    .regex(/^[0-6]$/, MESSAGES.weekday)
    .transform(Number),
  time: z.string({ error: MESSAGES.time }).refine(isValidTimeOfDay, MESSAGES.time),
  timeZone: z
    .string({ error: MESSAGES.timeZone })
    .trim()
    .max(64, MESSAGES.timeZone)
    .refine(isValidTimeZone, MESSAGES.timeZone)
    .transform(canonicalTimeZone),
  itemCount: z
    .string({ error: MESSAGES.itemCount })
    .trim()
    .regex(/^\d{1,3}$/, MESSAGES.itemCount)
    .transform(Number)
    .pipe(z.number().int().min(1, MESSAGES.itemCount).max(REFINE_MAX_ITEMS, MESSAGES.itemCount)),
});

const stateSchema = z.record(z.string(), z.record(z.string(), z.unknown()));
const conversation = z.object({ selected_conversation: z.string().max(32).nullish() }).partial();
const select = z.object({ selected_option: z.object({ value: z.string().max(150) }).nullish() }).partial();
const time = z.object({ selected_time: z.string().max(8).nullish() }).partial();
const text = z.object({ value: z.string().max(3000).nullish() }).partial();

/**
 * Reads and validates the setup modal's `view.state.values`. Anything missing, malformed or out
 * of range (a forged payload too) becomes a message on its block, never an exception.
 */
export function readRefineSetupForm(values: unknown): RefineSetupFormResult {
  const parsed = stateSchema.safeParse(values);
  const s = parsed.success ? parsed.data : {};
  const raw = (b: string) => s[b]?.[RefineIds.input] ?? {};
  const result = formSchema.safeParse({
    channelId: conversation.safeParse(raw(RefineIds.channelBlock)).data?.selected_conversation ?? null,
    weekday: select.safeParse(raw(RefineIds.weekdayBlock)).data?.selected_option?.value ?? null,
    time: time.safeParse(raw(RefineIds.timeBlock)).data?.selected_time ?? null,
    timeZone: text.safeParse(raw(RefineIds.timeZoneBlock)).data?.value ?? null,
    itemCount: text.safeParse(raw(RefineIds.countBlock)).data?.value ?? null,
  });
  if (result.success) return { ok: true, value: result.data };
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = issue.path[0] as keyof RefineSetupForm;
    const block = BLOCK_OF[field];
    // One message per field: the first problem found (a null time also fails the refine).
    if (block && !(block in errors)) errors[block] = MESSAGES[field];
  }
  return { ok: false, errors };
}

const metadataSchema = z.object({
  channelId: z
    .string()
    .regex(/^[CDG][A-Z0-9]+$/)
    .nullable()
    .catch(null),
});

/** The modal's `private_metadata`; a missing or tampered one gives `{ channelId: null }` (reply by DM). */
export function readRefineSetupMetadata(privateMetadata: string | undefined): RefineSetupMetadata {
  try {
    return metadataSchema.parse(JSON.parse(privateMetadata ?? "{}"));
  } catch {
    return { channelId: null };
  }
}
