/**
 * The App Home tab per viewer (issue 5 "App Home"): the top of the backlog, the viewer's own
 * stories, and for product owners/admins the triage inbox. Product goals and readiness
 * checklists join when their domain code lands (issue 5, other half).
 *
 * Also remembers who looked at their Home recently (in memory), so a change can refresh
 * exactly the tabs people have open instead of publishing to the whole workspace.
 */
import { checkReadiness, DEFAULT_READINESS, type ReadinessSettings } from "../domain/readiness.js";
import type { StakeholderRequest } from "../domain/request.js";
import type { RetroAction } from "../domain/retro.js";
import type { SprintItem } from "../domain/sprint.js";
import type { BacklogEntry } from "../domain/story.js";
import type { Clock } from "../lib/clock.js";
import { isAppError } from "../lib/errors.js";
import type { AccessControl, TeamRole } from "./access.ports.js";
import type { RequestService } from "./request.service.js";

/** The Home tab's reads (kept separate from `/backlog`'s search so they stay index-only). */
export interface OwnStoriesRepository {
  /** The first `limit` open (not done) stories in backlog order, and how many open stories there are. */
  top(teamId: string, limit: number): Promise<{ items: BacklogEntry[]; total: number }>;
  /** Active stories created by `userId`, in backlog order; positions among open stories (0 when done). */
  createdBy(teamId: string, userId: string, limit: number): Promise<{ items: BacklogEntry[]; total: number }>;
}

export interface HomeModel {
  viewerId: string;
  role: TeamRole;
  backlogTop: BacklogEntry[];
  backlogTotal: number;
  ownStories: BacklogEntry[];
  ownTotal: number;
  /** Present for people who may triage. */
  triage: { count: number; oldest: StakeholderRequest[] } | null;
  /** Active product goals with their metrics as text ("Churn: below 2%"). */
  goals: { title: string; metrics: string[] }[];
  /** Story id → meets the team's Definition of Ready (for the stories shown). */
  ready: Record<number, boolean>;
  /** The viewer's open retrospective action items, oldest due first. */
  actionItems: RetroAction[];
  /** The running sprint and its items (status can be changed from Home), or null. */
  sprint: { name: string; goal: string; items: SprintItem[] } | null;
  /** The quick actions this viewer can use, in the order Home shows them. */
  quickActions: QuickAction[];
}

/**
 * Home's quick actions. `new_story` for those who may create stories, `triage` for those who may
 * triage, `standup` for anyone in a standup and for the team (who may be added to one; the button
 * then says how), `backlog` for everyone (viewers read it too).
 */
export type QuickAction = "new_story" | "backlog" | "standup" | "triage";

/** Optional sources the Home tab shows when the features behind them are wired. */
export interface HomeSources {
  goals?: { activeGoalsForDigest(teamId: string): Promise<{ title: string; metrics: string[] }[]> };
  readinessSettings?: (teamId: string) => Promise<ReadinessSettings>;
  actions?: { openActionItemsFor(teamId: string, userId: string): Promise<RetroAction[]> };
  /** The running sprint; throws a typed (App) error when there is none. */
  sprint?: {
    status(teamId: string): Promise<{ sprint: { name: string; goal: string }; items: SprintItem[] }>;
  };
  /** The standups a person takes part in (for the "Write my standup" quick action). */
  standups?: { standupsOf(teamId: string, userId: string): Promise<readonly unknown[]> };
}

export const HOME_BACKLOG_TOP = 10;
export const HOME_OWN_STORIES = 10;
export const HOME_TRIAGE_SHOWN = 3;
/** A Home tab opened within this window counts as "being looked at" and is refreshed on changes. */
export const HOME_VIEWER_TTL_MS = 60 * 60 * 1000;
/** At most this many tabs refreshed per change (views.publish is Tier 4, ~100/min). */
export const HOME_REFRESH_MAX = 20;

export interface HomeService {
  model(teamId: string, viewerId: string): Promise<HomeModel>;
  noteOpened(teamId: string, userId: string): void;
  /** People who opened their Home recently, most recent first, at most `HOME_REFRESH_MAX`. */
  recentViewers(teamId: string): string[];
}

export function createHomeService(deps: {
  requests: RequestService;
  access: AccessControl;
  own: OwnStoriesRepository;
  clock: Clock;
  sources?: HomeSources;
}): HomeService {
  const { requests, access, own, clock } = deps;
  const sources = deps.sources ?? {};
  const viewers = new Map<string, Map<string, number>>();

  return {
    async model(teamId, viewerId) {
      const [role, canTriage, canCreate, standups, top, mine, goals, settings, actionItems] =
        await Promise.all([
          access.roleOf(teamId, viewerId),
          access.can(teamId, viewerId, "backlog.triage"),
          access.can(teamId, viewerId, "story.create"),
          sources.standups?.standupsOf(teamId, viewerId) ?? [],
          own.top(teamId, HOME_BACKLOG_TOP),
          own.createdBy(teamId, viewerId, HOME_OWN_STORIES),
          sources.goals?.activeGoalsForDigest(teamId) ?? [],
          sources.readinessSettings?.(teamId) ?? DEFAULT_READINESS,
          sources.actions?.openActionItemsFor(teamId, viewerId) ?? [],
        ]);
      let sprint: HomeModel["sprint"] = null;
      if (sources.sprint) {
        try {
          const view = await sources.sprint.status(teamId);
          sprint = { name: view.sprint.name, goal: view.sprint.goal, items: view.items };
        } catch (error) {
          if (!isAppError(error)) throw error; // no running sprint: the section is left out
        }
      }
      // Readiness is the team's Definition of Ready, not just the status a story was given.
      const ready: Record<number, boolean> = {};
      for (const { story } of [...top.items, ...mine.items]) {
        ready[story.id] = story.status !== "new" || checkReadiness(story, settings).ready;
      }
      let triage: HomeModel["triage"] = null;
      if (canTriage) {
        const page = await requests.inbox({ teamId, userId: viewerId, limit: HOME_TRIAGE_SHOWN });
        triage = { count: page.total, oldest: page.requests };
      }
      return {
        viewerId,
        role,
        backlogTop: top.items,
        backlogTotal: top.total,
        ownStories: mine.items,
        ownTotal: mine.total,
        triage,
        goals,
        ready,
        actionItems,
        sprint,
        quickActions: [
          ...(canCreate ? (["new_story"] as const) : []),
          "backlog",
          ...(standups.length > 0 || role !== "viewer" ? (["standup"] as const) : []),
          ...(canTriage ? (["triage"] as const) : []),
        ],
      };
    },

    noteOpened(teamId, userId) {
      const team = viewers.get(teamId) ?? new Map<string, number>();
      viewers.set(teamId, team);
      team.delete(userId); // re-insert: Map keeps insertion order, newest last
      team.set(userId, clock.now().getTime());
    },

    recentViewers(teamId) {
      const team = viewers.get(teamId);
      if (!team) return [];
      const cutoff = clock.now().getTime() - HOME_VIEWER_TTL_MS;
      for (const [user, at] of team) if (at < cutoff) team.delete(user);
      return [...team.keys()].reverse().slice(0, HOME_REFRESH_MAX);
    },
  };
}
