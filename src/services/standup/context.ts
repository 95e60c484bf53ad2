/**
 * What every standup module shares: the service's dependencies, the repository, outbox keys and
 * the checks of who may change a standup.
 */
import type { WorkCalendar } from "../../domain/schedule/index.js";
import { canManage, type Standup, standupCalendar } from "../../domain/standup/index.js";
import { ForbiddenError, NotFoundError } from "../../lib/errors.js";
import type { StandupMember, StandupRepository } from "../standup.ports.js";
import type { Person } from "../user-directory.ports.js";
import type { StandupServiceDeps } from "./contract.js";

export interface StandupContext extends StandupServiceDeps {
  repo: StandupRepository;
}

/** Outbox idempotency key of one standup day's message (see the delivery model in `index.ts`). */
export const key = (s: { id: number }, day: string, rest: string) => `standup:${s.id}:${day}:${rest}`;

/** The scheduler ref of a person's prompt/reminder schedules. */
export const refOf = (standup: Standup, userId: string) => `${standup.id}:${userId}`;

export function parseRef(refId: string): { standupId: number; userId: string } | null {
  const m = /^(\d+):([A-Z0-9]+)$/.exec(refId);
  return m ? { standupId: Number(m[1]), userId: m[2] ?? "" } : null;
}

/** Why a person can't take part, from what Slack says about them (null: they can). */
export function problemOf(person: Person | null): StandupMember["problem"] {
  if (!person) return "unknown_user";
  if (person.deleted) return "deactivated";
  return person.isBot ? "cannot_dm" : null;
}

export async function calendarOf(ctx: StandupContext, standup: Standup): Promise<WorkCalendar> {
  const team = await ctx.calendars.workCalendar(standup.teamId);
  return standupCalendar(standup, team.holidays);
}

export async function load(ctx: StandupContext, teamId: string, id: number): Promise<Standup> {
  const standup = await ctx.repo.find(teamId, id);
  if (!standup) throw new NotFoundError("that standup (it may have been deleted)");
  return standup;
}

export async function mayManage(ctx: StandupContext, standup: Standup, userId: string): Promise<boolean> {
  if (standup.ownerId === userId) return true;
  return canManage(standup, userId, await ctx.users.isWorkspaceAdmin(standup.teamId, userId));
}

export async function assertManage(ctx: StandupContext, standup: Standup, userId: string): Promise<void> {
  if (!(await mayManage(ctx, standup, userId))) {
    throw new ForbiddenError(
      `Only the standup's owner (<@${standup.ownerId}>) or a workspace admin can change “${standup.name}”.`,
    );
  }
}
