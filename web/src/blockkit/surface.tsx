import { createContext, useCallback, useContext, useMemo, useRef, useState } from "react";
import { type Edits, initialState, stateValues, withEdit } from "./state.js";
import type { BlockAction, ElementState, RenderContext, StateValues } from "./types.js";
import type { Json } from "./validate.js";

/**
 * One surface (a message, the Home tab, a modal) shares this: the host's context, the state of
 * its inputs, and the field errors to show. Elements read their state here and report changes;
 * `dispatch` sends a block action with the surface's `state.values` as they are after the change.
 */
export interface Surface {
  ctx: RenderContext;
  /** The element's current state (its edit, else its initial value). */
  get(blockId: string, actionId: string, el: Json): ElementState | null;
  /** Records a change; with `action`, also tells the host (a block_actions payload). */
  change(blockId: string, actionId: string, state: ElementState, action?: BlockAction): void;
  /** Tells the host about an action that changes no state (button, overflow). */
  dispatch(action: BlockAction): void;
  /** Field errors by block_id (the host's `response_action: "errors"` plus the client's own checks). */
  errors: Record<string, string>;
  /** True inside a modal: inputs only dispatch when `dispatch_action` is set. */
  inModal: boolean;
}

const SurfaceContext = createContext<Surface | null>(null);
export const SurfaceProvider = SurfaceContext.Provider;

export function useSurface(): Surface {
  const s = useContext(SurfaceContext);
  if (!s) throw new Error("Block Kit elements render inside <Blocks> or <ModalView>");
  return s;
}

/** Slack's `action_ts`: seconds with microseconds, as a string. */
export function actionTs(ctx: RenderContext): string {
  return ((ctx.now?.() ?? Date.now()) / 1000).toFixed(6);
}

/** State for one surface's blocks; `values()` is Slack's `state.values` right now. */
export function useSurfaceState(
  blocks: readonly unknown[],
  ctx: RenderContext,
  errors: Record<string, string>,
  inModal: boolean,
  onEdit?: (blockId: string) => void,
) {
  const [edits, setEdits] = useState<Edits>({});
  // Dispatches read the latest edits even between renders (several changes in one tick).
  const editsRef = useRef(edits);
  editsRef.current = edits;
  const values = useCallback(
    (e: Edits = editsRef.current): StateValues => stateValues(blocks, e, ctx),
    [blocks, ctx],
  );
  const surface = useMemo<Surface>(
    () => ({
      ctx,
      errors,
      inModal,
      get: (blockId, actionId, el) => edits[blockId]?.[actionId] ?? initialState(el, ctx),
      change: (blockId, actionId, state, action) => {
        const next = withEdit(editsRef.current, blockId, actionId, state);
        editsRef.current = next;
        setEdits(next);
        onEdit?.(blockId);
        if (action) ctx.onAction(action, values(next));
      },
      dispatch: (action) => ctx.onAction(action, values()),
    }),
    [ctx, errors, inModal, edits, values, onEdit],
  );
  return { surface, values };
}
