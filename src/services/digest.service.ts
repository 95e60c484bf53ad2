/**
 * Stakeholder digests: one scheduled message per channel with the team's goals, the current
 * sprint, the top of the backlog with honest forecasts, and exactly what changed since the last
 * digest to that channel (from `backlog_events`, by event-id watermark, so nothing is guessed).
 *
 * Delivery goes through the outbox with a stable key per (channel, occurrence): a scheduler re-run
 * sends nothing twice and rebuilds the same window (the run row stores it). A channel the bot is
 * not in gets no digest; the digest's owner gets a DM instead, and the other channels still get it.
 */
import {
  aggregateChanges,
  type ChangeSet,
  type DigestEvent,
  type DigestSection,
  type DigestSettings,
  normaliseSections,
  type StoryChange,
  type StoryNow,
  validateDigestSettings,
} from "../domain/digest/index.js";
import type { ItemForecast } from "../domain/forecast/index.js";
import {
  explainScore,
  type PriorityInputByMethod,
  PriorityInputError,
  type PriorityMethod,
  validatePriorityInput,
} from "../domain/priority/index.js";
import { checkReadiness, type Readiness, type ReadinessSettings } from "../domain/readiness.js";
import { localDateOf } from "../domain/schedule/index.js";
import type { Story } from "../domain/story.js";
import type { Clock } from "../lib/clock.js";
import { ValidationError } from "../lib/errors.js";
import type { AccessControl } from "./access.ports.js";
import type { CurrentSprint, ForecastService, QueueForecast } from "./forecast.service.js";
import type { JobContext, Outbox, Scheduler } from "./scheduling.ports.js";

export const DIGEST_JOB_KIND = "digest.post";
/** Stories per change list whose current position and title are looked up (the view shows fewer). */
const POSITIONS_PER_LIST = 20;

export interface StoredDigest extends DigestSettings {
  id: number;
  teamId: string;
  ownerId: string;
  appId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface DigestRun {
  channel: string;
  occurrence: string;
  afterEventId: number;
  lastEventId: number;
  outcome: string;
  /** When the previous digest was posted to this channel (the window's start); null = first. */
  since: Date | null;
  at: Date;
}

export interface DigestStore {
  find(teamId: string): Promise<StoredDigest | null>;
  /** Creates or replaces the team's digest settings. */
  save(input: {
    teamId: string;
    ownerId: string;
    appId: string | null;
    settings: DigestSettings;
    at: Date;
  }): Promise<StoredDigest>;
  /** The newest run that was posted to `channel` (its `lastEventId` is where the next window starts). */
  lastPosted(teamId: string, channel: string): Promise<DigestRun | null>;
  findRun(teamId: string, channel: string, occurrence: string): Promise<DigestRun | null>;
  /** Inserts a run; false when (team, channel, occurrence) already has one. */
  insertRun(teamId: string, run: DigestRun): Promise<boolean>;
}

/** Read side of the backlog history. */
export interface DigestHistory {
  maxEventId(teamId: string): Promise<number>;
  /** Events with `afterId < id ≤ upToId`, in id order. */
  eventsBetween(teamId: string, afterId: number, upToId: number): Promise<DigestEvent[]>;
  /** Full stories by id (the top N). */
  storiesByIds(teamId: string, ids: readonly number[]): Promise<Story[]>;
  /** The team's Definition of Ready (the one `/backlog` and sprint planning check against). */
  readinessSettings(teamId: string): Promise<ReadinessSettings>;
  /**
   * Number and status of every story with an event in `(afterId, upToId]` (one query, no id list),
   * with `position` set to the story's RANK (null = archived): ranks sort exactly like positions and
   * are free to read; `positionsOf` turns the few that are shown into real positions. `title` is ""
   * (titles are the bulk of the bytes and only a few are shown): `titlesOf` reads the shown ones.
   */
  storiesTouched(teamId: string, afterId: number, upToId: number): Promise<StoryNow[]>;
  /** Titles of stories by id. */
  titlesOf(teamId: string, ids: readonly number[]): Promise<Map<number, string>>;
  /** Current 1-based backlog positions of active stories, by id. */
  positionsOf(teamId: string, ids: readonly number[]): Promise<Map<number, number>>;
  /**
   * The team's priority method (null = none chosen, or unknown) and, when there is one, the stored
   * inputs for that method of the given stories (raw JSON, not validated), by story id.
   */
  priorityInputs(
    teamId: string,
    storyIds: readonly number[],
  ): Promise<{ method: PriorityMethod | null; inputs: Map<number, unknown> }>;
  /** What each request asked for ("what"), by request id. */
  requestTitles(teamId: string, ids: readonly number[]): Promise<Map<number, string>>;
}

/** An active product goal with its success metrics (goals feature, issue 4). */
export interface DigestGoal {
  title: string;
  metrics: string[];
}

/** `null` = the goals feature is not available: the section is left out. */
export interface GoalSource {
  activeGoals(teamId: string): Promise<DigestGoal[] | null>;
}

export type ChannelAccessResult = "ok" | "not_in_channel" | "channel_not_found" | "is_archived";

/** Whether the bot can post in a channel (the Slack adapter asks `conversations.info`). */
export interface ChannelAccess {
  check(teamId: string, channel: string): Promise<ChannelAccessResult>;
}

export interface DigestTopItem {
  story: Story;
  /** 1-based place among the items not done yet (the order "Next up" and `/forecast` count in). */
  position: number;
  /** The same readiness result `/backlog` shows (`checkReadiness` with the team's settings). */
  readiness: Readiness;
  /** `null` when there is no dated forecast (see `DigestModel.top.result`). */
  forecast: ItemForecast<number> | null;
  /** Unestimated items up to and including this one counted at the median size. */
  medianCount: number;
  /**
   * Why the item sits where it does, in one sentence from the team's priority method and the
   * story's inputs (`explainScore`), e.g. "WSJF 2.6: cost of delay 13 (…) ÷ job size 5.". `null`
   * when the team has no method or the story has no (valid) inputs: the view shows the label.
   */
  priorityReason: string | null;
}

/** Everything the digest view renders. */
export interface DigestModel {
  teamId: string;
  generatedAt: Date;
  timeZone: string;
  sections: DigestSection[];
  /** `null`: goals feature not available (section omitted). */
  goals: DigestGoal[] | null;
  sprint: CurrentSprint | null;
  top: {
    items: DigestTopItem[];
    /** Stories not done yet. */
    openTotal: number;
    result: QueueForecast["result"];
    sprintsFinished: number;
  };
  changes: {
    set: ChangeSet;
    /** When the last digest went to this channel; null = first digest there. */
    since: Date | null;
    requestTitles: Map<number, string>;
  };
  homeUrl: string | null;
}

export interface DigestSetupInput {
  teamId: string;
  userId: string;
  appId: string | null;
  settings: DigestSettings;
}

export interface DeliveryReport {
  posted: string[];
  /** Channels that did not get it, with the reason (the owner was told). */
  skipped: { channel: string; reason: ChannelAccessResult }[];
}

export interface DigestService {
  find(teamId: string): Promise<StoredDigest | null>;
  /** Saves settings and (re)schedules the digest. @throws ValidationError (keys = setup fields), ForbiddenError */
  setup(
    input: DigestSetupInput,
  ): Promise<{ digest: StoredDigest; nextDueAt: Date | null; nextLocalDate: string | null }>;
  /** The digest as `channel` would get it now (nothing recorded). Works before setup with defaults. */
  preview(input: { teamId: string; channel: string | null; appId: string | null }): Promise<DigestModel>;
  /** Posts now to every configured channel. @throws ValidationError when not set up, ForbiddenError */
  sendNow(input: { teamId: string; userId: string }): Promise<DeliveryReport>;
  /** The scheduled job (`digest.post`). */
  runScheduled(ctx: JobContext): Promise<DeliveryReport>;
}

export const DEFAULT_DIGEST_SETTINGS: Omit<DigestSettings, "channels" | "timeZone"> = {
  days: [1],
  time: "09:00",
  sections: ["goals", "sprint", "top", "changes"],
  topN: 10,
};

export function homeUrlOf(teamId: string, appId: string | null): string | null {
  if (!appId) return null;
  return `slack://app?team=${encodeURIComponent(teamId)}&id=${encodeURIComponent(appId)}&tab=home`;
}

/** Message keys: stable per (channel, occurrence), so a re-run enqueues nothing new. */
export const digestKey = (channel: string, occurrence: string) => `digest:${channel}:${occurrence}`;
export const noticeKey = (channel: string, occurrence: string) => `digest:${channel}:${occurrence}:notice`;

export interface DigestRenderer {
  /** Renders the model into a Slack message (a pure view builder). */
  message(model: DigestModel): { text: string; blocks: unknown[] };
  /** The DM to the digest's owner when a channel could not get it. */
  notice(input: { channel: string; reason: ChannelAccessResult; delivered: string[] }): {
    text: string;
    blocks: unknown[];
  };
}

export function createDigestService(deps: {
  store: DigestStore;
  history: DigestHistory;
  goals: GoalSource;
  forecasts: ForecastService;
  channels: ChannelAccess;
  access: AccessControl;
  scheduler: Scheduler;
  outbox: Outbox;
  render: DigestRenderer;
  clock: Clock;
}): DigestService {
  const { store, history, goals, forecasts, channels, access, scheduler, outbox, render, clock } = deps;

  /** The parts every channel shares: goals, sprint, top N with forecasts. */
  async function shared(teamId: string, settings: Pick<DigestSettings, "sections" | "topN">) {
    const wantsTop = settings.sections.includes("top");
    const [forecast, goalList] = await Promise.all([
      forecasts.forecastTop(teamId, wantsTop ? settings.topN : 0),
      settings.sections.includes("goals") ? goals.activeGoals(teamId) : Promise.resolve(null),
    ]);
    const topEntries = wantsTop ? forecast.queue.slice(0, settings.topN) : [];
    const [stories, readinessSettings] = await Promise.all([
      history.storiesByIds(
        teamId,
        topEntries.map((e) => e.id),
      ),
      history.readinessSettings(teamId),
    ]);
    const byId = new Map(stories.map((s) => [s.id, s]));
    const reasons = await priorityReasons(
      teamId,
      stories.map((s) => s.id),
    );
    const forecastById = new Map(
      forecast.result.kind === "forecast" ? forecast.result.items.map((i) => [i.id, i]) : [],
    );
    const items: DigestTopItem[] = [];
    for (const [index, e] of topEntries.entries()) {
      const story = byId.get(e.id);
      if (!story) continue;
      items.push({
        story,
        // Done stories keep their backlog rank but are not "next": number the open queue from 1.
        position: index + 1,
        readiness: checkReadiness(story, readinessSettings),
        forecast: forecastById.get(e.id) ?? null,
        medianCount: forecast.medianCountUpTo(e.id),
        priorityReason: reasons.get(e.id) ?? null,
      });
    }
    return { forecast, goals: goalList, items };
  }

  /** `explainScore` sentences for the stories that have valid inputs for the team's method. */
  async function priorityReasons(teamId: string, ids: readonly number[]): Promise<Map<number, string>> {
    const reasons = new Map<number, string>();
    if (ids.length === 0) return reasons;
    const { method, inputs } = await history.priorityInputs(teamId, ids);
    if (!method) return reasons;
    for (const [id, raw] of inputs) {
      if (raw == null) continue;
      try {
        // Stored inputs are re-validated: a row written under older rules falls back to the label.
        const input = validatePriorityInput(method, raw as PriorityInputByMethod[typeof method]);
        reasons.set(id, explainScore(method, input));
      } catch (error) {
        if (!(error instanceof PriorityInputError)) throw error;
      }
    }
    return reasons;
  }

  /** Net changes in `(afterId, upToId]`, with the touched stories' current positions. */
  async function changesIn(teamId: string, afterId: number, upToId: number) {
    const events = upToId > afterId ? await history.eventsBetween(teamId, afterId, upToId) : [];
    const touched = events.length > 0 ? await history.storiesTouched(teamId, afterId, upToId) : [];
    const now = new Map<number, StoryNow>(touched.map((s) => [s.id, s]));
    const set = aggregateChanges(events, now, afterId);
    // Lists that show "now #x in line" get real positions; only the shown ones are computed.
    const shown = [set.added, set.started, set.reopened, set.restored].flatMap((list) =>
      list.slice(0, POSITIONS_PER_LIST).map((c) => c.story),
    );
    const positions = await history.positionsOf(
      teamId,
      shown.filter((s) => s.position !== null).map((s) => s.id),
    );
    for (const list of [set.added, set.started, set.reopened, set.restored]) {
      for (const [i, c] of list.entries()) {
        if (c.story.position === null) continue;
        c.story = {
          ...c.story,
          position: i < POSITIONS_PER_LIST ? (positions.get(c.story.id) ?? null) : null,
        };
      }
    }
    // Titles only for the stories that can be shown (touched ones came without).
    const storyLists: StoryChange[][] = [
      set.added,
      set.movedUp,
      set.movedDown,
      set.completed,
      set.started,
      set.reopened,
      set.dropped,
      set.restored,
      set.estimates,
      set.priorities,
    ];
    const titleIds = new Set<number>();
    for (const list of storyLists) {
      for (const c of list.slice(0, POSITIONS_PER_LIST)) if (now.has(c.story.id)) titleIds.add(c.story.id);
    }
    const titles =
      titleIds.size > 0 ? await history.titlesOf(teamId, [...titleIds]) : new Map<number, string>();
    for (const list of storyLists) {
      for (const c of list.slice(0, POSITIONS_PER_LIST)) {
        const title = titles.get(c.story.id);
        if (title !== undefined) c.story = { ...c.story, title };
      }
    }
    set.lastEventId = Math.max(set.lastEventId, upToId);
    const requestIds = [...set.accepted, ...set.declined, ...set.merged].map((r) => r.requestId);
    const requestTitles = requestIds.length > 0 ? await history.requestTitles(teamId, requestIds) : new Map();
    return { set, requestTitles };
  }

  async function buildModel(input: {
    teamId: string;
    settings: Pick<DigestSettings, "sections" | "topN" | "timeZone">;
    appId: string | null;
    common: Awaited<ReturnType<typeof shared>>;
    window: { afterId: number; upToId: number; since: Date | null };
  }): Promise<DigestModel> {
    const { common } = input;
    const changes = input.settings.sections.includes("changes")
      ? await changesIn(input.teamId, input.window.afterId, input.window.upToId)
      : {
          set: aggregateChanges([], new Map(), input.window.upToId),
          requestTitles: new Map<number, string>(),
        };
    return {
      teamId: input.teamId,
      generatedAt: clock.now(),
      timeZone: input.settings.timeZone,
      sections: input.settings.sections,
      goals: common.goals,
      sprint: common.forecast.current,
      top: {
        items: common.items,
        openTotal: common.forecast.openTotal,
        result: common.forecast.result,
        sprintsFinished: common.forecast.sprintsFinished,
      },
      changes: { set: changes.set, since: input.window.since, requestTitles: changes.requestTitles },
      homeUrl: homeUrlOf(input.teamId, input.appId),
    };
  }

  /** Posts (or reports) one occurrence to every channel of `digest`. */
  async function deliver(digest: StoredDigest, occurrence: string): Promise<DeliveryReport> {
    const report: DeliveryReport = { posted: [], skipped: [] };
    const common = await shared(digest.teamId, digest);
    const upToId = await history.maxEventId(digest.teamId);
    // Channels in a stable order, each handled on its own: one bad channel never stops the others.
    for (const channel of digest.channels) {
      let run = await store.findRun(digest.teamId, channel, occurrence);
      if (!run) {
        const access = await channels.check(digest.teamId, channel);
        const last = await store.lastPosted(digest.teamId, channel);
        const afterId = last?.lastEventId ?? 0;
        run = {
          channel,
          occurrence,
          afterEventId: afterId,
          lastEventId: access === "ok" ? Math.max(afterId, upToId) : afterId,
          outcome: access === "ok" ? "posted" : access,
          since: last?.at ?? null,
          at: clock.now(),
        };
        if (!(await store.insertRun(digest.teamId, run))) {
          run = (await store.findRun(digest.teamId, channel, occurrence)) ?? run;
        }
      }
      if (run.outcome !== "posted") {
        report.skipped.push({ channel, reason: run.outcome as ChannelAccessResult });
        continue;
      }
      const model = await buildModel({
        teamId: digest.teamId,
        settings: digest,
        appId: digest.appId,
        common,
        window: { afterId: run.afterEventId, upToId: run.lastEventId, since: run.since },
      });
      const message = render.message(model);
      await outbox.enqueue({
        teamId: digest.teamId,
        channel,
        text: message.text,
        blocks: message.blocks,
        idempotencyKey: digestKey(channel, occurrence),
        purpose: "stakeholder digest",
      });
      report.posted.push(channel);
    }
    for (const { channel, reason } of report.skipped) {
      const notice = render.notice({ channel, reason, delivered: report.posted });
      await outbox.enqueue({
        teamId: digest.teamId,
        channel: digest.ownerId,
        text: notice.text,
        blocks: notice.blocks,
        idempotencyKey: noticeKey(channel, occurrence),
        purpose: "digest admin notice",
      });
    }
    return report;
  }

  return {
    find: (teamId) => store.find(teamId),

    async setup({ teamId, userId, appId, settings }) {
      await access.require(teamId, userId, "ceremony.configure");
      const normalised: DigestSettings = {
        ...settings,
        channels: [...new Set(settings.channels)],
        days: [...new Set(settings.days)].sort((a, b) => a - b),
        sections: normaliseSections(settings.sections),
      };
      const errors = validateDigestSettings(normalised);
      if (Object.keys(errors).length > 0) throw new ValidationError(errors as Record<string, string>);
      const existing = await store.find(teamId);
      const digest = await store.save({
        teamId,
        ownerId: userId,
        appId: appId ?? existing?.appId ?? null,
        settings: normalised,
        at: clock.now(),
      });
      const { nextDueAt } = await scheduler.upsert({
        teamId,
        jobKind: DIGEST_JOB_KIND,
        refId: String(digest.id),
        recurrence: { kind: "weekly", days: normalised.days, time: normalised.time },
        timeZone: normalised.timeZone,
        label: `Stakeholder digest · ${normalised.channels.map((c) => `<#${c}>`).join(" ")}`,
      });
      const nextLocalDate = nextDueAt ? localDateOf(nextDueAt, normalised.timeZone) : null;
      return { digest, nextDueAt, nextLocalDate };
    },

    async preview({ teamId, channel, appId }) {
      const digest = await store.find(teamId);
      const settings = digest ?? { ...DEFAULT_DIGEST_SETTINGS, timeZone: "UTC", channels: [] };
      const target = channel && digest?.channels.includes(channel) ? channel : (digest?.channels[0] ?? null);
      const last = target ? await store.lastPosted(teamId, target) : null;
      const common = await shared(teamId, settings);
      const upToId = await history.maxEventId(teamId);
      return buildModel({
        teamId,
        settings,
        appId: digest?.appId ?? appId,
        common,
        window: { afterId: last?.lastEventId ?? 0, upToId, since: last?.at ?? null },
      });
    },

    async sendNow({ teamId, userId }) {
      await access.require(teamId, userId, "ceremony.configure");
      const digest = await store.find(teamId);
      if (!digest) {
        throw new ValidationError({
          digest: "There is no digest yet: set one up with `/digest setup` first.",
        });
      }
      return deliver(digest, `manual:${clock.now().toISOString()}`);
    },

    async runScheduled(ctx) {
      const digest = await store.find(ctx.teamId);
      if (!digest || String(digest.id) !== ctx.refId) return { posted: [], skipped: [] };
      return deliver(digest, ctx.localDue);
    },
  };
}
