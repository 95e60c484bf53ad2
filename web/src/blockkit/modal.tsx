import { useCallback, useId, useMemo, useState } from "react";
import { BlockList } from "./blocks.js";
import { fieldProblem } from "./elements/text-input.js";
import { ErrorBox } from "./error-box.js";
import { statefulElements } from "./state.js";
import { SurfaceProvider, useSurfaceState } from "./surface.js";
import { plainText } from "./text.js";
import type { ElementState, RenderContext, StateValues } from "./types.js";
import { BlockKitError, checkText, isObj } from "./validate.js";

export interface ModalViewProps {
  view: unknown;
  /** Field errors by block_id, from the app's `response_action: "errors"`. */
  errors?: Record<string, string>;
  ctx: RenderContext;
  /** Submit pressed and the client-side checks passed: Slack's `view.state.values`. */
  onSubmit(stateValues: StateValues): void;
  onClose(): void;
}

const EMPTY: readonly unknown[] = [];
const NO_ERRORS: Record<string, string> = {};

/** Why Slack would refuse this view, or null. */
function viewProblem(view: unknown): BlockKitError | null {
  try {
    if (!isObj(view)) throw new BlockKitError("must provide an object", "view");
    if (view.type !== "modal") throw new BlockKitError('must be "modal"', "view.type");
    checkText(view.title, "view.title", true, 24);
    if (view.submit !== undefined) checkText(view.submit, "view.submit", true, 24);
    if (view.close !== undefined) checkText(view.close, "view.close", true, 24);
    if (!Array.isArray(view.blocks)) throw new BlockKitError("must provide an array", "view.blocks");
    if (view.blocks.length > 100) throw new BlockKitError("must provide at most 100 items", "view.blocks");
    const hasInput = view.blocks.some((b) => isObj(b) && b.type === "input");
    if (hasInput && view.submit === undefined) {
      throw new BlockKitError("must provide submit when the view has input blocks", "view.submit");
    }
    return null;
  } catch (e) {
    if (e instanceof BlockKitError) return e;
    throw e;
  }
}

const isEmpty = (s: ElementState): boolean =>
  !(
    s.value ||
    s.selected_option ||
    s.selected_options?.length ||
    s.selected_user ||
    s.selected_users?.length ||
    s.selected_channel ||
    s.selected_channels?.length ||
    s.selected_conversation ||
    s.selected_conversations?.length ||
    s.selected_date ||
    s.selected_time
  );

/**
 * `<ModalView view errors ctx onSubmit onClose />`: a modal as Slack draws it — title, blocks,
 * Cancel and Submit. Keeps what was typed across view updates that keep block/action ids. On
 * Submit it first makes Slack's own client-side checks (required fields, min length, number range);
 * only then `onSubmit(state.values)`, initial values included. `errors` show under their fields.
 */
export function ModalView({ view, errors, ctx, onSubmit, onClose }: ModalViewProps) {
  const titleId = useId();
  const problem = viewProblem(view);
  const v = isObj(view) ? view : {};
  const blocks = Array.isArray(v.blocks) ? (v.blocks as unknown[]) : EMPTY;
  const [clientErrors, setClientErrors] = useState<Record<string, string>>(NO_ERRORS);
  const shown = useMemo(() => ({ ...clientErrors, ...(errors ?? NO_ERRORS) }), [clientErrors, errors]);
  // Changing a field clears the client's own complaint about it.
  const onEdit = useCallback((blockId: string) => {
    setClientErrors((prev) => {
      if (!(blockId in prev)) return prev;
      const { [blockId]: _gone, ...rest } = prev;
      return rest;
    });
  }, []);
  const { surface, values } = useSurfaceState(blocks, ctx, shown, true, onEdit);

  const submit = () => {
    const state = values();
    const found: Record<string, string> = {};
    for (const { block, blockId, actionId, el } of statefulElements(blocks)) {
      if (block.type !== "input") continue;
      const s = state[blockId]?.[actionId];
      if (!s) continue;
      if (block.optional !== true && isEmpty(s)) found[blockId] = "Please complete this required field.";
      else {
        const p = fieldProblem(el, s.value);
        if (p) found[blockId] = p;
      }
    }
    setClientErrors(found);
    if (Object.keys(found).length === 0) onSubmit(state);
  };

  return (
    <div className="bk-modal" role="dialog" aria-modal="true" aria-labelledby={titleId}>
      <div className="bk-modal-header">
        <h2 className="bk-modal-title" id={titleId}>
          {plainText(v.title) || "Modal"}
        </h2>
        <button type="button" className="bk-modal-x" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
      <form
        className="bk-modal-body"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        {problem ? (
          <ErrorBox message={problem.reason} detail={problem.path} />
        ) : (
          <SurfaceProvider value={surface}>
            <BlockList blocks={blocks} />
          </SurfaceProvider>
        )}
        <div className="bk-modal-footer">
          <button type="button" className="bk-btn" onClick={onClose}>
            {plainText(v.close) || "Cancel"}
          </button>
          {v.submit !== undefined && !problem ? (
            <button type="submit" className="bk-btn bk-btn-primary">
              {plainText(v.submit)}
            </button>
          ) : null}
        </div>
      </form>
    </div>
  );
}
