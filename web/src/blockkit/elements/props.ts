import type { Json } from "../validate.js";

/** What every element component gets from its block. */
export interface ElementProps {
  el: Json;
  blockId: string;
  actionId: string;
  /** Whether a change is sent to the host at once (actions/accessory always; inputs with dispatch_action). */
  dispatchOnChange: boolean;
  /** DOM id for the focusable control, so the input block's <label> points at it. */
  controlId?: string;
  /** DOM id of the input block's label, for groups that can't be <label>-ed. */
  labelId?: string;
  /** DOM ids of the hint and error texts. */
  describedBy?: string;
  invalid?: boolean;
}
