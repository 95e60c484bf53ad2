import { useId, useState } from "react";
import { plainText, TextView } from "../text.js";
import type { RenderContext } from "../types.js";
import { isObj, type Json } from "../validate.js";

/**
 * Slack's confirmation dialog (a `confirm` composition object): shown before an action is sent;
 * "Cancel" sends nothing. Returns `guard(run)` that runs at once when there is no `confirm`.
 */
export function useConfirm(confirm: unknown, ctx: RenderContext) {
  const [pending, setPending] = useState<(() => void) | null>(null);
  const titleId = useId();
  const guard = (run: () => void) => {
    if (isObj(confirm)) setPending(() => run);
    else run();
  };
  const dialog =
    pending && isObj(confirm) ? (
      <ConfirmDialog
        confirm={confirm}
        ctx={ctx}
        titleId={titleId}
        onConfirm={() => {
          setPending(null);
          pending();
        }}
        onCancel={() => setPending(null)}
      />
    ) : null;
  return { guard, dialog };
}

function ConfirmDialog(props: {
  confirm: Json;
  ctx: RenderContext;
  titleId: string;
  onConfirm(): void;
  onCancel(): void;
}) {
  const { confirm: c, ctx } = props;
  const style = c.style === "danger" ? "bk-btn-danger" : "bk-btn-primary";
  return (
    <div className="bk-overlay">
      <div
        className="bk-confirm"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={props.titleId}
        onKeyDown={(e) => {
          if (e.key === "Escape") props.onCancel();
        }}
      >
        <h2 className="bk-confirm-title" id={props.titleId}>
          {plainText(c.title) || "Are you sure?"}
        </h2>
        <div className="bk-confirm-text">
          <TextView t={c.text} ctx={ctx} />
        </div>
        <div className="bk-confirm-buttons">
          <button type="button" className="bk-btn" onClick={props.onCancel}>
            {plainText(c.deny) || "Cancel"}
          </button>
          <button
            type="button"
            className={`bk-btn ${style}`}
            onClick={props.onConfirm}
            // The dialog takes focus so Escape and Enter work without a mouse.
            // biome-ignore lint/a11y/noAutofocus: a confirmation dialog focuses its action
            autoFocus
          >
            {plainText(c.confirm) || "Yes"}
          </button>
        </div>
      </div>
    </div>
  );
}
