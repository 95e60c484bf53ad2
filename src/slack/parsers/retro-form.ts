/** Reads the retro modals' state and metadata, button values and `/retro` arguments (zod at the edge). */
import { z } from "zod";
import type { RetroActionModalMetadata } from "../../views/retro.view.js";
import { RetroIds } from "../ids.js";

const stateSchema = z.record(z.string(), z.record(z.string(), z.unknown()));
const text = z.object({ value: z.string().nullish() }).partial();
const radio = z.object({ selected_option: z.object({ value: z.string() }).nullish() }).partial();
const user = z.object({ selected_user: z.string().nullish() }).partial();
const date = z.object({ selected_date: z.string().nullish() }).partial();

function fields(values: unknown) {
  const parsed = stateSchema.safeParse(values);
  const s = parsed.success ? parsed.data : {};
  return (block: string) => s[block]?.[RetroIds.input] ?? {};
}

export function readRetroCardForm(values: unknown): { category: string; text: string } {
  const raw = fields(values);
  return {
    category: radio.safeParse(raw(RetroIds.categoryBlock)).data?.selected_option?.value ?? "",
    text: text.safeParse(raw(RetroIds.textBlock)).data?.value ?? "",
  };
}

export function readRetroActionForm(values: unknown): { text: string; ownerId: string; dueOn: string } {
  const raw = fields(values);
  return {
    text: text.safeParse(raw(RetroIds.actionTextBlock)).data?.value ?? "",
    ownerId: user.safeParse(raw(RetroIds.ownerBlock)).data?.selected_user ?? "",
    dueOn: date.safeParse(raw(RetroIds.dueBlock)).data?.selected_date ?? "",
  };
}

const channelId = z
  .string()
  .regex(/^[CDG][A-Z0-9]+$/)
  .nullable()
  .catch(null);

export function readRetroActionMetadata(
  privateMetadata: string | undefined,
): RetroActionModalMetadata | null {
  try {
    return z
      .object({
        retroId: z.number().int().positive(),
        channelId,
        messageTs: z
          .string()
          .regex(/^\d+\.\d+$/)
          .nullable()
          .catch(null),
      })
      .parse(JSON.parse(privateMetadata ?? "{}"));
  } catch {
    return null;
  }
}

/** A card button's or option's value: `retroId:publicCardId` (the card's random id, never its row number). */
export function parseRetroCardValue(value: string | undefined): { retroId: number; cardId: string } | null {
  const m = /^(\d{1,12}):([0-9a-f]{16})$/.exec(value ?? "");
  return m?.[1] && m[2] ? { retroId: Number(m[1]), cardId: m[2] } : null;
}

export function parseRetroId(value: string | undefined): number | null {
  return /^\d{1,12}$/.test(value ?? "") ? Number(value) : null;
}

export type RetroSubcommand = "add" | "reveal" | "actions" | "help";

/** `/retro` (add a card), `/retro reveal`, `/retro actions`, anything else → help. */
export function parseRetroArgs(textArg: string): RetroSubcommand {
  const word = textArg.trim().toLowerCase().split(/\s+/)[0] ?? "";
  if (word === "" || word === "add" || word === "card") return "add";
  if (word === "reveal" || word === "start") return "reveal";
  if (word === "actions") return "actions";
  return "help";
}
