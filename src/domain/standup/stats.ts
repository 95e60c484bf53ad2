/**
 * Participation: answer rate and streak, computed from closed reports only (a report still open
 * can't count against anyone). Private by design: a person sees their own figures, the owner the
 * team's; nothing here ranks people.
 */
import type { LocalDate } from "../schedule/index.js";

/** Who was expected and who answered on a closed standup day (away people are not expected). */
export interface DayParticipation {
  day: LocalDate;
  expected: readonly string[];
  answered: readonly string[];
}

export interface PersonStats {
  userId: string;
  /** Standup days they were expected (not away) in the window. */
  expected: number;
  answered: number;
  /** answered / expected, 0..1; null when they were never expected. */
  rate: number | null;
  /** Consecutive expected days answered, counting back from the most recent one. */
  streak: number;
}

/** @param days closed days, any order. */
export function personStats(userId: string, days: readonly DayParticipation[]): PersonStats {
  const mine = [...days]
    .filter((d) => d.expected.includes(userId))
    .sort((a, b) => a.day.localeCompare(b.day));
  const answered = mine.filter((d) => d.answered.includes(userId)).length;
  let streak = 0;
  for (let i = mine.length - 1; i >= 0; i--) {
    if (!mine[i]?.answered.includes(userId)) break;
    streak++;
  }
  return {
    userId,
    expected: mine.length,
    answered,
    rate: mine.length ? answered / mine.length : null,
    streak,
  };
}

/** Stats for each listed person, in the order given. */
export function teamStats(userIds: readonly string[], days: readonly DayParticipation[]): PersonStats[] {
  return userIds.map((u) => personStats(u, days));
}
