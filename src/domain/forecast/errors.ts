import { ValidationError } from "../../lib/errors.js";

/**
 * The forecast input breaks a rule (negative points, a bad date, zero trials…). `fieldErrors` maps
 * the input path (e.g. `velocityHistory[2]`, `sprint.nextSprintStart`) to a message; all problems are
 * reported at once.
 */
export class ForecastInputError extends ValidationError {}
