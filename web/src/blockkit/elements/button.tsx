import { actionTs, useSurface } from "../surface.js";
import { plainText } from "../text.js";
import type { TextObject } from "../types.js";
import { useConfirm } from "./confirm.js";
import type { ElementProps } from "./props.js";

const SAFE_URL = /^(https?:\/\/|mailto:)/i;

/**
 * A Slack button: default, primary (green) or danger (red). A `url` button opens the link in a new
 * tab and, as in Slack, still sends the action to the app; a `confirm` asks first.
 */
export function Button({ el, blockId, actionId }: ElementProps) {
  const surface = useSurface();
  const { guard, dialog } = useConfirm(el.confirm, surface.ctx);
  const style = el.style === "primary" ? " bk-btn-primary" : el.style === "danger" ? " bk-btn-danger" : "";
  const url = typeof el.url === "string" && SAFE_URL.test(el.url) ? el.url : null;
  const click = () =>
    guard(() => {
      if (url) window.open(url, "_blank", "noopener,noreferrer");
      surface.dispatch({
        type: "button",
        action_id: actionId,
        block_id: blockId,
        text: el.text as TextObject,
        ...(typeof el.value === "string" ? { value: el.value } : {}),
        action_ts: actionTs(surface.ctx),
      });
    });
  return (
    <>
      <button
        type="button"
        className={`bk-btn${style}`}
        onClick={click}
        aria-label={typeof el.accessibility_label === "string" ? el.accessibility_label : undefined}
        data-action-id={actionId}
      >
        {plainText(el.text)}
        {url ? (
          <span className="bk-external" aria-hidden="true">
            {" "}
            ↗
          </span>
        ) : null}
      </button>
      {dialog}
    </>
  );
}
