import { useId } from "react";
import { actionTs, useSurface } from "../surface.js";
import { TextView } from "../text.js";
import type { SelectedOption } from "../types.js";
import { isObj } from "../validate.js";
import { useConfirm } from "./confirm.js";
import type { ElementProps } from "./props.js";

/** checkboxes and radio_buttons: native inputs in a labelled group; options may be mrkdwn. */
export function Choices(p: ElementProps) {
  const surface = useSurface();
  const { guard, dialog } = useConfirm(p.el.confirm, surface.ctx);
  const name = useId();
  const radio = p.el.type === "radio_buttons";
  const type = String(p.el.type);
  const options = Array.isArray(p.el.options) ? p.el.options.filter(isObj) : [];
  const state = surface.get(p.blockId, p.actionId, p.el);
  const selected = radio
    ? state?.selected_option
      ? [state.selected_option.value]
      : []
    : (state?.selected_options ?? []).map((o) => o.value);
  const toggle = (value: string) => {
    const values = radio
      ? [value]
      : selected.includes(value)
        ? selected.filter((v) => v !== value)
        : [...selected, value];
    const chosen = options.filter((o) => values.includes(String(o.value))) as unknown as SelectedOption[];
    const next = radio ? { type, selected_option: chosen[0] ?? null } : { type, selected_options: chosen };
    if (!p.dispatchOnChange) return surface.change(p.blockId, p.actionId, next);
    const action = radio
      ? { type, selected_option: chosen[0] as SelectedOption }
      : { type, selected_options: chosen };
    guard(() =>
      surface.change(p.blockId, p.actionId, next, {
        ...action,
        action_id: p.actionId,
        block_id: p.blockId,
        action_ts: actionTs(surface.ctx),
      }),
    );
  };
  const attrs = {
    className: `bk-choices${p.invalid ? " bk-invalid" : ""}`,
    "aria-labelledby": p.labelId,
    "aria-describedby": p.describedBy,
    "data-action-id": p.actionId,
  };
  const items = (
    <>
      {options.map((o, i) => {
        const value = String(o.value);
        const id = `${name}-${i}`;
        return (
          <div className="bk-choice" key={value}>
            <input
              id={id}
              type={radio ? "radio" : "checkbox"}
              name={name}
              value={value}
              checked={selected.includes(value)}
              onChange={() => toggle(value)}
            />
            <label htmlFor={id}>
              <TextView t={o.text} ctx={surface.ctx} />
              {o.description ? (
                <span className="bk-option-description">
                  <TextView t={o.description} ctx={surface.ctx} />
                </span>
              ) : null}
            </label>
          </div>
        );
      })}
      {dialog}
    </>
  );
  return radio ? (
    <div role="radiogroup" {...attrs}>
      {items}
    </div>
  ) : (
    <fieldset {...attrs}>{items}</fieldset>
  );
}
