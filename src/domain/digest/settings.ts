/**
 * What a team's stakeholder digest contains and when it goes out. Pure validation: one error per
 * field (keys are the setup modal's field names), all problems at once.
 */
import { isValidTimeOfDay, isValidTimeZone, type Weekday } from "../schedule/index.js";

/** Sections in the order they appear in the message. */
export const DIGEST_SECTIONS = ["goals", "sprint", "top", "changes"] as const;
export type DigestSection = (typeof DIGEST_SECTIONS)[number];
export const DIGEST_SECTION_LABELS: Record<DigestSection, string> = {
  goals: "Product goals and their metrics",
  sprint: "Current sprint: goal and progress",
  top: "Top of the backlog with forecasts",
  changes: "What changed since the last digest",
};

/** How many backlog items the "top" section may list (each takes one line; 20 keep it readable). */
export const DIGEST_TOP_CHOICES = [3, 5, 10, 15, 20] as const;
export const DIGEST_MAX_CHANNELS = 10;

export interface DigestSettings {
  channels: string[];
  days: Weekday[];
  /** Local "HH:MM" in `timeZone`. */
  time: string;
  timeZone: string;
  sections: DigestSection[];
  topN: number;
}

export type DigestSettingsErrors = Partial<
  Record<"channels" | "days" | "time" | "timeZone" | "sections" | "topN", string>
>;

/** Returns the problems of `s` (empty object = valid). */
export function validateDigestSettings(s: DigestSettings): DigestSettingsErrors {
  const errors: DigestSettingsErrors = {};
  if (s.channels.length === 0) errors.channels = "Pick at least one channel.";
  else if (s.channels.length > DIGEST_MAX_CHANNELS)
    errors.channels = `Pick at most ${DIGEST_MAX_CHANNELS} channels.`;
  else if (s.channels.some((c) => !/^[CG][A-Z0-9]{2,}$/.test(c)))
    errors.channels = "Pick channels, not people.";
  if (s.days.length === 0) errors.days = "Pick at least one day of the week.";
  if (!isValidTimeOfDay(s.time)) errors.time = "Pick a time like 09:00.";
  if (!isValidTimeZone(s.timeZone)) {
    errors.timeZone = "Use a time zone name like America/New_York or Europe/Berlin.";
  }
  if (s.sections.length === 0) errors.sections = "Pick at least one section.";
  if (!(DIGEST_TOP_CHOICES as readonly number[]).includes(s.topN)) {
    errors.topN = `Pick ${DIGEST_TOP_CHOICES.join(", ")} items.`;
  }
  return errors;
}

/** Sections in canonical order without duplicates (stable rendering whatever order they were picked in). */
export function normaliseSections(sections: readonly string[]): DigestSection[] {
  return DIGEST_SECTIONS.filter((s) => sections.includes(s));
}
