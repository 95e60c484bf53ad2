import { REQUEST_LIMITS } from "../../domain/request.js";
import { cleanText } from "../../domain/story.schema.js";
import { commandContext } from "../../slack/context.js";
import { Commands } from "../../slack/ids.js";
import { requestModal } from "../../views/request.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

/** `/request [what]` (anyone): opens the request form at once (trigger ids expire after 3 s). */
export function register(r: ListenerRegistry, _deps: ListenerDeps): void {
  r.command(Commands.request, async ({ ack, command, client }) => {
    await ack();
    const { text, channelId, triggerId } = commandContext(command);
    const what = cleanText(text).slice(0, REQUEST_LIMITS.what);
    await client.views.open({ trigger_id: triggerId, view: requestModal({ what, channelId }) });
  });
}
