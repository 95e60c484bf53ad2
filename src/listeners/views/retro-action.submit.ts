import { ValidationError } from "../../lib/errors.js";
import { RetroIds } from "../../slack/ids.js";
import { readRetroActionForm, readRetroActionMetadata } from "../../slack/parsers/retro-form.js";
import { retroBoardMessage } from "../../views/retro.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

const FIELD_TO_BLOCK: Record<string, string> = {
  text: RetroIds.actionTextBlock,
  ownerId: RetroIds.ownerBlock,
  dueOn: RetroIds.dueBlock,
};

/** Action item submitted from the retro board: validate onto the fields, save, refresh the board. */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.view(RetroIds.actionModal, async ({ ack, view, body, client }) => {
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const meta = readRetroActionMetadata(view.private_metadata);
    if (!meta) {
      await ack({
        response_action: "errors",
        errors: { [RetroIds.actionTextBlock]: "This form is out of date: open it again from the retro." },
      });
      return;
    }
    const form = readRetroActionForm(view.state.values);
    const person = await deps.users.get(teamId, body.user.id).catch(() => null);
    let saved: Awaited<ReturnType<typeof deps.retros.addAction>>;
    try {
      saved = await deps.retros.addAction({
        teamId,
        retroId: meta.retroId,
        userId: body.user.id,
        ...form,
        timeZone: person?.timeZone ?? "UTC",
      });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const errors: Record<string, string> = {};
      for (const [field, message] of Object.entries(error.fieldErrors)) {
        errors[FIELD_TO_BLOCK[field] ?? RetroIds.actionTextBlock] = message;
      }
      await ack({ response_action: "errors", errors });
      return;
    }
    await ack();
    if (meta.channelId && meta.messageTs) {
      await client.chat.update({
        channel: meta.channelId,
        ts: meta.messageTs,
        ...retroBoardMessage(saved.board),
      });
    }
  });
}
