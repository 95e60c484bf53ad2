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
export const WEEKDAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** A weekly agenda's settings as a person gives them (`/refine setup`, typed or in the modal). */
export interface RefineSetupArgs {
  channelId: string | null;
  weekday: number;
  time: string;
  itemCount: number;
}

export function zoneOrUtc(zone: string | null | undefined): string {
  return zone && isValidTimeZone(zone) ? zone : "UTC";
}
