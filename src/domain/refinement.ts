/**
 * Weekly backlog refinement: when and where the agenda is posted, and how many items it lists.
 * Pure types and rules.
 */
import { isValidTimeZone } from "./schedule/time-zones.js";

export interface RefinementSettings {
  teamId: string;
  channelId: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** Local "HH:MM" in `timeZone`. */
  time: string;
  timeZone: string;
  itemCount: number;
}

export const REFINE_MAX_ITEMS = 20;
const DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
export const WEEKDAY_NAMES = DAYS.map((d) => d[0]?.toUpperCase() + d.slice(1));

export interface RefineSetupArgs {
  channelId: string | null;
  weekday: number;
  time: string;
  itemCount: number;
}

/**
 * `/refine setup <#channel> thursday 14:00 5` (channel optional: the current one; count optional: 5).
 * Returns an error text for the person otherwise.
 */
export function parseRefineSetup(text: string): RefineSetupArgs | { error: string } {
  const usage =
    "Usage: `/refine setup [#channel] <weekday> <HH:MM> [how many items]`, e.g. `/refine setup #team thursday 14:00 5`.";
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
    return { error: `I didn't understand \`${word.slice(0, 40)}\`. ${usage}` };
  }
  if (weekday === null || time === null) return { error: usage };
  if (itemCount < 1 || itemCount > REFINE_MAX_ITEMS)
    return { error: `List between 1 and ${REFINE_MAX_ITEMS} items.` };
  return { channelId, weekday, time, itemCount };
}

export function zoneOrUtc(zone: string | null | undefined): string {
  return zone && isValidTimeZone(zone) ? zone : "UTC";
}
