/**
 * Builds the `view.state.values` a real Slack client would submit for a modal, from a test's answers.
 * Answers are checked against the view (options must exist, dates must be dates, lengths must fit), so
 * a test cannot submit what no user could.
 */
import type { ViewStateValue } from "@slack/bolt";

/** One answer: text/value, one option value, several option values/ids, or `null` for "left empty". */
export type ModalAnswer = string | string[] | null;

/** Slack-shaped `state.values`: `{ [block_id]: { [action_id]: { type, value | selected_… } } }`. */
export type ModalStateValues = Record<string, Record<string, ViewStateValue>>;

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

export interface FillModalOptions {
  /**
   * Also refuse what Slack's client refuses before submitting: text outside `min_length`/`max_length`,
   * a `number_input` value that is not a number or is out of range, more than `max_selected_items`.
   * Off by default, because the app must re-check these anyway (forged payloads), and tests of those
   * re-checks need to submit such values.
   */
  strict?: boolean;
}

interface Option {
  text?: unknown;
  value?: unknown;
  description?: unknown;
}

/**
 * Fills the view's input blocks. Each answer is keyed by `block_id` or by the element's `action_id`.
 *
 * - Inputs without an answer submit their initial value (`initial_value`, `initial_option`, …) if any,
 *   else Slack's empty value (`value: null`, `selected_option: null`, `selected_options: []`, …).
 * - `null` clears an input even if it has an initial value.
 * - Stateful elements outside input blocks (section accessories, actions blocks) are included only when
 *   answered or initialised, as Slack does for elements the user touched.
 *
 * @throws Error when an answer matches no input, a block lacks a `block_id`/`action_id` (use the view
 *   the fake returned: `call.response.view`, where Slack filled them in), an option value is not in the
 *   view, a single-value input gets a list, a date/time is malformed, or (with `strict`) a value the
 *   client would refuse.
 */
export function fillModal(
  view: unknown,
  answers: Record<string, ModalAnswer> = {},
  opts: FillModalOptions = {},
): ModalStateValues {
  if (!isObj(view) || !Array.isArray(view.blocks)) throw new Error("fillModal: view has no blocks array");
  const used = new Set<string>();
  const values: ModalStateValues = {};
  for (const block of view.blocks) {
    if (!isObj(block)) continue;
    for (const element of statefulElements(block)) {
      const blockId = block.block_id;
      const actionId = element.action_id;
      const where = `block ${String(blockId)} / action ${String(actionId)}`;
      const keys = [...new Set([blockId, actionId])].filter(
        (k): k is string => typeof k === "string" && k in answers,
      );
      if (keys.length > 1) throw new Error(`fillModal: ${where} answered twice (by block_id and action_id)`);
      const key = keys[0];
      if (key === undefined && block.type !== "input" && !hasInitial(element)) continue;
      if (typeof blockId !== "string" || typeof actionId !== "string") {
        throw new Error(
          `fillModal: ${where} has no block_id/action_id; pass the view Slack returned (call.response.view)`,
        );
      }
      if (key !== undefined) used.add(key);
      const answer = key === undefined ? undefined : answers[key];
      const blockValues = values[blockId] ?? {};
      blockValues[actionId] = stateValue(element, answer, where, opts.strict === true);
      values[blockId] = blockValues;
    }
  }
  const unknown = Object.keys(answers).filter((k) => !used.has(k));
  if (unknown.length) {
    throw new Error(`fillModal: no input in the view for answer key(s) ${unknown.join(", ")}`);
  }
  return values;
}

/** The elements whose state Slack reports for a block. */
function statefulElements(block: Json): Json[] {
  if (block.type === "input") return isObj(block.element) ? [block.element] : [];
  const candidates =
    block.type === "actions" && Array.isArray(block.elements)
      ? block.elements
      : block.type === "section"
        ? [block.accessory]
        : [];
  return candidates.filter((el): el is Json => isObj(el) && STATEFUL.has(String(el.type)));
}

const STATEFUL = new Set([
  "plain_text_input",
  "email_text_input",
  "url_text_input",
  "number_input",
  "rich_text_input",
  "static_select",
  "external_select",
  "multi_static_select",
  "multi_external_select",
  "users_select",
  "multi_users_select",
  "conversations_select",
  "multi_conversations_select",
  "channels_select",
  "multi_channels_select",
  "datepicker",
  "timepicker",
  "datetimepicker",
  "checkboxes",
  "radio_buttons",
]);

const INITIAL_KEYS = [
  "initial_value",
  "initial_option",
  "initial_options",
  "initial_user",
  "initial_users",
  "initial_conversation",
  "initial_conversations",
  "initial_channel",
  "initial_channels",
  "initial_date",
  "initial_time",
  "initial_date_time",
];

function hasInitial(el: Json): boolean {
  return INITIAL_KEYS.some((k) => el[k] !== undefined);
}

/** `answer === undefined` means "not answered": submit the initial value. */
function stateValue(
  el: Json,
  answer: ModalAnswer | undefined,
  where: string,
  strict: boolean,
): ViewStateValue {
  const type = String(el.type);
  const one = (): string | null => {
    if (Array.isArray(answer)) throw new Error(`fillModal: ${where} (${type}) takes one value, got a list`);
    return answer ?? null;
  };
  const many = (): string[] => (answer === null || answer === undefined ? [] : [answer].flat());
  switch (type) {
    case "plain_text_input":
    case "email_text_input":
    case "url_text_input":
    case "number_input": {
      const value = answer === undefined ? initialString(el.initial_value) : one();
      if (strict && value !== null) checkText(el, type, value, where);
      return { type, value };
    }
    case "rich_text_input": {
      if (answer === undefined)
        return { type, rich_text_value: el.initial_value as ViewStateValue["rich_text_value"] };
      const text = one();
      return { type, rich_text_value: text === null ? undefined : richText(text) };
    }
    case "static_select":
    case "radio_buttons": {
      if (answer === undefined)
        return { type, selected_option: (el.initial_option as Option | undefined) ?? null } as ViewStateValue;
      const value = one();
      return {
        type,
        selected_option: value === null ? null : findOption(el, value, where),
      } as ViewStateValue;
    }
    case "external_select": {
      if (answer === undefined)
        return { type, selected_option: (el.initial_option as Option | undefined) ?? null } as ViewStateValue;
      const value = one();
      const option =
        value === null ? null : { text: { type: "plain_text" as const, text: value, emoji: true }, value };
      return { type, selected_option: option };
    }
    case "multi_static_select":
    case "checkboxes": {
      const selected =
        answer === undefined
          ? ((el.initial_options as Option[] | undefined) ?? [])
          : many().map((v) => findOption(el, v, where));
      if (strict) checkMax(el, selected.length, where);
      return { type, selected_options: selected } as ViewStateValue;
    }
    case "multi_external_select": {
      const selected =
        answer === undefined
          ? ((el.initial_options as Option[] | undefined) ?? [])
          : many().map((value) => ({
              text: { type: "plain_text" as const, text: value, emoji: true },
              value,
            }));
      return { type, selected_options: selected } as ViewStateValue;
    }
    case "users_select":
      return { type, selected_user: answer === undefined ? initialString(el.initial_user) : one() };
    case "multi_users_select":
      return {
        type,
        selected_users:
          answer === undefined ? initialList(el.initial_users) : capped(el, many(), where, strict),
      };
    case "conversations_select":
      return {
        type,
        selected_conversation: answer === undefined ? initialString(el.initial_conversation) : one(),
      };
    case "multi_conversations_select":
      return {
        type,
        selected_conversations:
          answer === undefined ? initialList(el.initial_conversations) : capped(el, many(), where, strict),
      };
    case "channels_select":
      return { type, selected_channel: answer === undefined ? initialString(el.initial_channel) : one() };
    case "multi_channels_select":
      return {
        type,
        selected_channels:
          answer === undefined ? initialList(el.initial_channels) : capped(el, many(), where, strict),
      };
    case "datepicker": {
      const date = answer === undefined ? initialString(el.initial_date) : one();
      if (date !== null && !isDate(date))
        throw new Error(`fillModal: ${where}: "${date}" is not a YYYY-MM-DD date`);
      return { type, selected_date: date };
    }
    case "timepicker": {
      const time = answer === undefined ? initialString(el.initial_time) : one();
      if (time !== null && !/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) {
        throw new Error(`fillModal: ${where}: "${time}" is not an HH:mm time`);
      }
      return { type, selected_time: time };
    }
    case "datetimepicker": {
      const raw = answer === undefined ? el.initial_date_time : one();
      if (raw === null || raw === undefined) return { type, selected_date_time: null };
      const seconds = Number(raw);
      if (!Number.isInteger(seconds))
        throw new Error(`fillModal: ${where}: "${String(raw)}" is not unix seconds`);
      return { type, selected_date_time: seconds };
    }
    default:
      throw new Error(`fillModal: ${where}: unsupported element type ${type}`);
  }
}

const initialString = (v: unknown): string | null => (typeof v === "string" ? v : null);
const initialList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

function capped(el: Json, list: string[], where: string, strict: boolean): string[] {
  if (strict) checkMax(el, list.length, where);
  return list;
}

function checkMax(el: Json, count: number, where: string): void {
  if (typeof el.max_selected_items === "number" && count > el.max_selected_items) {
    throw new Error(
      `fillModal: ${where}: ${count} selected but max_selected_items is ${el.max_selected_items}`,
    );
  }
}

/** Checks Slack's client runs before submitting (only with `strict`). */
function checkText(el: Json, type: string, value: string, where: string): void {
  if (typeof el.max_length === "number" && value.length > el.max_length) {
    throw new Error(`fillModal: ${where}: ${value.length} characters exceed max_length ${el.max_length}`);
  }
  if (typeof el.min_length === "number" && value.length < el.min_length) {
    throw new Error(`fillModal: ${where}: ${value.length} characters are below min_length ${el.min_length}`);
  }
  if (type === "number_input") {
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n))
      throw new Error(`fillModal: ${where}: "${value}" is not a number`);
    if (el.is_decimal_allowed !== true && !Number.isInteger(n)) {
      throw new Error(`fillModal: ${where}: "${value}" is not an integer (is_decimal_allowed is false)`);
    }
    if (el.min_value !== undefined && n < Number(el.min_value)) {
      throw new Error(`fillModal: ${where}: ${value} is below min_value ${String(el.min_value)}`);
    }
    if (el.max_value !== undefined && n > Number(el.max_value)) {
      throw new Error(`fillModal: ${where}: ${value} is above max_value ${String(el.max_value)}`);
    }
  }
}

function findOption(el: Json, value: string, where: string): Option {
  const groups = Array.isArray(el.option_groups) ? el.option_groups.filter(isObj) : [];
  const options = [
    ...(Array.isArray(el.options) ? el.options : []),
    ...groups.flatMap((g) => (Array.isArray(g.options) ? g.options : [])),
  ].filter(isObj);
  const found = options.find((o) => o.value === value);
  if (!found) {
    const offered = options.map((o) => JSON.stringify(o.value)).join(", ");
    throw new Error(`fillModal: ${where}: option "${value}" is not in the view (options: ${offered})`);
  }
  return structuredClone(found);
}

function isDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

function richText(text: string): ViewStateValue["rich_text_value"] {
  return {
    type: "rich_text",
    elements: [{ type: "rich_text_section", elements: [{ type: "text", text }] }],
  } as ViewStateValue["rich_text_value"];
}
