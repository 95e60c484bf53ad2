/**
 * Problems the person can fix on a modal go back onto its fields (`response_action: "errors"`,
 * keyed by block_id), so the modal stays open with their text. Everything else is rethrown to the
 * global error handler.
 */
import type { AckFn, ViewResponseAction } from "@slack/bolt";
import { isAppError, ValidationError } from "../lib/errors.js";

/** Slack's errors answer: block_id → message. */
export type FormErrors = Record<string, string>;

/** Field name (as in `ValidationError.fieldErrors`) → block_id; or a function for families of blocks. */
export type FieldBlocks = Readonly<Record<string, string>> | ((field: string) => string | undefined);

export interface FormErrorOptions {
  /** Where messages without a known field go (also the block for other typed errors). */
  fallback: string;
  /**
   * Also put the message of other typed errors (`AppError`: refused, not found, conflict) on
   * `fallback`. Default false: only a `ValidationError` stays on the form, others are rethrown.
   */
  appErrors?: boolean;
}

/** Slack shows at most a few lines under a field; a longer message is cut rather than refused. */
const MAX_MESSAGE = 1900;

/** Puts each field's message on its block (unknown fields on `fallback`). */
export function fieldErrorsOnBlocks(
  fieldErrors: Readonly<Record<string, string>>,
  blocks: FieldBlocks,
  fallback: string,
): FormErrors {
  const errors: FormErrors = {};
  for (const [field, message] of Object.entries(fieldErrors)) {
    const block =
      typeof blocks === "function" ? blocks(field) : Object.hasOwn(blocks, field) ? blocks[field] : undefined;
    errors[block ?? fallback] = message.slice(0, MAX_MESSAGE);
  }
  return errors;
}

/**
 * The form errors for `error`, or null when it doesn't belong on the form (the caller rethrows).
 * A `ValidationError` puts each field's message on its block; with `appErrors`, any other typed
 * error puts its user message on `fallback`.
 */
export function formErrorsFor(
  error: unknown,
  blocks: FieldBlocks,
  options: FormErrorOptions,
): FormErrors | null {
  if (error instanceof ValidationError && Object.keys(error.fieldErrors).length > 0) {
    return fieldErrorsOnBlocks(error.fieldErrors, blocks, options.fallback);
  }
  if (error instanceof ValidationError || (options.appErrors && isAppError(error))) {
    return { [options.fallback]: error.userMessage.slice(0, MAX_MESSAGE) };
  }
  return null;
}

/** One message on one block, e.g. `errorOn(Blocks.card, "Pick a card.")`. */
export function errorOn(block: string, message: string): { response_action: "errors"; errors: FormErrors } {
  return { response_action: "errors", errors: { [block]: message.slice(0, MAX_MESSAGE) } };
}

/** The ack body for `errors`. */
export function formErrors(errors: FormErrors): { response_action: "errors"; errors: FormErrors } {
  return { response_action: "errors", errors };
}

/**
 * Runs a synchronous `check` (a parse, no database) before the ack: its value, or the field-errors
 * answer to ack with. Unlike `onForm` nothing here awaits, so the ack follows in the same turn as
 * the request's arrival (an await before the ack lets every other request's work go first;
 * docs/development-acks.md). Errors that don't belong on the form are rethrown.
 *
 * ```ts
 * const draft = checkForm(() => parseStoryForm(readStoryForm(values)), FIELDS, { fallback: Ids.title });
 * if (!draft.ok) return ack(draft.response);
 * ```
 */
export function checkForm<T>(
  check: () => T,
  blocks: FieldBlocks,
  options: FormErrorOptions,
): { ok: true; value: T } | { ok: false; response: ReturnType<typeof formErrors> } {
  try {
    return { ok: true, value: check() };
  } catch (error) {
    const errors = formErrorsFor(error, blocks, options);
    if (!errors) throw error;
    return { ok: false, response: formErrors(errors) };
  }
}

/** A view submission's `ack` (Bolt types it as a union; with errors it is the response-action one). */
type ViewAck = AckFn<ViewResponseAction> | AckFn<void>;

/**
 * Runs `save` (a parse or a service call) before the ack. On a typed error that belongs on the
 * form, acks with the field errors and resolves to `{ ok: false }`; other errors are rethrown.
 *
 * ```ts
 * const saved = await onForm(ack, () => deps.retros.addAction(input), FIELDS, { fallback: Ids.text });
 * if (!saved.ok) return;
 * ```
 */
export async function onForm<T>(
  ack: ViewAck,
  save: () => T | Promise<T>,
  blocks: FieldBlocks,
  options: FormErrorOptions,
): Promise<{ ok: true; value: T } | { ok: false }> {
  try {
    return { ok: true, value: await save() };
  } catch (error) {
    const errors = formErrorsFor(error, blocks, options);
    if (!errors) throw error;
    await (ack as AckFn<ViewResponseAction>)(formErrors(errors));
    return { ok: false };
  }
}
