import type { View } from "@slack/types";
import type { WebClient } from "@slack/web-api";
import { storyPrefillFromRequest } from "../../domain/request.js";
import { type ActionContext, actionContext, clickedElement } from "../../slack/context.js";
import { ActionIds } from "../../slack/ids.js";
import { parseRequestId } from "../../slack/parsers/request-form.js";
import { replaceOriginal } from "../../slack/reply.js";
import { declineModal, mergeModal, triageMessage } from "../../views/request.view.js";
import { storyModal } from "../../views/story-modal.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

/**
 * Triage buttons (in `/backlog triage` and on the Home tab). Each checks `backlog.triage` and
 * that the request is still open *before* opening its modal: a refusal or "already decided by
 * <@U…>" is an AppError, shown privately by the global handler.
 */
/** The triage modal opened from Home's "Triage" holds these buttons too: stack on it there. */
async function openOrPush(client: WebClient, c: ActionContext, view: View): Promise<void> {
  if (c.inModal) await client.views.push({ trigger_id: c.triggerId, view });
  else await client.views.open({ trigger_id: c.triggerId, view });
}

export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  /** The request a triage button is about, checked as still open and triageable by this person. */
  const openRequest = async (body: unknown, action: unknown) => {
    const c = actionContext(body);
    const requestId = parseRequestId(clickedElement(action).value);
    return {
      c,
      request: await deps.requests.openForTriage({ teamId: c.teamId, userId: c.userId, requestId }),
    };
  };

  r.action(ActionIds.requestAccept, async ({ ack, action, body, client }) => {
    await ack();
    const { c, request } = await openRequest(body, action);
    const { title, ...prefill } = storyPrefillFromRequest(request);
    const view = storyModal({ title, channelId: c.channelId, prefill, requestId: request.id });
    await openOrPush(client, c, view);
  });

  r.action(ActionIds.requestMerge, async ({ ack, action, body, client }) => {
    await ack();
    const { c, request } = await openRequest(body, action);
    await openOrPush(client, c, mergeModal(request, c.responseUrl));
  });

  r.action(ActionIds.requestDecline, async ({ ack, action, body, client }) => {
    await ack();
    const { c, request } = await openRequest(body, action);
    await openOrPush(client, c, declineModal(request, c.responseUrl));
  });

  r.action(new RegExp(`^${ActionIds.triagePage}_(next|prev)$`), async ({ ack, action, body, respond }) => {
    await ack();
    const { teamId, userId } = actionContext(body);
    const offset = Number.parseInt(clickedElement(action).value ?? "0", 10);
    const page = await deps.requests.inbox({ teamId, userId, offset: Number.isFinite(offset) ? offset : 0 });
    await respond(replaceOriginal(triageMessage(page)));
  });
}
