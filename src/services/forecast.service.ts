/**
 * Forecasts for the backlog: loads the queue and the team's sprint history, and runs the pure
 * Monte Carlo in `domain/forecast` once for every position asked (one pass, not one per story).
 */
import {
  addDays,
  type ForecastResult,
  forecastBacklog,
  median,
  mix32,
  type PlainDate,
  plainDateToEpochDay,
  type SprintContext,
} from "../domain/forecast/index.js";
import { localDateOf } from "../domain/schedule/index.js";
import type { Story } from "../domain/story.js";
import type { Clock } from "../lib/clock.js";
import { NotFoundError } from "../lib/errors.js";

/** A finished sprint as the forecast needs it. */
export interface FinishedSprint {
  points: number;
  /** First and last day (inclusive), "YYYY-MM-DD". */
  startedOn: PlainDate;
  endedOn: PlainDate;
}

/** The running sprint, for the digest's sprint section and the forecast's sprint 1. */
export interface CurrentSprint {
  name: string;
  goal: string | null;
  startedOn: PlainDate;
  endsOn: PlainDate;
  /** Points of the sprint's items that are done / all points planned into it. */
  donePoints: number;
  plannedPoints: number;
  doneItems: number;
  plannedItems: number;
}

/**
 * Where velocity comes from: the sprints feature (issue 6). Until its tables exist the
 * implementation answers "no sprints", and forecasts honestly say "not enough history yet".
 */
export interface VelocitySource {
  /** Finished sprints, oldest first. */
  finishedSprints(teamId: string): Promise<FinishedSprint[]>;
  currentSprint(teamId: string, today: PlainDate): Promise<CurrentSprint | null>;
}

/** One active story as the queue sees it, in backlog order. */
export interface QueueEntry {
  id: number;
  number: number;
  estimate: number | null;
  status: string;
  /** 1-based position in the active backlog (done stories included, as `/backlog` shows them). */
  position: number;
}

/** Open = active (not archived) and not done: what the forecast queues. */
export interface OpenStats {
  count: number;
  /** Estimates of the open stories that have one (for the median story size). */
  estimates: number[];
}

export interface QueueSource {
  /** Every active (not archived) story in backlog order: a few small columns, fine for 10,000. */
  activeQueue(teamId: string): Promise<QueueEntry[]>;
  /** The first `limit` open stories in backlog order (positions count done stories too). */
  openTop(teamId: string, limit: number): Promise<QueueEntry[]>;
  /** `withEstimates: false` skips reading the estimates (no median needed): only the count. */
  openStats(teamId: string, withEstimates: boolean): Promise<OpenStats>;
  findByNumber(teamId: string, number: number): Promise<Story | null>;
}

export interface QueueForecast {
  result: ForecastResult<number>;
  /** The forecast open stories, in order (the first `limit`). */
  queue: QueueEntry[];
  /** All open stories. */
  openTotal: number;
  /** Finished sprints known (before the minimum-history rule). */
  sprintsFinished: number;
  current: CurrentSprint | null;
  /** For a story id in `queue`: how many unestimated items up to and including it count at the median size. */
  medianCountUpTo(storyId: number): number;
}

export type StoryForecast =
  | { kind: "done"; story: Story }
  | { kind: "archived"; story: Story }
  | { kind: "queued"; story: Story; queuePosition: number; backlogPosition: number; forecast: QueueForecast };

export interface ForecastService {
  /** Forecasts the first `limit` not-done stories. */
  forecastTop(teamId: string, limit: number): Promise<QueueForecast>;
  /** `/forecast <number>`. @throws NotFoundError for an unknown story number. */
  forecastStory(teamId: string, number: number): Promise<StoryForecast>;
}

export const FORECAST_TRIALS = 10_000;
const DEFAULT_SPRINT_DAYS = 14;

/** A stable seed per team: the same backlog and history always give the same dates. */
export function seedFor(teamId: string): number {
  let h = 0x9e3779b9;
  for (let i = 0; i < teamId.length; i++) h = mix32(h ^ teamId.charCodeAt(i));
  return h >>> 0;
}

/** Sprint 1 of the forecast: the running sprint, or the next one after the last finished sprint. */
export function sprintContextOf(
  finished: readonly FinishedSprint[],
  current: CurrentSprint | null,
  today: PlainDate,
): SprintContext {
  const last = finished.at(-1);
  const lengthOf = (s: { startedOn: PlainDate; endedOn: PlainDate }) => {
    const a = plainDateToEpochDay(s.startedOn);
    const b = plainDateToEpochDay(s.endedOn);
    return a === null || b === null || b < a ? DEFAULT_SPRINT_DAYS : b - a + 1;
  };
  if (current) {
    return {
      kind: "in_sprint",
      sprintLengthDays: lengthOf({ startedOn: current.startedOn, endedOn: current.endsOn }),
      currentSprintEnd: current.endsOn,
      donePoints: current.donePoints,
    };
  }
  const length = last ? lengthOf(last) : DEFAULT_SPRINT_DAYS;
  const afterLast = last ? addDays(last.endedOn, 1) : today;
  const start =
    (plainDateToEpochDay(afterLast) ?? 0) >= (plainDateToEpochDay(today) ?? 0) ? afterLast : today;
  return { kind: "between_sprints", sprintLengthDays: length, nextSprintStart: start };
}

export function createForecastService(deps: {
  queue: QueueSource;
  velocity: VelocitySource;
  clock: Clock;
  /** Zone "today" is read in for sprint dates (default UTC). */
  timeZone?: string;
  trials?: number;
}): ForecastService {
  const { queue: source, velocity, clock } = deps;
  const trials = deps.trials ?? FORECAST_TRIALS;

  /**
   * Forecasts `queue` (the first open stories, in order). Unestimated ones count as the median of
   * ALL open estimated stories (what the domain would compute from the whole queue), so the top 10
   * of a 10,000-story backlog needs only 10 rows plus a histogram, not the whole backlog.
   */
  async function forecastQueue(
    teamId: string,
    queue: QueueEntry[],
    stats: OpenStats,
  ): Promise<QueueForecast> {
    const today = localDateOf(clock.now(), deps.timeZone ?? "UTC");
    const [finished, current] = await Promise.all([
      velocity.finishedSprints(teamId),
      velocity.currentSprint(teamId, today),
    ]);
    const medianSize = median(stats.estimates);
    const result = forecastBacklog<number>({
      velocityHistory: finished.map((s) => s.points),
      queue: queue.map((e) => ({ id: e.id, points: e.estimate })),
      sprint: sprintContextOf(finished, current, today),
      seed: seedFor(teamId),
      trials,
      medianStorySize: medianSize ?? undefined,
    });
    // Prefix counts of unestimated items, so each line can say how many medians it stands on.
    const medianIds = new Set(result.kind === "forecast" ? result.usedMedianFor : []);
    const countUpTo = new Map<number, number>();
    let running = 0;
    for (const e of queue) {
      if (medianIds.has(e.id)) running++;
      countUpTo.set(e.id, running);
    }
    return {
      result,
      queue,
      openTotal: stats.count,
      sprintsFinished: finished.length,
      current,
      medianCountUpTo: (id) => countUpTo.get(id) ?? 0,
    };
  }

  return {
    async forecastTop(teamId, limit) {
      const queue = await source.openTop(teamId, Math.max(0, Math.floor(limit)));
      // The median story size is only needed when something shown is unestimated.
      const stats = await source.openStats(
        teamId,
        queue.some((e) => e.estimate === null),
      );
      return forecastQueue(teamId, queue, stats);
    },

    async forecastStory(teamId, number) {
      const story = await source.findByNumber(teamId, number);
      if (!story) throw new NotFoundError(`story #${number}`);
      if (story.archivedAt) return { kind: "archived", story };
      if (story.status === "done") return { kind: "done", story };
      const backlog = await source.activeQueue(teamId);
      const open = backlog.filter((e) => e.status !== "done");
      const queueIndex = open.findIndex((e) => e.id === story.id);
      const backlogPosition = backlog.find((e) => e.id === story.id)?.position ?? 0;
      const estimates: number[] = [];
      for (const e of open) if (e.estimate !== null) estimates.push(e.estimate);
      const forecast = await forecastQueue(teamId, open.slice(0, queueIndex + 1), {
        count: open.length,
        estimates,
      });
      return { kind: "queued", story, queuePosition: queueIndex + 1, backlogPosition, forecast };
    },
  };
}
