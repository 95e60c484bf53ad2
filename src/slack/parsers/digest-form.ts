/** Reads the `/digest setup` modal's state and metadata, and `/digest` / `/forecast` arguments (zod at the edge). */
import { z } from "zod";
import type { DigestSettings } from "../../domain/digest/index.js";
import { isWeekday, type Weekday } from "../../domain/schedule/index.js";
import type { DigestSetupMetadata } from "../../views/digest-setup.view.js";
import { DigestIds } from "../ids.js";

const stateSchema = z.record(z.string(), z.record(z.string(), z.unknown()));
const conversations = z.object({ selected_conversations: z.array(z.string()).nullish() }).partial();
const options = z.object({ selected_options: z.array(z.object({ value: z.string() })).nullish() }).partial();
const time = z.object({ selected_time: z.string().nullish() }).partial();
const text = z.object({ value: z.string().nullish() }).partial();
const select = z.object({ selected_option: z.object({ value: z.string() }).nullish() }).partial();

export function readDigestSetupForm(values: unknown): DigestSettings {
  const parsed = stateSchema.safeParse(values);
  const s = parsed.success ? parsed.data : {};
  const raw = (b: string) => s[b]?.[DigestIds.input] ?? {};
  const picked = (b: string) => (options.safeParse(raw(b)).data?.selected_options ?? []).map((o) => o.value);
  return {
    channels: conversations.safeParse(raw(DigestIds.channelsBlock)).data?.selected_conversations ?? [],
    days: picked(DigestIds.daysBlock)
      .map(Number)
      .filter((d): d is Weekday => isWeekday(d)),
    time: time.safeParse(raw(DigestIds.timeBlock)).data?.selected_time ?? "",
    timeZone: (text.safeParse(raw(DigestIds.timeZoneBlock)).data?.value ?? "").trim(),
    sections: picked(DigestIds.sectionsBlock) as DigestSettings["sections"],
    topN: Number(select.safeParse(raw(DigestIds.topNBlock)).data?.selected_option?.value ?? 0),
  };
}

const metadataSchema = z.object({
  appId: z
    .string()
    .regex(/^A[A-Z0-9]+$/)
    .nullable()
    .catch(null),
  channelId: z
    .string()
    .regex(/^[CDG][A-Z0-9]+$/)
    .nullable()
    .catch(null),
});

export function readDigestSetupMetadata(privateMetadata: string | undefined): DigestSetupMetadata {
  try {
    return metadataSchema.parse(JSON.parse(privateMetadata ?? "{}"));
  } catch {
    return { appId: null, channelId: null };
  }
}

export type DigestSubcommand = "setup" | "preview" | "send" | "help";

/** `/digest [setup|preview|send]`; no argument = preview (the harmless one). */
export function parseDigestArgs(textArg: string): DigestSubcommand {
  const word = textArg.trim().toLowerCase().split(/\s+/)[0] ?? "";
  if (word === "" || word === "preview") return "preview";
  if (word === "setup" || word === "send") return word;
  return "help";
}

/** `/forecast 12` or `/forecast #12` → 12; anything else → null. */
export function parseForecastArgs(textArg: string): number | null {
  const m = /^\s*#?\s*(\d{1,9})\s*$/.exec(textArg);
  return m?.[1] ? Number(m[1]) : null;
}
