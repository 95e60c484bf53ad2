import { actionContext, clickedElement } from "../../slack/context.js";
import { ActionIds } from "../../slack/ids.js";
import { readStoryRetry } from "../../slack/parsers/story-form.js";
import { storyModal } from "../../views/story-modal.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

/**
 * "Try again" on a story that could not be saved (`story-not-saved.view.ts`): the story form again,
 * with what the person typed. A value that doesn't parse (forged, or from an older version) opens
 * an empty form rather than nothing: the text is still in the message above the button.
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.action(ActionIds.storyRetry, async ({ ack, body, action, client }) => {
    await ack();
    const { teamId, userId, triggerId } = actionContext(body);
    await deps.access.require(teamId, userId, "story.create");
    const retry = readStoryRetry(clickedElement(action).value);
    const form = retry?.form;
    const view = storyModal({
      title: form?.title ?? "",
      channelId: retry?.metadata.channelId ?? null,
      source: retry?.metadata.source ?? null,
      ...(form ? { prefill: { ...form } } : {}),
    });
    await client.views.open({ trigger_id: triggerId, view });
  });
}
