/**
 * Read models of the `/backlog` surfaces, composed from the story, backlog and access services:
 * what one person sees (the page, the controls their role allows, readiness marks) and the
 * Definition of Ready as they may change it. Domain objects out; the views render them.
 */
import { allows } from "../domain/permissions.js";
import { checkReadiness, type Readiness } from "../domain/readiness.js";
import type { AccessControl } from "./access.ports.js";
import type { BacklogSettings } from "./backlog.ports.js";
import type { BacklogService } from "./backlog.service.js";
import { BACKLOG_DEFAULT_LIMIT, type BacklogPage, type StoryService } from "./story.service.js";

export interface BacklogReadDeps {
  stories: Pick<StoryService, "backlog">;
  backlog: Pick<BacklogService, "settings">;
  access: Pick<AccessControl, "can" | "roleOf">;
}

/** What a person may do on the listing: the PO's controls, a member's, or none (viewers). */
export type ListingControls = "po" | "member" | "none";

export interface BacklogListing {
  page: BacklogPage;
  controls: ListingControls;
  /** Per story number: ready by the team's Definition of Ready, else how many checks are missing. */
  readiness: Map<number, Readiness>;
}

export interface BacklogListingQuery {
  teamId: string;
  userId: string;
  offset?: number;
  limit?: number;
  words?: string[];
}

/** One page of the ordered backlog as `userId` sees it. */
export async function backlogListing(deps: BacklogReadDeps, q: BacklogListingQuery): Promise<BacklogListing> {
  // One role lookup answers both questions (each `can` would look the person up again: the role
  // row, the directory's freshness and the person — 3 queries — so a render cost 10 queries, now 6).
  const [page, settings, role] = await Promise.all([
    deps.stories.backlog({
      teamId: q.teamId,
      offset: q.offset ?? 0,
      limit: q.limit ?? BACKLOG_DEFAULT_LIMIT,
      words: q.words ?? [],
    }),
    deps.backlog.settings(q.teamId),
    deps.access.roleOf(q.teamId, q.userId),
  ]);
  const dor = { sizeLimit: settings.sizeLimit, disabled: settings.dorDisabled };
  const readiness = new Map(page.entries.map((e) => [e.story.number, checkReadiness(e.story, dor)] as const));
  const controls = allows(role, "backlog.reorder") ? "po" : allows(role, "story.create") ? "member" : "none";
  return { page, controls, readiness };
}

export interface DorChecklist {
  settings: BacklogSettings;
  /** Changing it takes the `/backlog size` permission (`backlog.reorder`). */
  canChange: boolean;
}

/** The team's Definition of Ready, and whether `userId` may change it. */
export async function dorChecklist(
  deps: Omit<BacklogReadDeps, "stories">,
  q: { teamId: string; userId: string },
): Promise<DorChecklist> {
  const [settings, canChange] = await Promise.all([
    deps.backlog.settings(q.teamId),
    deps.access.can(q.teamId, q.userId, "backlog.reorder"),
  ]);
  return { settings, canChange };
}
