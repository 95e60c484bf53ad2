import { useEffect, useId, useRef, useState } from "react";
import { actionTs, useSurface } from "../surface.js";
import { plainText } from "../text.js";
import type { SelectedOption } from "../types.js";
import { isObj } from "../validate.js";
import { useConfirm } from "./confirm.js";
import type { ElementProps } from "./props.js";

const SAFE_URL = /^(https?:\/\/|mailto:)/i;

/** Slack's overflow menu: a "⋯" button opening a menu of up to 5 items; picking one sends it. */
export function Overflow({ el, blockId, actionId }: ElementProps) {
  const surface = useSurface();
  const { guard, dialog } = useConfirm(el.confirm, surface.ctx);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const menuId = useId();
  // An opened menu takes focus on its first item, as a WAI-ARIA menu button does.
  useEffect(() => {
    if (open) root.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [open]);
  useEffect(() => {
    if (!open) return;
    const outside = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", outside);
    return () => document.removeEventListener("mousedown", outside);
  }, [open]);
  const options = Array.isArray(el.options) ? el.options.filter(isObj) : [];
  const pick = (option: (typeof options)[number]) => {
    setOpen(false);
    guard(() => {
      if (typeof option.url === "string" && SAFE_URL.test(option.url)) {
        window.open(option.url, "_blank", "noopener,noreferrer");
      }
      const { url: _url, ...selected } = option;
      surface.dispatch({
        type: "overflow",
        action_id: actionId,
        block_id: blockId,
        selected_option: selected as unknown as SelectedOption,
        action_ts: actionTs(surface.ctx),
      });
    });
  };
  return (
    <div className="bk-overflow" ref={root}>
      <button
        type="button"
        className="bk-btn bk-overflow-trigger"
        ref={trigger}
        aria-label="More actions"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        data-action-id={actionId}
        onClick={() => setOpen(!open)}
      >
        ⋯
      </button>
      {open ? (
        <div
          className="bk-menu bk-overflow-menu"
          role="menu"
          id={menuId}
          tabIndex={-1}
          onKeyDown={(e) => {
            const items = [...e.currentTarget.querySelectorAll<HTMLElement>('[role="menuitem"]')];
            const at = items.indexOf(document.activeElement as HTMLElement);
            if (e.key === "Escape") {
              setOpen(false);
              trigger.current?.focus();
            } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
              e.preventDefault();
              const step = e.key === "ArrowDown" ? 1 : -1;
              items[(at + step + items.length) % items.length]?.focus();
            }
          }}
        >
          {options.map((o) => (
            <button
              type="button"
              role="menuitem"
              key={String(o.value)}
              className="bk-menu-option"
              tabIndex={-1}
              onClick={() => pick(o)}
            >
              {plainText(o.text)}
            </button>
          ))}
        </div>
      ) : null}
      {dialog}
    </div>
  );
}
