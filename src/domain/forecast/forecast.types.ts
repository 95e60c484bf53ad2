import type { PlainDate } from "./plain-date.js";

/** An id of a backlog item, as the caller stores it (story ids are numbers, drafts may be strings). */
export type ForecastItemId = string | number;

/** One backlog item in queue order; `points: null` means not estimated yet. */
export interface ForecastQueueItem<Id extends ForecastItemId = ForecastItemId> {
  readonly id: Id;
  readonly points: number | null;
}

/**
 * Where the team stands in its sprint cadence. Sprint 1 of a forecast is:
 * - `between_sprints`: the next sprint, starting on `nextSprintStart`; sprint k ends on
 *   `nextSprintStart + k·length − 1` (its last day, inclusive).
 *   Example: start 2025-01-06, 14 days → sprint 1 ends 2025-01-19, sprint 3 ends 2025-02-16.
 * - `in_sprint`: the sprint running now, ending on `currentSprintEnd` (its last day, inclusive);
 *   sprint k ends on `currentSprintEnd + (k − 1)·length`.
 */
export type SprintContext =
  | {
      readonly kind: "between_sprints";
      /** Calendar days per sprint (14 for two weeks). */
      readonly sprintLengthDays: number;
      /** First day of the next sprint. */
      readonly nextSprintStart: PlainDate;
    }
  | {
      readonly kind: "in_sprint";
      readonly sprintLengthDays: number;
      /** Last day of the running sprint. */
      readonly currentSprintEnd: PlainDate;
      /**
       * Points already done in the running sprint (default 0). Sprint 1's total is drawn only from
       * past sprints that reached at least this much; the rest of that total is what still fits.
       */
      readonly donePoints?: number | undefined;
      /**
       * Points still open in the running sprint (default 0). The team finishes these before it
       * pulls from the queue, so they are added ahead of the first queue item.
       */
      readonly remainingPoints?: number | undefined;
    };

/** Input of `forecastBacklog`. */
export interface ForecastInput<Id extends ForecastItemId = ForecastItemId> {
  /** Points completed in each finished sprint, oldest first, most recent last. */
  readonly velocityHistory: readonly number[];
  /** The backlog in the PO's order (not including work already in the running sprint). */
  readonly queue: readonly ForecastQueueItem<Id>[];
  readonly sprint: SprintContext;
  /** Seed of the PRNG; same input and seed → same forecast. Low 32 bits used. */
  readonly seed: number;
  /** Simulated futures (default 10,000; 1 – 1,000,000). */
  readonly trials?: number | undefined;
  /** Forecast only the first `limit` queue items (default: all). Items keep the same forecast
   * whatever the limit, so the UI can ask for the top 20. */
  readonly limit?: number | undefined;
  /** Give up after this many sprints (default 520, i.e. 20 years of two-week sprints). */
  readonly horizonSprints?: number | undefined;
  /** Use only the most recent N finished sprints (default: all); teams change, old sprints mislead. */
  readonly lookbackSprints?: number | undefined;
  /**
   * Points to assume for an unestimated item, e.g. the team's historical median story size. When
   * absent, the median of the estimated items anywhere in the queue is used.
   */
  readonly medianStorySize?: number | undefined;
}

/** When an item is done with a given probability. */
export type CompletionForecast =
  | {
      readonly kind: "by_sprint";
      /** 1-based sprint index, see `SprintContext`. */
      readonly sprint: number;
      /** Last day of that sprint. */
      readonly endDate: PlainDate;
    }
  | {
      /** Not done within `horizonSprints` in enough trials: say "not in the foreseeable future". */
      readonly kind: "beyond_horizon";
    };

/** The forecast of one queue position. */
export interface ItemForecast<Id extends ForecastItemId = ForecastItemId> {
  readonly id: Id;
  /** 1-based position in the queue. */
  readonly position: number;
  /** Points used for this item: its estimate, or the median when unestimated. */
  readonly points: number;
  readonly estimated: boolean;
  /** Points to finish before this item is done, including it and the running sprint's open scope. */
  readonly cumulativePoints: number;
  /** Done by then in 50% of simulated futures ("as likely as not"). */
  readonly p50: CompletionForecast;
  /** Done by then in 85% of simulated futures ("likely"). */
  readonly p85: CompletionForecast;
  /** Done by then in 95% of simulated futures ("almost certainly"). */
  readonly p95: CompletionForecast;
}

/** A forecast with dates. */
export interface BacklogForecast<Id extends ForecastItemId = ForecastItemId> {
  readonly kind: "forecast";
  /** Finished sprints the forecast samples from (after `lookbackSprints`). */
  readonly sprintsUsed: number;
  readonly trials: number;
  readonly seed: number;
  readonly horizonSprints: number;
  /** Points assumed for unestimated items; `null` when none was needed or available. */
  readonly medianStorySize: number | null;
  readonly medianSource: "provided" | "queue" | null;
  /** Ids of forecast items whose size is the median, in queue order, so the UI can say so. */
  readonly usedMedianFor: readonly Id[];
  /** One per forecast position, in queue order; each percentile is never earlier than the one before. */
  readonly items: readonly ItemForecast<Id>[];
}

/** Result of `forecastBacklog`: dates, or the honest reason there are none. */
export type ForecastResult<Id extends ForecastItemId = ForecastItemId> =
  | BacklogForecast<Id>
  /** Fewer finished sprints than `MIN_HISTORY_SPRINTS`: any date would be invented. */
  | {
      readonly kind: "insufficient_history";
      readonly sprintsAvailable: number;
      readonly sprintsNeeded: number;
    }
  /** Every sampled sprint completed 0 points: at this pace nothing gets done. */
  | { readonly kind: "zero_velocity"; readonly sprintsUsed: number }
  /** Some forecast items are unestimated and there is no estimate anywhere to take a median from. */
  | { readonly kind: "no_estimates"; readonly unestimatedIds: readonly Id[] };
