/**
 * Who may do what in a team's backlog (issue 5 "Roles"). Implemented by
 * `access.service.ts`; features call `require` before changing anything.
 *
 * Roles per workspace team: product owners and admins (reorder, edit, archive, triage,
 * set goals), team members (create and edit stories, estimate), everyone else (read,
 * request). Slack workspace admins/owners are always admins.
 */
import type { Action, TeamRole } from "../domain/permissions.js";

export { type Action, type Permission, TEAM_ROLES, type TeamRole } from "../domain/permissions.js";

/** Answers from the permission table (`domain/permissions.ts`) for one person in one team. */
export interface AccessControl {
  roleOf(teamId: string, userId: string): Promise<TeamRole>;
  can(teamId: string, userId: string, action: Action): Promise<boolean>;
  /** Throws `ForbiddenError` whose message says who can do it (e.g. "Only product owners and admins can reorder the backlog: ask <@U1>."). */
  require(teamId: string, userId: string, action: Action): Promise<void>;
}

/** Backlog event kinds written to `backlog_events` (the digest's "what changed" reads them). */
export const BACKLOG_EVENT_KINDS = [
  "created", // {number,title,estimate}
  "edited", // {fields: string[]}
  "moved", // {fromPosition,toPosition}
  "estimated", // {from,to}
  "status", // {from,to}
  "archived", // {}
  "restored", // {}
  "split", // {into: number[]} on the original; "created" with {splitFrom} on the new one
  "priority", // {from,to}
  "request_accepted", // {requestId, storyNumber}
  "request_declined", // {requestId, reason}
  "request_merged", // {requestId, storyNumber}
] as const;
export type BacklogEventKind = (typeof BACKLOG_EVENT_KINDS)[number];
