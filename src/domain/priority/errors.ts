import { ValidationError } from "../../lib/errors.js";

/**
 * A priority input breaks a rule (negative value, zero effort, confidence over 1…). `fieldErrors`
 * maps the field (e.g. `jobSize`; `items[<id>].jobSize` from `suggestOrder`) to a message that can
 * be shown next to it; every problem is reported at once.
 */
export class PriorityInputError extends ValidationError {}
