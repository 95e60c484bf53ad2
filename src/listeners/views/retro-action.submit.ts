import { viewContext } from "../../slack/context.js";
import { errorOn, onForm } from "../../slack/form-errors.js";
import { RetroIds } from "../../slack/ids.js";
import { readRetroActionForm, readRetroActionMetadata } from "../../slack/parsers/retro-form.js";
import { retroBoardMessage } from "../../views/retro.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

const FIELD_BLOCKS = {
  text: RetroIds.actionTextBlock,
  ownerId: RetroIds.ownerBlock,
  dueOn: RetroIds.dueBlock,
};

/** Action item submitted from the retro board: validate onto the fields, save, refresh the board. */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.view(RetroIds.actionModal, async ({ ack, view, body, client }) => {
    const { teamId, userId } = viewContext(body);
    const meta = readRetroActionMetadata(view.private_metadata);
    if (!meta)
      return ack(
        errorOn(RetroIds.actionTextBlock, "This form is out of date: open it again from the retro."),
      );
    const form = readRetroActionForm(view.state.values);
    const timeZone = (await deps.users.get(teamId, userId).catch(() => null))?.timeZone ?? "UTC";
    const add = () => deps.retros.addAction({ teamId, retroId: meta.retroId, userId, ...form, timeZone });
    // A retro that is gone (closed, or not this workspace's) is said on the form, not as a Slack error.
    const saved = await onForm(ack, add, FIELD_BLOCKS, {
      fallback: RetroIds.actionTextBlock,
      appErrors: true,
    });
    if (!saved.ok) return;
    await ack();
    if (meta.channelId && meta.messageTs) {
      await client.chat.update({
        channel: meta.channelId,
        ts: meta.messageTs,
        ...retroBoardMessage(saved.value.board),
      });
    }
  });
}
