import { viewContext } from "../../slack/context.js";
import { onForm } from "../../slack/form-errors.js";
import { RetroIds } from "../../slack/ids.js";
import { readRetroCardForm } from "../../slack/parsers/retro-form.js";
import { retroCardAddedView } from "../../views/retro.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

const FIELD_BLOCKS = { category: RetroIds.categoryBlock, text: RetroIds.textBlock };

/**
 * An anonymous retro card submitted. The user id in the payload is deliberately NOT read: the
 * service has no parameter for it, nothing here logs, and the confirmation replaces the modal
 * (no DM, no outbox row that would pair the person with the text).
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.view(RetroIds.cardModal, async ({ ack, view, body }) => {
    const { teamId } = viewContext(body);
    const card = readRetroCardForm(view.state.values);
    const add = () => deps.retros.addCard({ teamId, ...card });
    const saved = await onForm(ack, add, FIELD_BLOCKS, { fallback: RetroIds.textBlock });
    if (saved.ok) await ack({ response_action: "update", view: retroCardAddedView(saved.value.cards) });
  });
}
