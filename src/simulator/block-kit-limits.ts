/**
 * Pure Block Kit checks mirroring the limits Slack's API enforces (see /work/shared/slack-facts.md).
 *
 * Contract: the functions never throw and never mutate their input; they return every problem found.
 * A problem string reads like Slack's `response_metadata.messages` entries (without the `[ERROR] ` prefix):
 * `must be less than 3001 characters [json-pointer:/blocks/0/text/text]`. Pointers are relative to the
 * request arguments: `/blocks/...` for messages, `/view/...` for views.
 *
 * Lengths are counted in UTF-16 code units (`String#length`), which is never less than what Slack counts,
 * so the checks err on the strict side.
 */

/** The numeric limits, exported so app tests can build "just at the limit" fixtures. */
export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  messageText: 40_000,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  actionsElements: 25,
  contextElements: 10,
  blockId: 255,
  actionId: 255,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  selectOptions: 100,
  optionGroups: 100,
  optionText: 75,
  optionValue: 150,
  optionDescription: 75,
  choiceOptions: 10,
  overflowOptions: 5,
  placeholder: 150,
  inputLabel: 2000,
  inputHint: 2000,
  plainTextInputMaxLength: 3000,
  viewTitle: 24,
  viewButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
  externalId: 255,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  imageAltText: 2000,
  markdownText: 12_000,
} as const;

/** One finding: where (JSON pointer into the request arguments) and what. */
export interface BlockKitProblem {
  pointer: string;
  message: string;
}

type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

const KNOWN_BLOCKS = new Set([
  "actions",
  "context",
  "context_actions",
  "divider",
  "file",
  "header",
  "image",
  "input",
  "markdown",
  "rich_text",
  "section",
  "table",
  "video",
]);

const SELECT_WITH_OPTIONS = new Set(["static_select", "multi_static_select"]);
const CHOICES = new Set(["checkboxes", "radio_buttons"]);

/** Collects problems; `at` formats the pointer once so callers stay terse. */
class Findings {
  readonly list: BlockKitProblem[] = [];
  add(pointer: string, message: string): void {
    this.list.push({ pointer, message });
  }
  /** Checks `value.length` when `value` is a string; `min` only applies to present values. */
  length(pointer: string, value: unknown, max: number, min = 0): void {
    if (value === undefined || value === null) return;
    if (typeof value !== "string") {
      this.add(pointer, "must be a string");
      return;
    }
    if (value.length > max) this.add(pointer, `must be less than ${max + 1} characters`);
    if (value.length < min) this.add(pointer, `must be more than ${min - 1} characters`);
  }
  /** A text object `{ type, text }`; `required` reports its absence. */
  text(
    pointer: string,
    obj: unknown,
    max: number,
    opts: { required?: boolean; plainOnly?: boolean; min?: number } = {},
  ): void {
    if (obj === undefined || obj === null) {
      if (opts.required) this.add(pointer, "missing required field");
      return;
    }
    if (!isObj(obj)) {
      this.add(pointer, "must be a text object");
      return;
    }
    if (opts.plainOnly && obj.type !== "plain_text") {
      this.add(`${pointer}/type`, "must be plain_text");
    } else if (obj.type !== "plain_text" && obj.type !== "mrkdwn") {
      this.add(`${pointer}/type`, "must be one of plain_text, mrkdwn");
    }
    if (typeof obj.text !== "string") {
      this.add(`${pointer}/text`, "missing required field: text");
      return;
    }
    this.length(`${pointer}/text`, obj.text, max, opts.min ?? 1);
  }
  count(pointer: string, arr: unknown, max: number, min = 0): unknown[] {
    if (arr === undefined || arr === null) {
      if (min > 0) this.add(pointer, "missing required field");
      return [];
    }
    if (!Array.isArray(arr)) {
      this.add(pointer, "must be an array");
      return [];
    }
    if (arr.length > max) this.add(pointer, `no more than ${max} items allowed`);
    if (arr.length < min) this.add(pointer, `must provide at least ${min} items`);
    return arr;
  }
}

export const format = (p: BlockKitProblem): string => `${p.message} [json-pointer:${p.pointer}]`;

/** Structured variant of {@link validateMessageBlocks}. */
export function checkMessageBlocks(blocks: unknown): BlockKitProblem[] {
  const f = new Findings();
  const list = f.count("/blocks", blocks, LIMITS.messageBlocks);
  checkBlockList(f, "/blocks", list);
  return f.list;
}

/**
 * Checks a message's `blocks` argument (≤ 50 blocks and every per-block limit).
 * @returns problems as Slack-style strings; empty when Slack would accept the blocks.
 */
export function validateMessageBlocks(blocks: unknown): string[] {
  return checkMessageBlocks(blocks).map(format);
}

/** Structured variant of {@link validateView}. */
export function checkView(view: unknown): BlockKitProblem[] {
  const f = new Findings();
  if (!isObj(view)) {
    f.add("/view", "must be an object");
    return f.list;
  }
  if (view.type !== "modal" && view.type !== "home") f.add("/view/type", "must be one of modal, home");
  const modal = view.type === "modal";
  f.text("/view/title", view.title, LIMITS.viewTitle, { required: modal, plainOnly: true });
  f.text("/view/submit", view.submit, LIMITS.viewButton, { plainOnly: true });
  f.text("/view/close", view.close, LIMITS.viewButton, { plainOnly: true });
  f.length("/view/private_metadata", view.private_metadata, LIMITS.privateMetadata);
  f.length("/view/callback_id", view.callback_id, LIMITS.callbackId);
  f.length("/view/external_id", view.external_id, LIMITS.externalId);
  const list = f.count("/view/blocks", view.blocks, LIMITS.viewBlocks, 0);
  if (view.blocks === undefined) f.add("/view/blocks", "missing required field: blocks");
  checkBlockList(f, "/view/blocks", list);
  const hasInput = list.some((b) => isObj(b) && b.type === "input");
  if (modal && hasInput && view.submit === undefined) {
    f.add("/view/submit", "submit is required when input blocks are present");
  }
  return f.list;
}

/**
 * Checks a modal or Home tab view: ≤ 100 blocks, title/submit/close ≤ 24 characters,
 * `private_metadata` ≤ 3000, `callback_id` ≤ 255, plus every per-block limit.
 * @returns problems as Slack-style strings; empty when Slack would accept the view.
 */
export function validateView(view: unknown): string[] {
  return checkView(view).map(format);
}

function checkBlockList(f: Findings, base: string, blocks: unknown[]): void {
  const seen = new Set<string>();
  blocks.forEach((block, i) => {
    const at = `${base}/${i}`;
    if (!isObj(block)) {
      f.add(at, "must be an object");
      return;
    }
    if (typeof block.block_id === "string") {
      f.length(`${at}/block_id`, block.block_id, LIMITS.blockId, 1);
      if (seen.has(block.block_id)) f.add(`${at}/block_id`, `duplicate block_id: ${block.block_id}`);
      seen.add(block.block_id);
    } else if (block.block_id !== undefined) {
      f.add(`${at}/block_id`, "must be a string");
    }
    checkBlock(f, at, block);
  });
}

function checkBlock(f: Findings, at: string, block: Json): void {
  if (typeof block.type !== "string") {
    f.add(`${at}/type`, "missing required field: type");
    return;
  }
  if (!KNOWN_BLOCKS.has(block.type)) {
    f.add(`${at}/type`, `unsupported block type: ${block.type}`);
    return;
  }
  switch (block.type) {
    case "section": {
      if (block.text === undefined && block.fields === undefined) {
        f.add(at, "must provide either text or fields");
      }
      f.text(`${at}/text`, block.text, LIMITS.sectionText);
      const fields = f.count(`${at}/fields`, block.fields, LIMITS.sectionFields);
      fields.forEach((field, j) => {
        f.text(`${at}/fields/${j}`, field, LIMITS.sectionFieldText);
      });
      if (block.accessory !== undefined) checkElement(f, `${at}/accessory`, block.accessory);
      return;
    }
    case "header":
      f.text(`${at}/text`, block.text, LIMITS.headerText, { required: true, plainOnly: true });
      return;
    case "actions": {
      const elements = f.count(`${at}/elements`, block.elements, LIMITS.actionsElements, 1);
      const actionIds = new Set<string>();
      elements.forEach((el, j) => {
        checkElement(f, `${at}/elements/${j}`, el);
        if (isObj(el) && typeof el.action_id === "string") {
          if (actionIds.has(el.action_id)) {
            f.add(`${at}/elements/${j}/action_id`, `duplicate action_id: ${el.action_id}`);
          }
          actionIds.add(el.action_id);
        }
      });
      return;
    }
    case "context": {
      const elements = f.count(`${at}/elements`, block.elements, LIMITS.contextElements, 1);
      elements.forEach((el, j) => {
        if (isObj(el) && el.type === "image") checkImage(f, `${at}/elements/${j}`, el);
        else f.text(`${at}/elements/${j}`, el, LIMITS.sectionText);
      });
      return;
    }
    case "input":
      f.text(`${at}/label`, block.label, LIMITS.inputLabel, { required: true, plainOnly: true });
      f.text(`${at}/hint`, block.hint, LIMITS.inputHint, { plainOnly: true });
      if (block.element === undefined) {
        f.add(`${at}/element`, "missing required field: element");
        return;
      }
      checkElement(f, `${at}/element`, block.element);
      return;
    case "image":
      checkImage(f, at, block);
      return;
    case "markdown":
      f.length(`${at}/text`, block.text, LIMITS.markdownText, 1);
      return;
    default:
      return;
  }
}

function checkImage(f: Findings, at: string, img: Json): void {
  if (img.image_url === undefined && img.slack_file === undefined) {
    f.add(`${at}/image_url`, "missing required field: image_url");
  }
  f.length(`${at}/image_url`, img.image_url, LIMITS.url, 1);
  f.length(`${at}/alt_text`, img.alt_text, LIMITS.imageAltText, 1);
  if (img.alt_text === undefined) f.add(`${at}/alt_text`, "missing required field: alt_text");
}

function checkElement(f: Findings, at: string, el: unknown): void {
  if (!isObj(el)) {
    f.add(at, "must be an object");
    return;
  }
  if (typeof el.type !== "string") {
    f.add(`${at}/type`, "missing required field: type");
    return;
  }
  if (el.action_id !== undefined) f.length(`${at}/action_id`, el.action_id, LIMITS.actionId, 1);
  f.text(`${at}/placeholder`, el.placeholder, LIMITS.placeholder, { plainOnly: true });
  if (el.confirm !== undefined) checkConfirm(f, `${at}/confirm`, el.confirm);
  const type = el.type;
  if (type === "image") {
    checkImage(f, at, el);
    return;
  }
  if (type === "button") {
    f.text(`${at}/text`, el.text, LIMITS.buttonText, { required: true, plainOnly: true });
    f.length(`${at}/value`, el.value, LIMITS.buttonValue);
    f.length(`${at}/url`, el.url, LIMITS.url);
    if (el.style !== undefined && el.style !== "primary" && el.style !== "danger") {
      f.add(`${at}/style`, "must be one of primary, danger");
    }
    return;
  }
  if (SELECT_WITH_OPTIONS.has(type)) {
    checkSelectOptions(f, at, el);
    return;
  }
  if (CHOICES.has(type) || type === "overflow") {
    const max = type === "overflow" ? LIMITS.overflowOptions : LIMITS.choiceOptions;
    const options = f.count(`${at}/options`, el.options, max, 1);
    options.forEach((o, j) => {
      checkOption(f, `${at}/options/${j}`, o, type !== "overflow");
    });
    return;
  }
  if (type === "plain_text_input") {
    checkLengthBound(f, `${at}/max_length`, el.max_length, 1);
    checkLengthBound(f, `${at}/min_length`, el.min_length, 0);
    if (typeof el.max_length === "number" && typeof el.min_length === "number") {
      if (el.min_length > el.max_length)
        f.add(`${at}/min_length`, "must be less than or equal to max_length");
    }
    const max = typeof el.max_length === "number" ? el.max_length : LIMITS.plainTextInputMaxLength;
    f.length(`${at}/initial_value`, el.initial_value, max);
    return;
  }
  if (type === "number_input" && typeof el.is_decimal_allowed !== "boolean") {
    f.add(`${at}/is_decimal_allowed`, "missing required field: is_decimal_allowed");
  }
  if (
    type === "datepicker" &&
    el.initial_date !== undefined &&
    !/^\d{4}-\d{2}-\d{2}$/.test(String(el.initial_date))
  ) {
    f.add(`${at}/initial_date`, "must be in YYYY-MM-DD format");
  }
  if (
    type === "timepicker" &&
    el.initial_time !== undefined &&
    !/^\d{2}:\d{2}$/.test(String(el.initial_time))
  ) {
    f.add(`${at}/initial_time`, "must be in HH:mm format");
  }
}

function checkLengthBound(f: Findings, at: string, v: unknown, min: number): void {
  if (v === undefined) return;
  if (typeof v !== "number" || !Number.isInteger(v)) {
    f.add(at, "must be an integer");
    return;
  }
  if (v > LIMITS.plainTextInputMaxLength) f.add(at, `must be at most ${LIMITS.plainTextInputMaxLength}`);
  if (v < min) f.add(at, `must be at least ${min}`);
}

function checkSelectOptions(f: Findings, at: string, el: Json): void {
  const values = new Set<string>();
  if (el.options !== undefined) {
    const options = f.count(`${at}/options`, el.options, LIMITS.selectOptions);
    options.forEach((o, j) => {
      checkOption(f, `${at}/options/${j}`, o, false);
      if (isObj(o) && typeof o.value === "string") values.add(o.value);
    });
  } else if (el.option_groups !== undefined) {
    const groups = f.count(`${at}/option_groups`, el.option_groups, LIMITS.optionGroups);
    groups.forEach((g, j) => {
      const gat = `${at}/option_groups/${j}`;
      if (!isObj(g)) {
        f.add(gat, "must be an object");
        return;
      }
      f.text(`${gat}/label`, g.label, LIMITS.optionText, { required: true, plainOnly: true });
      f.count(`${gat}/options`, g.options, LIMITS.selectOptions, 1).forEach((o, k) => {
        checkOption(f, `${gat}/options/${k}`, o, false);
        if (isObj(o) && typeof o.value === "string") values.add(o.value);
      });
    });
  } else {
    f.add(`${at}/options`, "must provide either options or option_groups");
  }
  const initial = el.type === "static_select" ? [el.initial_option] : el.initial_options;
  if (Array.isArray(initial)) {
    initial.forEach((o, j) => {
      if (o === undefined) return;
      const key = el.type === "static_select" ? "initial_option" : `initial_options/${j}`;
      if (!isObj(o) || typeof o.value !== "string" || !values.has(o.value)) {
        f.add(`${at}/${key}`, "must match one of the provided options");
      }
    });
  }
}

/** `mrkdwnAllowed`: checkbox and radio options may use mrkdwn; select and overflow options may not. */
function checkOption(f: Findings, at: string, o: unknown, mrkdwnAllowed: boolean): void {
  if (!isObj(o)) {
    f.add(at, "must be an object");
    return;
  }
  f.text(`${at}/text`, o.text, LIMITS.optionText, { required: true, plainOnly: !mrkdwnAllowed });
  f.length(`${at}/value`, o.value, LIMITS.optionValue, 1);
  f.text(`${at}/description`, o.description, LIMITS.optionDescription, { plainOnly: !mrkdwnAllowed });
}

function checkConfirm(f: Findings, at: string, c: unknown): void {
  if (!isObj(c)) {
    f.add(at, "must be an object");
    return;
  }
  f.text(`${at}/title`, c.title, LIMITS.confirmTitle, { required: true, plainOnly: true });
  f.text(`${at}/text`, c.text, LIMITS.confirmText, { required: true });
  f.text(`${at}/confirm`, c.confirm, LIMITS.confirmButton, { required: true, plainOnly: true });
  f.text(`${at}/deny`, c.deny, LIMITS.confirmButton, { required: true, plainOnly: true });
}
