import { storyPrefillFromRequest } from "../../domain/request.js";
import { ActionIds } from "../../slack/ids.js";
import { parseRequestId } from "../../slack/parsers/request-form.js";
import { declineModal, mergeModal, triageMessage } from "../../views/request.view.js";
import { storyModal } from "../../views/story-modal.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

interface ActionBody {
  team?: { id?: string } | null;
  user: { id: string; team_id?: string };
  trigger_id?: string;
  response_url?: string;
  channel?: { id?: string };
}

const ctx = (body: ActionBody) => ({
  teamId: body.team?.id ?? body.user.team_id ?? "",
  userId: body.user.id,
  triggerId: body.trigger_id ?? "",
  responseUrl: body.response_url ?? null,
  channelId: body.channel?.id ?? null,
});

const buttonValue = (action: unknown) => (action as { value?: string }).value;

/**
 * Triage buttons (in `/backlog triage` and on the Home tab). Each checks `backlog.triage` and
 * that the request is still open *before* opening its modal: a refusal or "already decided by
 * <@U…>" is an AppError, shown privately by the global handler.
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.action(ActionIds.requestAccept, async ({ ack, action, body, client }) => {
    await ack();
    const c = ctx(body as ActionBody);
    const request = await deps.requests.openForTriage({
      ...c,
      requestId: parseRequestId(buttonValue(action)),
    });
    const { title, ...prefill } = storyPrefillFromRequest(request);
    await client.views.open({
      trigger_id: c.triggerId,
      view: storyModal({ title, channelId: c.channelId, prefill, requestId: request.id }),
    });
  });

  r.action(ActionIds.requestMerge, async ({ ack, action, body, client }) => {
    await ack();
    const c = ctx(body as ActionBody);
    const request = await deps.requests.openForTriage({
      ...c,
      requestId: parseRequestId(buttonValue(action)),
    });
    await client.views.open({ trigger_id: c.triggerId, view: mergeModal(request, c.responseUrl) });
  });

  r.action(ActionIds.requestDecline, async ({ ack, action, body, client }) => {
    await ack();
    const c = ctx(body as ActionBody);
    const request = await deps.requests.openForTriage({
      ...c,
      requestId: parseRequestId(buttonValue(action)),
    });
    await client.views.open({ trigger_id: c.triggerId, view: declineModal(request, c.responseUrl) });
  });

  r.action(new RegExp(`^${ActionIds.triagePage}_(next|prev)$`), async ({ ack, action, body, respond }) => {
    await ack();
    const c = ctx(body as ActionBody);
    const offset = Number.parseInt(buttonValue(action) ?? "0", 10);
    const page = await deps.requests.inbox({ ...c, offset: Number.isFinite(offset) ? offset : 0 });
    await respond({ response_type: "ephemeral", replace_original: true, ...triageMessage(page) });
  });
}
