/**
 * The state of one standup day as the report shows it: who answered (and whether late or edited),
 * who is late, who is still to be asked, who is away, and the open blockers. Pure: the views render
 * this model; `now` comes in as an argument.
 */
import type { LocalDate } from "../schedule/index.js";
import type { Standup } from "./standup.js";
import { promptInstant } from "./timing.js";

/** One question and its answer, as given (question text copied so later edits of the questions don't rewrite history). */
export interface AnswerItem {
  question: string;
  answer: string;
  /** This item answers the blockers question and names a blocker. */
  blocker: boolean;
}

export interface StandupAnswer {
  id: number;
  teamId: string;
  standupId: number;
  day: LocalDate;
  userId: string;
  items: AnswerItem[];
  submittedAt: Date;
  updatedAt: Date;
  /** 1 on the first answer, +1 per edit. */
  revision: number;
  /** Given after the person's late threshold (their reminder time). */
  late: boolean;
}

export interface Blocker {
  id: number;
  teamId: string;
  standupId: number;
  userId: string;
  /** The standup day it was raised on. */
  day: LocalDate;
  text: string;
  createdAt: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  staleNotifiedAt: Date | null;
}

/** A participant as the report needs them. */
export interface ReportParticipant {
  userId: string;
  name: string;
  /** The zone they are prompted in. */
  zone: string;
  /** Away (PTO) or not prompted on this day (holiday in their zone). */
  away: boolean;
}

export type EntryStatus =
  /** Answered. */
  | "answered"
  /** Prompted, no answer yet: shown as "not answered yet" until the report closes. */
  | "waiting"
  /** Their prompt time has not come yet (a later zone). */
  | "upcoming"
  | "away"
  /** The report closed without their answer. */
  | "missing";

export interface ReportEntry {
  userId: string;
  name: string;
  status: EntryStatus;
  answeredLate: boolean;
  edited: boolean;
}

export interface ReportBlocker {
  id: number;
  userId: string;
  name: string;
  text: string;
  day: LocalDate;
  resolved: boolean;
}

export interface ReportModel {
  standupId: number;
  standupName: string;
  channelId: string;
  day: LocalDate;
  closed: boolean;
  closesAt: Date;
  entries: ReportEntry[];
  /** Open blockers first (this day's and older unresolved ones), then the ones resolved today. */
  blockers: ReportBlocker[];
  /** Inline reports carry the answers in the parent; thread reports have null here. */
  inlineAnswers:
    | { userId: string; name: string; items: AnswerItem[]; late: boolean; edited: boolean }[]
    | null;
}

export function buildReportModel(input: {
  standup: Pick<
    Standup,
    "id" | "name" | "channelId" | "promptTime" | "reminderAfterMinutes" | "reportStyle" | "participants"
  >;
  day: LocalDate;
  participants: ReportParticipant[];
  answers: StandupAnswer[];
  /** Unresolved blockers of the standup (any day) and the ones of this day. */
  blockers: Blocker[];
  now: Date;
  closed: boolean;
  closesAt: Date;
}): ReportModel {
  const { standup, day, now, closed } = input;
  /** Late in public means after the report closed, not after the private reminder time. */
  const afterClose = (a: StandupAnswer) => a.submittedAt.getTime() > input.closesAt.getTime();
  const byUser = new Map(input.answers.map((a) => [a.userId, a]));
  const names = new Map(input.participants.map((p) => [p.userId, p.name]));
  const entries: ReportEntry[] = input.participants.map((p) => {
    const answer = byUser.get(p.userId);
    const base = { userId: p.userId, name: p.name, answeredLate: false, edited: false };
    if (answer)
      return { ...base, status: "answered", answeredLate: afterClose(answer), edited: answer.revision > 1 };
    if (p.away) return { ...base, status: "away" };
    if (closed) return { ...base, status: "missing" };
    if (now < promptInstant(standup, day, p.zone)) return { ...base, status: "upcoming" };
    // Answers are collected until the close: before it nobody is publicly "late", just not
    // answered yet (the reminder at their late threshold stays private).
    return { ...base, status: "waiting" };
  });
  // People who answered but have since left the standup still appear (their answer is in the thread).
  for (const answer of input.answers) {
    if (!names.has(answer.userId)) {
      entries.push({
        userId: answer.userId,
        name: answer.userId,
        status: "answered",
        answeredLate: afterClose(answer),
        edited: answer.revision > 1,
      });
    }
  }
  const blockers: ReportBlocker[] = input.blockers
    .filter((b) => b.resolvedAt === null || b.day === day)
    .map((b) => ({
      id: b.id,
      userId: b.userId,
      name: names.get(b.userId) ?? b.userId,
      text: b.text,
      day: b.day,
      resolved: b.resolvedAt !== null,
    }))
    .sort((a, b) => Number(a.resolved) - Number(b.resolved) || a.day.localeCompare(b.day) || a.id - b.id);
  const inlineAnswers =
    standup.reportStyle === "inline"
      ? input.answers.map((a) => ({
          userId: a.userId,
          name: names.get(a.userId) ?? a.userId,
          items: a.items,
          late: afterClose(a),
          edited: a.revision > 1,
        }))
      : null;
  return {
    standupId: standup.id,
    standupName: standup.name,
    channelId: standup.channelId,
    day,
    closed,
    closesAt: input.closesAt,
    entries,
    blockers,
    inlineAnswers,
  };
}

/** Entries grouped by status, in display order. */
export function groupEntries(entries: ReportEntry[]): Record<EntryStatus, ReportEntry[]> {
  const groups: Record<EntryStatus, ReportEntry[]> = {
    answered: [],
    waiting: [],
    upcoming: [],
    away: [],
    missing: [],
  };
  for (const e of entries) groups[e.status].push(e);
  return groups;
}
