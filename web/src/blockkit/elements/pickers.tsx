import { actionTs, useSurface } from "../surface.js";
import { plainText } from "../text.js";
import { useConfirm } from "./confirm.js";
import type { ElementProps } from "./props.js";

/** datepicker (YYYY-MM-DD) and timepicker (HH:mm), as the browser's own date and time fields. */
export function Picker(p: ElementProps) {
  const surface = useSurface();
  const { guard, dialog } = useConfirm(p.el.confirm, surface.ctx);
  const date = p.el.type === "datepicker";
  const key = date ? "selected_date" : "selected_time";
  const state = surface.get(p.blockId, p.actionId, p.el);
  const value = state?.[key] ?? "";
  return (
    <>
      <input
        type={date ? "date" : "time"}
        id={p.controlId}
        className={`bk-field bk-picker${p.invalid ? " bk-invalid" : ""}`}
        value={value}
        placeholder={plainText(p.el.placeholder) || (date ? "Select a date" : "Select time")}
        aria-describedby={p.describedBy}
        aria-invalid={p.invalid || undefined}
        data-action-id={p.actionId}
        onChange={(e) => {
          const v = e.target.value || null;
          const type = String(p.el.type);
          const next = { type, [key]: v };
          if (!p.dispatchOnChange) return surface.change(p.blockId, p.actionId, next);
          const action = {
            type,
            action_id: p.actionId,
            block_id: p.blockId,
            ...(v ? { [key]: v } : {}),
            action_ts: actionTs(surface.ctx),
          };
          guard(() => surface.change(p.blockId, p.actionId, next, action));
        }}
      />
      {dialog}
    </>
  );
}
