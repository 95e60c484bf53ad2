/** Monte Carlo forecasting of backlog items from the team's own sprint history. Pure. */
export { ForecastInputError } from "./errors.js";
export {
  DEFAULT_HORIZON_SPRINTS,
  DEFAULT_TRIALS,
  FORECAST_PERCENTILES,
  forecastBacklog,
  MAX_HORIZON_SPRINTS,
  MAX_TRIALS,
  MIN_HISTORY_SPRINTS,
  sprintEndDate,
} from "./forecast.js";
export type {
  BacklogForecast,
  CompletionForecast,
  ForecastInput,
  ForecastItemId,
  ForecastQueueItem,
  ForecastResult,
  ItemForecast,
  SprintContext,
} from "./forecast.types.js";
export { median } from "./median.js";
export {
  addDays,
  epochDayToPlainDate,
  isPlainDate,
  type PlainDate,
  plainDateToEpochDay,
} from "./plain-date.js";
export { createPrng, mix32, Sfc32 } from "./prng.js";
export { CompletionHistogram, type SimulationInput, simulateCompletion } from "./simulate.js";
