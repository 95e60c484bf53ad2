import { actionTs, useSurface } from "../surface.js";
import { plainText } from "../text.js";
import { isObj } from "../validate.js";
import type { ElementProps } from "./props.js";

/**
 * plain_text_input (single line or multiline) and number_input. With `dispatch_action`, Enter sends
 * the value (Slack's default `on_enter_pressed`), or every keystroke with `on_character_entered`.
 */
export function TextInput(p: ElementProps) {
  const surface = useSurface();
  const type = String(p.el.type);
  const number = type === "number_input";
  const state = surface.get(p.blockId, p.actionId, p.el);
  const value = state?.value ?? "";
  const config = isObj(p.el.dispatch_action_config) ? p.el.dispatch_action_config : {};
  const triggers = Array.isArray(config.trigger_actions_on)
    ? config.trigger_actions_on
    : ["on_enter_pressed"];
  const send = (v: string) =>
    surface.change(
      p.blockId,
      p.actionId,
      { type, value: v || null },
      {
        type,
        action_id: p.actionId,
        block_id: p.blockId,
        value: v,
        action_ts: actionTs(surface.ctx),
      },
    );
  const common = {
    id: p.controlId,
    className: `bk-field${p.invalid ? " bk-invalid" : ""}`,
    value,
    placeholder: plainText(p.el.placeholder) || undefined,
    "aria-describedby": p.describedBy,
    "aria-invalid": p.invalid || undefined,
    "data-action-id": p.actionId,
    onChange: (e: { target: { value: string } }) => {
      const v = e.target.value;
      if (p.dispatchOnChange && triggers.includes("on_character_entered")) send(v);
      else surface.change(p.blockId, p.actionId, { type, value: v || null });
    },
  };
  if (p.el.multiline === true && !number) {
    return <textarea {...common} rows={4} maxLength={numberOr(p.el.max_length)} />;
  }
  return (
    <input
      {...common}
      type="text"
      inputMode={number ? (p.el.is_decimal_allowed === true ? "decimal" : "numeric") : undefined}
      maxLength={number ? undefined : numberOr(p.el.max_length)}
      onKeyDown={(e) => {
        if (e.key !== "Enter") return;
        // Enter never submits the surrounding form: Slack submits a modal with its button only.
        e.preventDefault();
        if (p.dispatchOnChange && triggers.includes("on_enter_pressed")) send(e.currentTarget.value);
      }}
    />
  );
}

const numberOr = (v: unknown) => (typeof v === "number" ? v : undefined);

/** The client-side checks Slack makes before a modal submits: required, lengths, number range. */
export function fieldProblem(el: Record<string, unknown>, value: string | null | undefined): string | null {
  const v = value ?? "";
  if (el.type === "plain_text_input") {
    if (typeof el.min_length === "number" && v.length > 0 && v.length < el.min_length) {
      return `Please enter at least ${el.min_length} characters.`;
    }
    return null;
  }
  if (el.type === "number_input" && v) {
    const decimal = el.is_decimal_allowed === true;
    if (!(decimal ? /^-?\d+(\.\d+)?$/ : /^-?\d+$/).test(v.trim())) {
      return decimal ? "Please enter a number." : "Please enter a whole number.";
    }
    const n = Number(v);
    const min = el.min_value !== undefined ? Number(el.min_value) : undefined;
    const max = el.max_value !== undefined ? Number(el.max_value) : undefined;
    if (min !== undefined && n < min) return `Please enter a number of at least ${min}.`;
    if (max !== undefined && n > max) return `Please enter a number of at most ${max}.`;
  }
  return null;
}
