/**
 * Forecasts for the backlog: loads the queue and the team's sprint history, and runs the pure
 * Monte Carlo in `domain/forecast` once for every position asked (one pass, not one per story).
 */
import {
  addDays,
  type ForecastInput,
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
  /**
   * For the active story at `rank`: its 1-based positions in the backlog and among open stories,
   * and the estimated points and unestimated count of the open stories up to and including it.
   */
  aheadOf(
    teamId: string,
    rank: number,
  ): Promise<{
    backlogPosition: number;
    queuePosition: number;
    pointsAhead: number;
    unestimatedAhead: number;
  }>;
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
/** Most positions one forecast simulates (`forecastTop`); memory is positions × horizon counters. */
export const MAX_FORECAST_POSITIONS = 100;
/** Simulation results kept per process (keyed by the whole input, so never stale). */
const CACHE_SIZE = 200;

/**
 * Runs the Monte Carlo (`forecastBacklog`). The app passes a worker-thread pool (`src/app/cpu/`)
 * so ~10-100 ms of CPU never blocks other teams' acks; by default it runs in-process.
 */
export type ForecastRunner = (input: ForecastInput<number>) => Promise<ForecastResult<number>>;
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
  run?: ForecastRunner;
}): ForecastService {
  const { queue: source, velocity, clock } = deps;
  const trials = deps.trials ?? FORECAST_TRIALS;
  const runner: ForecastRunner = deps.run ?? (async (input) => forecastBacklog(input));
  // Same input (team seed, velocity history, sprint context, needs) → same result: cache by input,
  // so a repeated /forecast costs a map lookup until the backlog or the velocity data changes.
  const cache = new Map<string, Promise<ForecastResult<number>>>();
  function run(input: ForecastInput<number>): Promise<ForecastResult<number>> {
    const key = JSON.stringify(input);
    const hit = cache.get(key);
    if (hit) {
      cache.delete(key); // re-insert: the Map's order is the recency order
      cache.set(key, hit);
      return hit;
    }
    const result = runner(input);
    cache.set(key, result);
    result.catch(() => cache.delete(key));
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    return result;
  }

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
    const base = {
      velocityHistory: finished.map((s) => s.points),
      sprint: sprintContextOf(finished, current, today),
      seed: seedFor(teamId),
      trials,
      medianStorySize: medianSize ?? undefined,
    };
    const result = await run({ ...base, queue: queue.map((e) => ({ id: e.id, points: e.estimate })) });
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
      const capped = Math.min(MAX_FORECAST_POSITIONS, Math.max(0, Math.floor(limit)));
      const queue = await source.openTop(teamId, capped);
      // The median story size is only needed when something shown is unestimated.
      const stats = await source.openStats(
        teamId,
        queue.some((e) => e.estimate === null),
      );
      return forecastQueue(teamId, queue, stats);
    },

    /**
     * Only the story's own line is needed, and item i is done in the first sprint whose running
     * total covers the points of items 1..i (a trial stops once its last position is done). So ONE
     * position needing the story's cumulative points draws exactly the same sprints as the whole
     * queue: the same percentiles, at O(trials × sprints) instead of positions × horizon memory
     * (20 MB for 10,000 stories), and the queue ahead is summed in SQLite, not read row by row.
     */
    async forecastStory(teamId, number) {
      const story = await source.findByNumber(teamId, number);
      if (!story) throw new NotFoundError(`story #${number}`);
      if (story.archivedAt) return { kind: "archived", story };
      if (story.status === "done") return { kind: "done", story };
      const ahead = await source.aheadOf(teamId, story.rank);
      const stats = await source.openStats(teamId, ahead.unestimatedAhead > 0);
      const entry: QueueEntry = {
        id: story.id,
        number: story.number,
        estimate: story.estimate,
        status: story.status,
        position: ahead.backlogPosition,
      };
      const today = localDateOf(clock.now(), deps.timeZone ?? "UTC");
      const [finished, current] = await Promise.all([
        velocity.finishedSprints(teamId),
        velocity.currentSprint(teamId, today),
      ]);
      const medianSize = ahead.unestimatedAhead > 0 ? median(stats.estimates) : null;
      const need = ahead.pointsAhead + ahead.unestimatedAhead * (medianSize ?? 0);
      const unsized = ahead.unestimatedAhead > 0 && medianSize === null;
      const raw = await run({
        velocityHistory: finished.map((s) => s.points),
        queue: [{ id: story.id, points: unsized ? null : need }],
        sprint: sprintContextOf(finished, current, today),
        seed: seedFor(teamId),
        trials,
      });
      const own = story.estimate ?? medianSize ?? 0;
      const result: ForecastResult<number> =
        raw.kind !== "forecast"
          ? raw
          : {
              ...raw,
              medianStorySize: medianSize,
              medianSource: medianSize === null ? null : "provided",
              usedMedianFor: story.estimate === null && medianSize !== null ? [story.id] : [],
              items: raw.items.map((item) => ({
                ...item,
                position: ahead.queuePosition,
                points: own,
                estimated: story.estimate !== null,
              })),
            };
      const forecast: QueueForecast = {
        result,
        queue: [entry],
        openTotal: stats.count,
        sprintsFinished: finished.length,
        current,
        medianCountUpTo: (id) => (id === story.id ? ahead.unestimatedAhead : 0),
      };
      return {
        kind: "queued",
        story,
        queuePosition: ahead.queuePosition,
        backlogPosition: ahead.backlogPosition,
        forecast,
      };
    },
  };
}
