import { checkTeamStandupCaps, parseStandupSettings } from "../../domain/standup/index.js";
import { viewContext } from "../../slack/context.js";
import { onForm } from "../../slack/form-errors.js";
import { StandupIds } from "../../slack/ids.js";
import {
  readSetupMetadata,
  readStandupSetupForm,
  SETUP_FIELD_BLOCKS,
} from "../../slack/parsers/standup-form.js";
import { standupSavedNote } from "../../views/standup-replies.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

/** Setup modal submitted: field errors on the fields; else create/update, then confirm by DM. */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.view(StandupIds.setupView, async ({ ack, view, body, client }) => {
    const { teamId, userId } = viewContext(body);
    const { standupId } = readSetupMetadata(view.private_metadata);
    const check = async () => {
      const settings = parseStandupSettings(readStandupSetupForm(view.state.values));
      // Checked before closing the modal, so a refusal shows on the form.
      if (standupId !== null) await deps.standups.forEditing(teamId, userId, standupId);
      else await deps.access.require(teamId, userId, "standup.create");
      // The team caps on the form too (the service checks again when it saves).
      const existing = (await deps.standups.list(teamId)).map((s) => s.standup);
      checkTeamStandupCaps(existing, settings, standupId);
      return settings;
    };
    const settings = await onForm(ack, check, SETUP_FIELD_BLOCKS, {
      fallback: StandupIds.nameBlock,
      appErrors: true,
    });
    if (!settings.ok) return;
    await ack();
    const standup =
      standupId === null
        ? await deps.standups.create(teamId, userId, settings.value)
        : await deps.standups.update(teamId, userId, standupId, settings.value);
    // Tell the owner now, not hours later when the first report fails to post.
    const access = await deps.channels.check(teamId, standup.channelId);
    const created = standupId === null;
    await client.chat.postMessage({ channel: userId, ...standupSavedNote(standup, created, access) });
  });
}
