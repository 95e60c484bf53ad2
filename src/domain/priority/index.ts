/** Priority helpers a team can choose (MoSCoW, value/effort, WSJF, RICE). Pure. */
export { PriorityInputError } from "./errors.js";
export { explainScore } from "./explain.js";
export {
  MOSCOW_CATEGORIES,
  type MoscowCategory,
  type MoscowInput,
  PRIORITY_METHODS,
  type PriorityCandidate,
  type PriorityInputByMethod,
  type PriorityMethod,
  type RiceInput,
  type ValueEffortInput,
  type WsjfInput,
} from "./priority.types.js";
export {
  MOSCOW_SCORES,
  moscowScore,
  priorityScore,
  riceScore,
  valueEffortScore,
  wsjfCostOfDelay,
  wsjfScore,
} from "./score.js";
export {
  SCORE_SIGNIFICANT_DIGITS,
  type SuggestedPosition,
  scoreTieKey,
  suggestOrder,
} from "./suggest-order.js";
export {
  validateMoscow,
  validatePriorityInput,
  validateRice,
  validateValueEffort,
  validateWsjf,
} from "./validate.js";
