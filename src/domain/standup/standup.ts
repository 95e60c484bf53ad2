/**
 * Async daily standups: the settings a team chooses (`/standup setup`) and their validation.
 * Pure: no I/O, no clock. Local times are "HH:MM" in each participant's own zone (or one fixed zone).
 */
import { ValidationError } from "../../lib/errors.js";
import {
  isValidTimeOfDay,
  isValidTimeZone,
  isWeekday,
  MONDAY_TO_FRIDAY,
  type Weekday,
} from "../schedule/index.js";

/** `member`: each person is prompted at the prompt time of their own Slack zone; `fixed`: one zone for all. */
export type TimeZoneMode = "member" | "fixed";
/** `thread`: one parent message, each answer in its thread. `inline`: answers inside the parent (small teams). */
export type ReportStyle = "thread" | "inline";

export interface StandupQuestion {
  text: string;
  required: boolean;
}

export interface StandupSettings {
  name: string;
  /** Report channel (C…/G…). */
  channelId: string;
  /** Slack user ids, de-duplicated, in the order chosen. */
  participants: string[];
  /** Standup days, 0 = Sunday … 6 = Saturday. */
  days: Weekday[];
  /** "HH:MM", local to each participant (member mode) or to `fixedTimeZone`. */
  promptTime: string;
  timeZoneMode: TimeZoneMode;
  /** Required in `fixed` mode; in `member` mode, the fallback for people Slack has no zone for. */
  fixedTimeZone: string | null;
  questions: StandupQuestion[];
  /** Index into `questions` of the "anything blocking you?" question, or null (no blocker tracking). */
  blockerQuestion: number | null;
  /** How long after the (latest) prompt answers are collected. */
  closeAfterMinutes: number;
  /** Off (null) or one reminder this many minutes after the person's prompt. */
  reminderAfterMinutes: number | null;
  reportStyle: ReportStyle;
  /** An unresolved blocker older than this many standup days is called out to the owner. */
  staleBlockerDays: number;
}

export interface Standup extends StandupSettings {
  id: number;
  teamId: string;
  ownerId: string;
  createdAt: Date;
  updatedAt: Date;
}

export const STANDUP_LIMITS = {
  name: 80,
  questions: 6,
  questionText: 150,
  answer: 3000,
  participants: 1000,
  /** Standups one team may have, and seats (participants summed over its standups). */
  standupsPerTeam: 50,
  seatsPerTeam: 2000,
  /** Inline reports put every answer in the parent message: only for small teams. */
  inlineParticipants: 10,
  closeAfterMinutes: 24 * 60,
  reminderAfterMinutes: 12 * 60,
  staleBlockerDays: 30,
} as const;

export const DEFAULT_QUESTIONS: StandupQuestion[] = [
  { text: "What did you do since the last standup?", required: true },
  { text: "What will you do today?", required: true },
  { text: "Anything blocking you?", required: false },
];

export const CLOSE_AFTER_CHOICES = [60, 120, 180, 240, 360, 480, 720, 1440] as const;
export const REMINDER_CHOICES = [15, 30, 60, 90, 120, 180, 240] as const;
export const STALE_BLOCKER_CHOICES = [1, 2, 3, 5, 7, 10] as const;

/** Defaults for a new standup: the team's work week, 09:30, each member's zone, three questions. */
export function defaultSettings(input: {
  workDays?: readonly Weekday[];
  channelId?: string;
  ownerZone?: string | null;
}): StandupSettings {
  return {
    name: "Daily standup",
    channelId: input.channelId ?? "",
    participants: [],
    days: [...(input.workDays ?? MONDAY_TO_FRIDAY)],
    promptTime: "09:30",
    timeZoneMode: "member",
    fixedTimeZone: input.ownerZone ?? null,
    questions: DEFAULT_QUESTIONS.map((q) => ({ ...q })),
    blockerQuestion: 2,
    closeAfterMinutes: 240,
    reminderAfterMinutes: 60,
    reportStyle: "thread",
    staleBlockerDays: 2,
  };
}

/** What a form submits, before validation (anything may be missing or wrong). */
export interface StandupSettingsInput {
  name?: string | null;
  channelId?: string | null;
  participants?: readonly string[] | null;
  days?: readonly (number | string)[] | null;
  promptTime?: string | null;
  timeZoneMode?: string | null;
  fixedTimeZone?: string | null;
  /** Up to 6 texts; empty ones are dropped. */
  questions?: readonly (string | null | undefined)[] | null;
  /** Indexes (into the submitted `questions`, before dropping empties) that are required. */
  requiredQuestions?: readonly number[] | null;
  /** Index (into the submitted `questions`) of the blockers question; null for none. */
  blockerQuestion?: number | null;
  closeAfterMinutes?: number | string | null;
  reminderAfterMinutes?: number | string | null;
  reportStyle?: string | null;
  staleBlockerDays?: number | string | null;
}

const clean = (s: string | null | undefined) => (s ?? "").replace(/\s+/g, " ").trim();
const toInt = (v: number | string | null | undefined): number | null => {
  if (v === null || v === undefined || v === "") return null;
  const n = Number(v);
  return Number.isInteger(n) ? n : Number.NaN;
};

/**
 * Validates a submitted standup form. Field names in the error are the keys of
 * {@link StandupSettingsInput} (the setup modal maps them onto its blocks).
 * @throws ValidationError listing every bad field.
 */
export function parseStandupSettings(input: StandupSettingsInput): StandupSettings {
  const errors: Record<string, string> = {};
  const name = clean(input.name) || "Daily standup";
  if (name.length > STANDUP_LIMITS.name)
    errors.name = `Keep the name under ${STANDUP_LIMITS.name} characters.`;

  const channelId = clean(input.channelId);
  if (!/^[CG][A-Z0-9]{2,}$/.test(channelId)) errors.channelId = "Pick the channel the report goes to.";

  const participants = [...new Set((input.participants ?? []).map((p) => p.trim()).filter(Boolean))];
  if (participants.length === 0) errors.participants = "Pick at least one participant.";
  else if (participants.length > STANDUP_LIMITS.participants)
    errors.participants = `A standup can have at most ${STANDUP_LIMITS.participants} participants.`;
  else if (participants.some((p) => !/^[UW][A-Z0-9]{2,}$/.test(p))) errors.participants = "Pick people only.";

  const rawDays = (input.days ?? []).map((d) => Number(d));
  const days = [...new Set(rawDays)].sort((a, b) => a - b);
  if (days.length === 0) errors.days = "Pick at least one day.";
  else if (!days.every(isWeekday)) errors.days = "Days must be Sunday to Saturday.";

  const promptTime = clean(input.promptTime);
  if (!isValidTimeOfDay(promptTime)) errors.promptTime = "Pick the time people are asked, e.g. 09:30.";

  const timeZoneMode = input.timeZoneMode === "fixed" ? "fixed" : "member";
  if (input.timeZoneMode && input.timeZoneMode !== "fixed" && input.timeZoneMode !== "member")
    errors.timeZoneMode = "Choose each member's own zone or one fixed zone.";
  const zoneText = clean(input.fixedTimeZone);
  let fixedTimeZone: string | null = zoneText || null;
  if (fixedTimeZone && !isValidTimeZone(fixedTimeZone)) {
    errors.fixedTimeZone = `“${fixedTimeZone}” is not a time zone I know. Use a name like Europe/Berlin.`;
    fixedTimeZone = null;
  } else if (timeZoneMode === "fixed" && !fixedTimeZone) {
    errors.fixedTimeZone = "Name the zone everyone is prompted in, e.g. Europe/Berlin.";
  }

  const submitted = (input.questions ?? []).slice(0, STANDUP_LIMITS.questions);
  const required = new Set(input.requiredQuestions ?? []);
  const questions: StandupQuestion[] = [];
  let blockerQuestion: number | null = null;
  submitted.forEach((raw, index) => {
    const text = clean(raw);
    if (!text) return;
    if (text.length > STANDUP_LIMITS.questionText) {
      errors[`question${index}`] = `Keep each question under ${STANDUP_LIMITS.questionText} characters.`;
    }
    if (input.blockerQuestion === index) blockerQuestion = questions.length;
    questions.push({ text, required: required.has(index) });
  });
  if (questions.length === 0) errors.question0 = "Ask at least one question.";
  if ((input.questions ?? []).length > STANDUP_LIMITS.questions)
    errors.question0 = `At most ${STANDUP_LIMITS.questions} questions.`;
  if (input.blockerQuestion !== null && input.blockerQuestion !== undefined && blockerQuestion === null)
    errors.blockerQuestion = "The blockers question is empty: write it or pick “none”.";

  const closeAfterMinutes = toInt(input.closeAfterMinutes) ?? 240;
  if (
    Number.isNaN(closeAfterMinutes) ||
    closeAfterMinutes < 15 ||
    closeAfterMinutes > STANDUP_LIMITS.closeAfterMinutes
  )
    errors.closeAfterMinutes = "Collect answers for between 15 minutes and 24 hours.";

  const reminderAfterMinutes = toInt(input.reminderAfterMinutes);
  if (reminderAfterMinutes !== null) {
    if (
      Number.isNaN(reminderAfterMinutes) ||
      reminderAfterMinutes < 5 ||
      reminderAfterMinutes > STANDUP_LIMITS.reminderAfterMinutes
    ) {
      errors.reminderAfterMinutes = "Remind between 5 minutes and 12 hours after the prompt, or turn it off.";
    } else if (!errors.closeAfterMinutes && reminderAfterMinutes >= closeAfterMinutes) {
      errors.reminderAfterMinutes = "The reminder must come before the report closes.";
    } else if (!errors.promptTime && minutesOf(promptTime) + reminderAfterMinutes >= 24 * 60) {
      // A reminder after midnight would land outside the person's work day.
      errors.reminderAfterMinutes = "That reminder would fall after midnight; pick a shorter delay.";
    }
  }

  const reportStyle = input.reportStyle === "inline" ? "inline" : "thread";
  if (reportStyle === "inline" && participants.length > STANDUP_LIMITS.inlineParticipants)
    errors.reportStyle = `Inline reports are for teams of up to ${STANDUP_LIMITS.inlineParticipants}; use a thread.`;

  const staleBlockerDays = toInt(input.staleBlockerDays) ?? 2;
  if (
    Number.isNaN(staleBlockerDays) ||
    staleBlockerDays < 1 ||
    staleBlockerDays > STANDUP_LIMITS.staleBlockerDays
  )
    errors.staleBlockerDays = `Between 1 and ${STANDUP_LIMITS.staleBlockerDays} days.`;

  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return {
    name,
    channelId,
    participants,
    days: days as Weekday[],
    promptTime,
    timeZoneMode,
    fixedTimeZone,
    questions,
    blockerQuestion,
    closeAfterMinutes,
    reminderAfterMinutes,
    reportStyle,
    staleBlockerDays,
  };
}

/** "09:30" → 570. Assumes a valid "HH:MM". */
export function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** 570 → "09:30" (wraps around midnight). */
export function timeOfMinutes(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

/** Whether `userId` may change or delete the standup: its owner, or a workspace admin. */
export function canManage(
  standup: Pick<Standup, "ownerId">,
  userId: string,
  isWorkspaceAdmin: boolean,
): boolean {
  return standup.ownerId === userId || isWorkspaceAdmin;
}

/**
 * The team caps: at most `standupsPerTeam` standups and `seatsPerTeam` participants summed over
 * them (a person in two standups takes two seats). `existing` is the team's standups; `editingId`
 * the one being replaced by `settings`, null for a new one.
 * @throws ValidationError keyed `name` (too many standups) or `participants` (too many seats).
 */
export function checkTeamStandupCaps(
  existing: readonly Pick<Standup, "id" | "participants">[],
  settings: Pick<StandupSettings, "participants">,
  editingId: number | null,
): void {
  const others = existing.filter((s) => s.id !== editingId);
  if (editingId === null && others.length >= STANDUP_LIMITS.standupsPerTeam) {
    throw new ValidationError({
      name: `This team already has ${STANDUP_LIMITS.standupsPerTeam} standups, the most one team may have. Delete one you no longer use (\`/standup list\`).`,
    });
  }
  const seats = others.reduce((n, s) => n + s.participants.length, 0) + settings.participants.length;
  if (seats > STANDUP_LIMITS.seatsPerTeam) {
    const left = Math.max(0, STANDUP_LIMITS.seatsPerTeam - (seats - settings.participants.length));
    throw new ValidationError({
      participants: `The team's standups may have ${STANDUP_LIMITS.seatsPerTeam} participants in all; ${left} ${left === 1 ? "seat is" : "seats are"} left. Pick fewer people or remove some from another standup.`,
    });
  }
}
