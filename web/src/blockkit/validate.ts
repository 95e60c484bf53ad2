/**
 * Checks a block the way Slack's API does before the renderer trusts its shape: unknown types and
 * missing required fields throw a {@link BlockKitError} naming the JSON path, which the renderer
 * shows in a visible box (Slack would answer `invalid_blocks`). Only the checks that protect the
 * renderer, and the ones people hit, are here: not every limit of Slack's validator.
 */

export class BlockKitError extends Error {
  constructor(
    /** What is wrong, in Slack's words where it has some ("must provide a string"). */
    readonly reason: string,
    /** Where, as a JSON path ("blocks[3].text.text"). */
    readonly path: string,
  ) {
    super(`${reason} [${path}]`);
    this.name = "BlockKitError";
  }
}

export type Json = Record<string, unknown>;

export const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function need(cond: unknown, message: string, path: string): asserts cond {
  if (!cond) throw new BlockKitError(message, path);
}

function obj(v: unknown, path: string): Json {
  need(isObj(v), "must provide an object", path);
  return v;
}

function str(o: Json, key: string, path: string, max?: number): string {
  const v = o[key];
  need(typeof v === "string", "must provide a string", `${path}.${key}`);
  if (max !== undefined) need(v.length <= max, `must be at most ${max} characters`, `${path}.${key}`);
  return v;
}

function optStr(o: Json, key: string, path: string): void {
  if (o[key] !== undefined) str(o, key, path);
}

function arr(o: Json, key: string, path: string, max?: number, min = 1): unknown[] {
  const v = o[key];
  need(Array.isArray(v), "must provide an array", `${path}.${key}`);
  need(v.length >= min, `must provide at least ${min} item${min === 1 ? "" : "s"}`, `${path}.${key}`);
  if (max !== undefined) need(v.length <= max, `must provide at most ${max} items`, `${path}.${key}`);
  return v;
}

/** A text object; `plainOnly` for places Slack accepts only plain_text (labels, buttons, titles). */
export function checkText(v: unknown, path: string, plainOnly = false, max?: number): void {
  const t = obj(v, path);
  const type = str(t, "type", path);
  need(
    type === "plain_text" || (!plainOnly && type === "mrkdwn"),
    plainOnly ? "must be a plain_text object" : "must be plain_text or mrkdwn",
    `${path}.type`,
  );
  str(t, "text", path, max);
  need((t.text as string).length > 0, "must be at least 1 character", `${path}.text`);
}

function checkOptText(o: Json, key: string, path: string, plainOnly = false, max?: number): void {
  if (o[key] !== undefined) checkText(o[key], `${path}.${key}`, plainOnly, max);
}

function checkOption(v: unknown, path: string, plainOnly: boolean): void {
  const o = obj(v, path);
  checkText(o.text, `${path}.text`, plainOnly, 75);
  str(o, "value", path, 150);
  checkOptText(o, "description", path, plainOnly, 75);
}

function checkOptions(el: Json, path: string, plainOnly: boolean, max = 100): void {
  if (el.option_groups !== undefined && el.options === undefined) {
    arr(el, "option_groups", path, 100).forEach((g, i) => {
      const gp = `${path}.option_groups[${i}]`;
      const group = obj(g, gp);
      checkText(group.label, `${gp}.label`, true, 75);
      arr(group, "options", gp, 100).forEach((o, j) => {
        checkOption(o, `${gp}.options[${j}]`, true);
      });
    });
    return;
  }
  arr(el, "options", path, max).forEach((o, i) => {
    checkOption(o, `${path}.options[${i}]`, plainOnly);
  });
}

/** Slack refuses an initial option that isn't one of the element's options (same value and text). */
function checkInitialOptions(el: Json, path: string): void {
  const all = [
    ...(Array.isArray(el.options) ? el.options : []),
    ...(Array.isArray(el.option_groups)
      ? el.option_groups.flatMap((g) => (isObj(g) && Array.isArray(g.options) ? g.options : []))
      : []),
  ].filter(isObj);
  const known = (o: unknown) =>
    isObj(o) &&
    all.some((a) => a.value === o.value && isObj(a.text) && isObj(o.text) && a.text.text === o.text.text);
  if (el.initial_option !== undefined) {
    need(known(el.initial_option), "must be one of the options", `${path}.initial_option`);
  }
  if (el.initial_options !== undefined) {
    need(
      Array.isArray(el.initial_options) && el.initial_options.every(known),
      "must all be among the options",
      `${path}.initial_options`,
    );
  }
}

/**
 * Ids Slack requires to be unique: block_id within the surface, action_id within its block.
 * Returns the message for `block` (at `index`) when it repeats an earlier one, else null.
 */
export function duplicateIdProblem(blocks: readonly unknown[], index: number): BlockKitError | null {
  const block = blocks[index];
  if (!isObj(block)) return null;
  if (typeof block.block_id === "string") {
    const first = blocks.findIndex((b) => isObj(b) && b.block_id === block.block_id);
    if (first < index) {
      return new BlockKitError(
        `block_id "${block.block_id}" is already used by blocks[${first}]`,
        `blocks[${index}].block_id`,
      );
    }
  }
  if (block.type === "actions" && Array.isArray(block.elements)) {
    const seen = new Set<string>();
    for (const [i, el] of block.elements.entries()) {
      if (!isObj(el) || typeof el.action_id !== "string") continue;
      if (seen.has(el.action_id)) {
        return new BlockKitError(
          `action_id "${el.action_id}" is used twice in this block`,
          `blocks[${index}].elements[${i}].action_id`,
        );
      }
      seen.add(el.action_id);
    }
  }
  return null;
}

function checkConfirm(el: Json, path: string): void {
  if (el.confirm === undefined) return;
  const p = `${path}.confirm`;
  const c = obj(el.confirm, p);
  checkOptText(c, "title", p, true, 100);
  checkText(c.text, `${p}.text`, false, 300);
  checkOptText(c, "confirm", p, true, 30);
  checkOptText(c, "deny", p, true, 30);
}

/** Elements allowed in each place (Slack's block reference). */
const INTERACTIVE = [
  "button",
  "checkboxes",
  "datepicker",
  "timepicker",
  "overflow",
  "radio_buttons",
  "static_select",
  "multi_static_select",
  "users_select",
  "multi_users_select",
  "channels_select",
  "multi_channels_select",
  "conversations_select",
  "multi_conversations_select",
];
export const ACTIONS_ELEMENTS = new Set(INTERACTIVE);
export const ACCESSORY_ELEMENTS = new Set([...INTERACTIVE, "image"]);
export const INPUT_ELEMENTS = new Set([
  ...INTERACTIVE.filter((t) => t !== "button" && t !== "overflow"),
  "plain_text_input",
  "number_input",
]);

/** One element; `allowed` is the set of types its container accepts. */
export function checkElement(v: unknown, path: string, allowed: Set<string>): void {
  const el = obj(v, path);
  const type = str(el, "type", path);
  need(allowed.has(type), `element type "${type}" is not supported here`, `${path}.type`);
  if (type === "image") {
    need(
      typeof el.image_url === "string" || isObj(el.slack_file),
      "must provide image_url or slack_file",
      path,
    );
    str(el, "alt_text", path, 2000);
    return;
  }
  optStr(el, "action_id", path);
  if (typeof el.action_id === "string")
    need(el.action_id.length <= 255, "must be at most 255 characters", path);
  checkConfirm(el, path);
  checkOptText(el, "placeholder", path, true, 150);
  switch (type) {
    case "button":
      checkText(el.text, `${path}.text`, true, 75);
      optStr(el, "value", path);
      optStr(el, "url", path);
      need(
        el.style === undefined || el.style === "primary" || el.style === "danger",
        'must be "primary" or "danger"',
        `${path}.style`,
      );
      break;
    case "static_select":
    case "multi_static_select":
      checkOptions(el, path, true);
      checkInitialOptions(el, path);
      break;
    case "overflow":
      arr(el, "options", path, 5, 1).forEach((o, i) => {
        checkOption(o, `${path}.options[${i}]`, true);
      });
      break;
    case "checkboxes":
    case "radio_buttons":
      checkOptions(el, path, false, 10);
      checkInitialOptions(el, path);
      break;
    case "datepicker":
      if (el.initial_date !== undefined) {
        need(
          /^\d{4}-\d{2}-\d{2}$/.test(String(el.initial_date)),
          "must be YYYY-MM-DD",
          `${path}.initial_date`,
        );
      }
      break;
    case "timepicker":
      if (el.initial_time !== undefined) {
        need(/^\d{2}:\d{2}$/.test(String(el.initial_time)), "must be HH:mm", `${path}.initial_time`);
      }
      break;
    case "number_input":
      need(
        typeof el.is_decimal_allowed === "boolean",
        "must provide a boolean",
        `${path}.is_decimal_allowed`,
      );
      break;
    case "plain_text_input":
      if (el.max_length !== undefined) {
        need(Number(el.max_length) >= 1 && Number(el.max_length) <= 3000, "must be 1 to 3000", path);
      }
      break;
  }
}

const BLOCK_TYPES = ["header", "section", "context", "divider", "actions", "image", "input", "rich_text"];

/** One block of a message, Home tab or modal. */
export function checkBlock(v: unknown, path: string): void {
  const b = obj(v, path);
  const type = str(b, "type", path);
  need(BLOCK_TYPES.includes(type), `unsupported block type "${type}"`, `${path}.type`);
  if (b.block_id !== undefined) str(b, "block_id", path, 255);
  switch (type) {
    case "header":
      checkText(b.text, `${path}.text`, true, 150);
      break;
    case "section":
      need(b.text !== undefined || b.fields !== undefined, "must provide text or fields", path);
      checkOptText(b, "text", path, false, 3000);
      if (b.fields !== undefined) {
        arr(b, "fields", path, 10).forEach((f, i) => {
          checkText(f, `${path}.fields[${i}]`, false, 2000);
        });
      }
      if (b.accessory !== undefined) checkElement(b.accessory, `${path}.accessory`, ACCESSORY_ELEMENTS);
      break;
    case "context":
      arr(b, "elements", path, 10).forEach((e, i) => {
        const ep = `${path}.elements[${i}]`;
        if (isObj(e) && e.type === "image") checkElement(e, ep, new Set(["image"]));
        else checkText(e, ep);
      });
      break;
    case "actions":
      arr(b, "elements", path, 25).forEach((e, i) => {
        checkElement(e, `${path}.elements[${i}]`, ACTIONS_ELEMENTS);
      });
      break;
    case "image":
      need(
        typeof b.image_url === "string" || isObj(b.slack_file),
        "must provide image_url or slack_file",
        path,
      );
      str(b, "alt_text", path, 2000);
      checkOptText(b, "title", path, true, 2000);
      break;
    case "input":
      checkText(b.label, `${path}.label`, true, 2000);
      checkOptText(b, "hint", path, true, 2000);
      checkElement(b.element, `${path}.element`, INPUT_ELEMENTS);
      break;
    case "rich_text":
      arr(b, "elements", path);
      break;
  }
}
