import { ForecastInputError } from "./errors.js";
import type {
  BacklogForecast,
  CompletionForecast,
  ForecastInput,
  ForecastItemId,
  ForecastResult,
  ItemForecast,
  SprintContext,
} from "./forecast.types.js";
import { median } from "./median.js";
import { epochDayToPlainDate, type PlainDate, plainDateToEpochDay } from "./plain-date.js";
import { simulateCompletion } from "./simulate.js";

/** Fewer finished sprints than this and the forecast says so instead of giving dates. */
export const MIN_HISTORY_SPRINTS = 3;
export const DEFAULT_TRIALS = 10_000;
export const MAX_TRIALS = 1_000_000;
/** 520 two-week sprints = 20 years: past that, "beyond the horizon" is the honest answer. */
export const DEFAULT_HORIZON_SPRINTS = 520;
export const MAX_HORIZON_SPRINTS = 5_200;
/** The reported probability levels, in percent. */
export const FORECAST_PERCENTILES = [50, 85, 95] as const;

const isNonNegative = (n: number): boolean => Number.isFinite(n) && n >= 0;
const isPositiveInteger = (n: number): boolean => Number.isSafeInteger(n) && n >= 1;

/**
 * Monte Carlo forecast of when each backlog item is done, with 50% / 85% / 95% probability.
 *
 * Model: each future sprint completes as many points as a past sprint drawn at random (with
 * replacement) from `velocityHistory`; the team works the queue in order, so item i is done in the
 * first sprint whose running total covers the points of items 1..i (plus the running sprint's open
 * scope). Percentiles are nearest-rank over trials (see `CompletionHistogram.percentileSprint`), so
 * p50 ≤ p85 ≤ p95, and a later item is never forecast earlier than an earlier one.
 *
 * Unestimated items (`points: null`) count as `medianStorySize` if given, else as the median of the
 * estimated items in the whole queue; their ids are listed in `usedMedianFor`.
 *
 * Returns `insufficient_history` with fewer than `MIN_HISTORY_SPRINTS` finished sprints,
 * `zero_velocity` when every sampled sprint completed 0 points, and `no_estimates` when a median is
 * needed but nothing is estimated. Pure and deterministic for a given input and seed.
 *
 * Cost: O(trials × (sprints simulated + positions)) time and O(positions × horizon) memory; the
 * queue beyond `limit` is only read for the median. Top 20 of 10,000 stories × 10,000 trials: ~ms.
 *
 * @throws ForecastInputError when the input breaks a rule (all problems listed at once).
 */
export function forecastBacklog<Id extends ForecastItemId>(input: ForecastInput<Id>): ForecastResult<Id> {
  const settings = validate(input);
  const history = input.velocityHistory.slice(
    settings.lookback === undefined ? 0 : Math.max(0, input.velocityHistory.length - settings.lookback),
  );
  if (history.length < MIN_HISTORY_SPRINTS) {
    return {
      kind: "insufficient_history",
      sprintsAvailable: history.length,
      sprintsNeeded: MIN_HISTORY_SPRINTS,
    };
  }
  if (history.every((v) => v === 0)) return { kind: "zero_velocity", sprintsUsed: history.length };

  const window = input.queue.slice(0, settings.limit);
  const unestimated = window.filter((item) => item.points === null).map((item) => item.id);
  let medianSize: number | null = null;
  let medianSource: BacklogForecast<Id>["medianSource"] = null;
  if (unestimated.length > 0) {
    if (input.medianStorySize !== undefined) {
      medianSize = input.medianStorySize;
      medianSource = "provided";
    } else {
      medianSize = median(estimatedPoints(input.queue));
      if (medianSize === null) return { kind: "no_estimates", unestimatedIds: unestimated };
      medianSource = "queue";
    }
  }

  const sprint = input.sprint;
  const openScope = sprint.kind === "in_sprint" ? (sprint.remainingPoints ?? 0) : 0;
  const sizes = window.map((item) => item.points ?? (medianSize as number));
  const cumulativeNeeds: number[] = [];
  let running = openScope;
  for (const size of sizes) {
    running += size;
    cumulativeNeeds.push(running);
  }

  const histogram = simulateCompletion({
    velocities: history,
    cumulativeNeeds,
    trials: settings.trials,
    seed: input.seed,
    horizonSprints: settings.horizon,
    firstSprintDonePoints: sprint.kind === "in_sprint" ? (sprint.donePoints ?? 0) : undefined,
  });

  const sprintEnd = sprintEndDate(sprint);
  const at = (position: number, p: (typeof FORECAST_PERCENTILES)[number]): CompletionForecast => {
    const k = histogram.percentileSprint(position, p);
    return k === null ? { kind: "beyond_horizon" } : { kind: "by_sprint", sprint: k, endDate: sprintEnd(k) };
  };
  const items = window.map(
    (item, position): ItemForecast<Id> => ({
      id: item.id,
      position: position + 1,
      points: sizes[position]!,
      estimated: item.points !== null,
      cumulativePoints: cumulativeNeeds[position]!,
      p50: at(position, 50),
      p85: at(position, 85),
      p95: at(position, 95),
    }),
  );

  return {
    kind: "forecast",
    sprintsUsed: history.length,
    trials: settings.trials,
    seed: input.seed,
    horizonSprints: settings.horizon,
    medianStorySize: medianSize,
    medianSource,
    usedMedianFor: unestimated,
    items,
  };
}

/** Points of the estimated items; a plain loop because this runs over the whole (maybe 10,000-item) queue. */
function estimatedPoints(queue: ForecastInput["queue"]): number[] {
  const points: number[] = [];
  for (const item of queue) if (item.points !== null) points.push(item.points);
  return points;
}

/** The last day of sprint k (1-based) under the `SprintContext` convention. */
export function sprintEndDate(sprint: SprintContext): (k: number) => PlainDate {
  const length = sprint.sprintLengthDays;
  // Validated before use, so the dates parse.
  const lastDayOfSprintOne =
    sprint.kind === "between_sprints"
      ? plainDateToEpochDay(sprint.nextSprintStart)! + length - 1
      : plainDateToEpochDay(sprint.currentSprintEnd)!;
  return (k) => epochDayToPlainDate(lastDayOfSprintOne + (k - 1) * length);
}

interface Settings {
  trials: number;
  horizon: number;
  limit: number;
  lookback: number | undefined;
}

function validate(input: ForecastInput): Settings {
  const errors: Record<string, string> = {};
  input.velocityHistory.forEach((v, i) => {
    if (!isNonNegative(v))
      errors[`velocityHistory[${i}]`] = "A sprint's completed points must be a number ≥ 0.";
  });
  input.queue.forEach((item, i) => {
    if (item.points !== null && !isNonNegative(item.points)) {
      errors[`queue[${i}].points`] = `Item ${item.id}: points must be a number ≥ 0 or not estimated.`;
    }
  });

  const sprint = input.sprint;
  if (!isPositiveInteger(sprint.sprintLengthDays) || sprint.sprintLengthDays > 366) {
    errors["sprint.sprintLengthDays"] = "Sprint length must be a whole number of days from 1 to 366.";
  }
  if (sprint.kind === "between_sprints") {
    if (plainDateToEpochDay(sprint.nextSprintStart) === null) {
      errors["sprint.nextSprintStart"] = "The next sprint's start must be a date like 2025-01-06.";
    }
  } else {
    if (plainDateToEpochDay(sprint.currentSprintEnd) === null) {
      errors["sprint.currentSprintEnd"] = "The current sprint's end must be a date like 2025-01-19.";
    }
    if (sprint.donePoints !== undefined && !isNonNegative(sprint.donePoints)) {
      errors["sprint.donePoints"] = "Points done in the current sprint must be a number ≥ 0.";
    }
    if (sprint.remainingPoints !== undefined && !isNonNegative(sprint.remainingPoints)) {
      errors["sprint.remainingPoints"] = "Points left in the current sprint must be a number ≥ 0.";
    }
  }

  const trials = input.trials ?? DEFAULT_TRIALS;
  if (!isPositiveInteger(trials) || trials > MAX_TRIALS) {
    errors.trials = `Trials must be a whole number from 1 to ${MAX_TRIALS}.`;
  }
  const horizon = input.horizonSprints ?? DEFAULT_HORIZON_SPRINTS;
  if (!isPositiveInteger(horizon) || horizon > MAX_HORIZON_SPRINTS) {
    errors.horizonSprints = `The horizon must be a whole number of sprints from 1 to ${MAX_HORIZON_SPRINTS}.`;
  }
  if (!Number.isSafeInteger(input.seed)) errors.seed = "The seed must be a whole number.";
  if (input.limit !== undefined && !(Number.isSafeInteger(input.limit) && input.limit >= 0)) {
    errors.limit = "The number of items to forecast must be a whole number ≥ 0.";
  }
  if (input.lookbackSprints !== undefined && !isPositiveInteger(input.lookbackSprints)) {
    errors.lookbackSprints = "The number of past sprints to use must be a whole number ≥ 1.";
  }
  if (input.medianStorySize !== undefined && !isNonNegative(input.medianStorySize)) {
    errors.medianStorySize = "The median story size must be a number ≥ 0.";
  }

  if (Object.keys(errors).length > 0) throw new ForecastInputError(errors);
  return {
    trials,
    horizon,
    limit: input.limit ?? input.queue.length,
    lookback: input.lookbackSprints,
  };
}
