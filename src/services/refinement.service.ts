/**
 * Weekly backlog refinement (issue 6): the agenda lists the next items in backlog order that are
 * not ready, each with what its Definition of Ready is missing. Posted on a weekly schedule in
 * the team's zone (through the outbox, once per occurrence) and on demand with `/refine`.
 */
import {
  checkReadiness,
  DEFAULT_READINESS,
  type ReadinessPoint,
  type ReadinessSettings,
} from "../domain/readiness.js";
import type { RefinementSettings, RefineSetupArgs } from "../domain/refinement.js";
import type { WeeklyRecurrence } from "../domain/schedule/index.js";
import type { Weekday } from "../domain/schedule/local-date.js";
import type { Story } from "../domain/story.js";
import type { Clock } from "../lib/clock.js";
import type { AccessControl } from "./access.ports.js";
import type { Scheduler } from "./scheduling.ports.js";

/** Scheduler job kind posting the weekly agenda (refId "weekly"). */
export const REFINEMENT_AGENDA_JOB = "refinement.agenda";
/** How far down the backlog the agenda looks for items that aren't ready. */
const SCAN = 500;

export interface RefinementRepository {
  saveSettings(settings: RefinementSettings, by: string, at: Date): Promise<void>;
  settings(teamId: string): Promise<RefinementSettings | null>;
  backlogTop(teamId: string, limit: number): Promise<Story[]>;
}

export interface AgendaItem {
  story: Story;
  position: number;
  /** Definition of Ready points the story misses now (empty once it meets them). */
  missing: ReadinessPoint[];
}

/** Most items one agenda message lists (two blocks each, within Block Kit's 50). */
export const AGENDA_MAX_ITEMS = 20;

export interface RefinementAgenda {
  items: AgendaItem[];
  /** Not-ready items beyond the ones listed. */
  more: number;
}

export interface RefinementService {
  setup(input: {
    teamId: string;
    userId: string;
    channelId: string;
    timeZone: string;
    args: RefineSetupArgs;
  }): Promise<{
    settings: RefinementSettings;
    nextAt: Date | null;
  }>;
  agenda(teamId: string, count?: number): Promise<RefinementAgenda>;
  /**
   * The agenda already posted with these stories, as they stand now, so the message can be
   * updated in place: the same stories in the same order, each with what it still misses (none
   * once it meets the Definition of Ready; `story.status` says whether it is marked ready).
   * Stories that left the backlog (archived, done) are dropped; `more` counts the other not-ready
   * items. At most {@link AGENDA_MAX_ITEMS}; duplicates are ignored.
   */
  agendaOf(teamId: string, storyNumbers: readonly number[]): Promise<RefinementAgenda>;
  settings(teamId: string): Promise<RefinementSettings | null>;
}

export function createRefinementService(deps: {
  repo: RefinementRepository;
  access: AccessControl;
  clock: Clock;
  scheduler: Scheduler;
  /** The team's Definition of Ready settings (the backlog's); the default checklist when absent. */
  readiness?: (teamId: string) => Promise<ReadinessSettings>;
}): RefinementService {
  const { repo, access, clock, scheduler } = deps;
  const readinessOf = deps.readiness ?? (async () => DEFAULT_READINESS);
  return {
    async setup({ teamId, userId, channelId, timeZone, args }) {
      await access.require(teamId, userId, "ceremony.configure");
      const settings: RefinementSettings = {
        teamId,
        channelId: args.channelId ?? channelId,
        weekday: args.weekday,
        time: args.time,
        timeZone,
        itemCount: args.itemCount,
      };
      const recurrence: WeeklyRecurrence = {
        kind: "weekly",
        days: [args.weekday as Weekday],
        time: args.time,
      };
      const { nextDueAt } = await scheduler.upsert({
        teamId,
        jobKind: REFINEMENT_AGENDA_JOB,
        refId: "weekly",
        recurrence,
        timeZone,
        label: "Backlog refinement agenda",
      });
      await repo.saveSettings(settings, userId, clock.now());
      return { settings, nextAt: nextDueAt };
    },

    async agenda(teamId, count) {
      const n = count ?? (await repo.settings(teamId))?.itemCount ?? 5;
      const stories = await repo.backlogTop(teamId, SCAN);
      const settings = await readinessOf(teamId);
      const notReady = stories
        .map((story, i) => ({ story, position: i + 1, missing: checkReadiness(story, settings).missing }))
        .filter((x) => x.missing.length > 0);
      return { items: notReady.slice(0, n), more: Math.max(0, notReady.length - n) };
    },

    async agendaOf(teamId, storyNumbers) {
      const listed = [...new Set(storyNumbers)].slice(0, AGENDA_MAX_ITEMS);
      const wanted = new Set(listed);
      const stories = await repo.backlogTop(teamId, SCAN);
      const settings = await readinessOf(teamId);
      const byNumber = new Map<number, AgendaItem>();
      let more = 0;
      stories.forEach((story, i) => {
        const missing = checkReadiness(story, settings).missing;
        if (wanted.has(story.number)) byNumber.set(story.number, { story, position: i + 1, missing });
        else if (missing.length > 0) more++;
      });
      const items = listed.flatMap((n) => {
        const item = byNumber.get(n);
        return item ? [item] : [];
      });
      return { items, more };
    },

    settings: (teamId) => repo.settings(teamId),
  };
}
