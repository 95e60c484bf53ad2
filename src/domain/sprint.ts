/**
 * Sprints: a goal, dates, the items the team forecasts it can finish, progress and velocity.
 * Pure types and rules. Dates are local dates (YYYY-MM-DD) in the sprint's time zone.
 */
import { z } from "zod";
import { ValidationError } from "../lib/errors.js";
import { isWorkDay, MONDAY_TO_FRIDAY, type WorkCalendar } from "./schedule/calendar.js";
import { dayNumberOf, fieldsOfDayNumber, formatLocalDate, parseLocalDate } from "./schedule/local-date.js";
import type { Story, StoryPoints } from "./story.js";
import { cleanLine, cleanText } from "./story.schema.js";

export const SPRINT_STATES = ["active", "closed"] as const;
export type SprintState = (typeof SPRINT_STATES)[number];
export const ITEM_STATUSES = ["todo", "in_progress", "done"] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];
export const ITEM_STATUS_LABELS: Record<ItemStatus, string> = {
  todo: "To do",
  in_progress: "In progress",
  done: "Done",
};
/** Where an unfinished item goes when the sprint closes. */
export const CARRY_OVER = ["backlog", "next_sprint"] as const;
export type CarryOver = (typeof CARRY_OVER)[number];

export const SPRINT_LIMITS = {
  name: 80,
  goal: 500,
  dod: 2000,
  /** The review note of one item: why it isn't done. */
  note: 300,
  demoLink: 500,
  /** Stakeholder feedback on a review (it also becomes a request's "what"). */
  feedback: 1000,
  maxDays: 56,
} as const;
/** Velocity is the average of the last this-many closed sprints. */
export const VELOCITY_WINDOW = 3;

export interface Sprint {
  id: number;
  teamId: string;
  name: string;
  goal: string;
  startsOn: string;
  endsOn: string;
  definitionOfDone: string;
  state: SprintState;
  channelId: string | null;
  timeZone: string;
  /** Local "HH:MM" of the review on `endsOn`. */
  reviewTime: string;
  completedPoints: number | null;
  goalMet: boolean | null;
  goalConfirmedBy: string | null;
  createdBy: string;
  createdAt: Date;
  closedAt: Date | null;
}

export interface SprintItem {
  story: Story;
  status: ItemStatus;
  addedAt: Date;
  doneAt: Date | null;
  outcome: "done" | CarryOver | null;
  notDoneReason: string | null;
  demoLink: string | null;
}

export interface SprintDraft {
  name: string;
  goal: string;
  startsOn: string;
  endsOn: string;
  definitionOfDone: string;
  reviewTime: string;
}

export interface SprintFormInput {
  name?: string | null;
  goal?: string | null;
  startsOn?: string | null;
  endsOn?: string | null;
  definitionOfDone?: string | null;
  reviewTime?: string | null;
}

/** A team that never saved a work week works Monday to Friday (as the calendar store says). */
const MONDAY_TO_FRIDAY_CALENDAR: WorkCalendar = { workDays: MONDAY_TO_FRIDAY, holidays: [] };

export const dayNumber = (localDate: string) => {
  const f = parseLocalDate(localDate);
  return dayNumberOf(f.year, f.month, f.day);
};
export const addDays = (localDate: string, days: number) => {
  const f = fieldsOfDayNumber(dayNumber(localDate) + days);
  return formatLocalDate(f.year, f.month, f.day);
};

/**
 * The last working day on or before `date`, not earlier than `notBefore`; `date` itself when
 * the whole range is non-working (a team that works no day in it still gets a date).
 * @example lastWorkDay("2026-12-13", "2026-11-30", monToFri) // "2026-12-11": Sun → Fri
 */
export function lastWorkDay(date: string, notBefore: string, calendar: WorkCalendar): string {
  for (let d = date; d >= notBefore; d = addDays(d, -1)) if (isWorkDay(calendar, d)) return d;
  return date;
}

/**
 * Two weeks starting `today`, ending on the last working day of the team's week in them:
 * started on Monday 30 Nov with a Monday–Friday week, the sprint ends Friday 11 Dec (not Sunday 13).
 */
export function defaultSprintDates(
  today: string,
  calendar: WorkCalendar = MONDAY_TO_FRIDAY_CALENDAR,
): { startsOn: string; endsOn: string } {
  return { startsOn: today, endsOn: lastWorkDay(addDays(today, 13), today, calendar) };
}

/** The day the review is held: the last day, or the last working day before it when that is off. */
export function reviewDateOf(sprint: Pick<Sprint, "startsOn" | "endsOn">, calendar: WorkCalendar): string {
  return lastWorkDay(sprint.endsOn, sprint.startsOn, calendar);
}

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "Pick a date." });
const schema = z.object({
  name: z
    .string()
    .min(1, { error: "Give the sprint a name." })
    .max(SPRINT_LIMITS.name, { error: `At most ${SPRINT_LIMITS.name} characters.` }),
  goal: z
    .string()
    .min(1, { error: "A sprint needs a goal: what will be true at the end that isn't now?" })
    .max(SPRINT_LIMITS.goal, { error: `At most ${SPRINT_LIMITS.goal} characters.` }),
  startsOn: localDate,
  endsOn: localDate,
  definitionOfDone: z.string().max(SPRINT_LIMITS.dod, { error: `At most ${SPRINT_LIMITS.dod} characters.` }),
  reviewTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: "Pick a time like 15:00." }),
});

/** Validates the `/sprint start` form; throws `ValidationError` keyed by field. */
export function parseSprintForm(input: SprintFormInput): SprintDraft {
  const parsed = schema.safeParse({
    name: cleanLine(input.name),
    goal: cleanText(input.goal),
    startsOn: input.startsOn ?? "",
    endsOn: input.endsOn ?? "",
    definitionOfDone: cleanText(input.definitionOfDone),
    reviewTime: input.reviewTime ?? "15:00",
  });
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? "name");
      errors[key] ??= issue.message;
    }
    throw new ValidationError(errors);
  }
  const d = parsed.data;
  const length = dayNumber(d.endsOn) - dayNumber(d.startsOn) + 1;
  if (length < 1) throw new ValidationError({ endsOn: "The sprint must end on or after its first day." });
  if (length > SPRINT_LIMITS.maxDays) {
    throw new ValidationError({ endsOn: `A sprint lasts at most ${SPRINT_LIMITS.maxDays / 7} weeks.` });
  }
  return d;
}

const pointsOf = (item: Pick<SprintItem, "story">) => item.story.estimate ?? 0;

export interface SprintProgress {
  donePoints: number;
  remainingPoints: number;
  totalPoints: number;
  doneItems: number;
  totalItems: number;
  unestimatedItems: number;
  /** Days left including today (0 once the end date has passed). */
  daysLeft: number;
  totalDays: number;
}

export function sprintProgress(
  sprint: Pick<Sprint, "startsOn" | "endsOn">,
  items: SprintItem[],
  today: string,
): SprintProgress {
  const done = items.filter((i) => i.status === "done");
  const donePoints = done.reduce((s, i) => s + pointsOf(i), 0);
  const totalPoints = items.reduce((s, i) => s + pointsOf(i), 0);
  const totalDays = dayNumber(sprint.endsOn) - dayNumber(sprint.startsOn) + 1;
  const daysLeft = Math.max(0, Math.min(totalDays, dayNumber(sprint.endsOn) - dayNumber(today) + 1));
  return {
    donePoints,
    remainingPoints: totalPoints - donePoints,
    totalPoints,
    doneItems: done.length,
    totalItems: items.length,
    unestimatedItems: items.filter((i) => i.story.estimate === null).length,
    daysLeft,
    totalDays,
  };
}

/** Average completed points of the most recent closed sprints (at most {@link VELOCITY_WINDOW}); null without history. */
export function velocityOf(completed: readonly number[]): number | null {
  const recent = completed.slice(0, VELOCITY_WINDOW);
  if (recent.length === 0) return null;
  return Math.round((recent.reduce((a, b) => a + b, 0) / recent.length) * 10) / 10;
}

export interface BurndownPoint {
  date: string;
  /** From all points on day one to zero at the end, falling only over working days (flat over weekends). */
  ideal: number;
  /** Points not done at the END of this day; null for days still ahead. */
  remaining: number | null;
}

/**
 * One point per sprint day. `remaining` on day d counts items added by the end of d whose
 * `doneAt` (converted to a local date by `localDateOf`) is not on or before d. The ideal line
 * burns the same share on each working day after the first and stays flat on days off: a
 * Mon–Fri sprint of 10 pts over Mon 30 Nov – Fri 11 Dec drops 10/9 per working day and is level
 * from Fri 4 to Mon 7 Dec.
 */
export function burndown(
  sprint: Pick<Sprint, "startsOn" | "endsOn">,
  items: SprintItem[],
  today: string,
  localDateOf: (instant: Date) => string,
  calendar: WorkCalendar = MONDAY_TO_FRIDAY_CALENDAR,
): BurndownPoint[] {
  const start = dayNumber(sprint.startsOn);
  const end = dayNumber(sprint.endsOn);
  const todayN = dayNumber(today);
  const total = items.reduce((s, i) => s + pointsOf(i), 0);
  // burned[k] = working days after the first day, up to and including day start + k.
  const burned: number[] = [];
  for (let d = start, n = 0; d <= end; d++) {
    const f = fieldsOfDayNumber(d);
    if (d > start && isWorkDay(calendar, formatLocalDate(f.year, f.month, f.day))) n++;
    burned.push(n);
  }
  const span = Math.max(1, burned[burned.length - 1] ?? 0);
  const doneDay = items.map((i) =>
    i.status === "done" && i.doneAt ? dayNumber(localDateOf(i.doneAt)) : null,
  );
  const points: BurndownPoint[] = [];
  for (let d = start; d <= end; d++) {
    const f = fieldsOfDayNumber(d);
    const remaining =
      d > todayN
        ? null
        : items.reduce((s, item, idx) => {
            const doneOn = doneDay[idx];
            return doneOn !== null && doneOn !== undefined && doneOn <= d ? s : s + pointsOf(item);
          }, 0);
    points.push({
      date: formatLocalDate(f.year, f.month, f.day),
      ideal: Math.round(total * (1 - (burned[d - start] ?? 0) / span) * 10) / 10,
      remaining,
    });
  }
  return points;
}

/** Story status that mirrors a sprint item status. */
export function storyStatusFor(status: ItemStatus): Story["status"] {
  return status === "todo" ? "ready" : status;
}

export type { StoryPoints };

/** Checks an item's review note; throws `ValidationError` keyed `demoLink` / `notDoneReason`. */
export function checkSprintNote(note: { demoLink: string | null; notDoneReason: string | null }): void {
  const errors: Record<string, string> = {};
  if (note.demoLink && !/^https?:\/\/\S+$/i.test(note.demoLink))
    errors.demoLink = "A link starts with https://";
  else if ((note.demoLink?.length ?? 0) > SPRINT_LIMITS.demoLink)
    errors.demoLink = `Keep the link under ${SPRINT_LIMITS.demoLink} characters.`;
  if ((note.notDoneReason?.length ?? 0) > SPRINT_LIMITS.note)
    errors.notDoneReason = `Keep the reason under ${SPRINT_LIMITS.note} characters.`;
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
}

/** Checks review feedback; throws `ValidationError` keyed `text`. */
export function checkFeedback(text: string): void {
  if (!text) throw new ValidationError({ text: "Write your feedback first." });
  if (text.length > SPRINT_LIMITS.feedback)
    throw new ValidationError({
      text: `Keep your feedback under ${SPRINT_LIMITS.feedback} characters (it has ${text.length}).`,
    });
}
