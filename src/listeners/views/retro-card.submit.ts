import { ValidationError } from "../../lib/errors.js";
import { RetroIds } from "../../slack/ids.js";
import { readRetroCardForm, readRetroCardMetadata } from "../../slack/parsers/retro-form.js";
import { retroCardAddedView } from "../../views/retro.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

const FIELD_TO_BLOCK: Record<string, string> = { category: RetroIds.categoryBlock, text: RetroIds.textBlock };

/**
 * An anonymous retro card submitted. The user id in the payload is deliberately NOT passed on:
 * the service has no parameter for it, nothing here logs, and the confirmation replaces the modal
 * (no DM, no outbox row that would pair the person with the text).
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.view(RetroIds.cardModal, async ({ ack, view, body }) => {
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const card = readRetroCardForm(view.state.values);
    const meta = readRetroCardMetadata(view.private_metadata);
    try {
      const saved = await deps.retros.addCard({ teamId, channelId: meta.channelId ?? "", ...card });
      await ack({ response_action: "update", view: retroCardAddedView(saved.cards) });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const errors: Record<string, string> = {};
      for (const [field, message] of Object.entries(error.fieldErrors)) {
        errors[FIELD_TO_BLOCK[field] ?? RetroIds.textBlock] = message;
      }
      await ack({ response_action: "errors", errors });
    }
  });
}
