import { zoneOrUtc } from "../../domain/refinement.js";
import { viewContext } from "../../slack/context.js";
import { formErrors, onForm } from "../../slack/form-errors.js";
import { RefineIds } from "../../slack/ids.js";
import {
  REFINE_FIELD_BLOCKS,
  readRefineSetupForm,
  readRefineSetupMetadata,
} from "../../slack/parsers/refine-form.js";
import { tellPrivately } from "../../slack/reply.js";
import { refinementSetupMessage } from "../../views/refinement.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

/**
 * `/refine setup` submitted: problems go onto the fields (bad input, a refused permission); else
 * saved and (re)scheduled before the ack, then confirmed privately with the next agenda in the
 * person's zone, warning (as `/standup setup` does) when the bot can't post in the channel yet.
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.view(RefineIds.setupModal, async ({ ack, view, body, client }) => {
    const { teamId, userId } = viewContext(body);
    const form = readRefineSetupForm(view.state.values);
    if (!form.ok) return ack(formErrors(form.errors));
    const { channelId, weekday, time, timeZone, itemCount } = form.value;
    // A local transaction and a schedule row: quick enough to finish before the ack, so a
    // refusal (the person lost the permission since opening the form) shows on the form.
    const setup = () =>
      deps.refinement.setup({
        teamId,
        userId,
        channelId,
        timeZone,
        args: { channelId, weekday, time, itemCount },
      });
    const saved = await onForm(ack, setup, REFINE_FIELD_BLOCKS, {
      fallback: RefineIds.channelBlock,
      appErrors: true,
    });
    if (!saved.ok) return;
    await ack();
    const { settings, nextAt } = saved.value;
    const [channel, person] = await Promise.all([
      deps.channels.check(teamId, settings.channelId),
      deps.users.get(teamId, userId).catch(() => null),
    ]);
    const viewerZone = zoneOrUtc(person?.timeZone ?? settings.timeZone);
    const target = { userId, channelId: readRefineSetupMetadata(view.private_metadata).channelId };
    await tellPrivately(client, target, refinementSetupMessage(settings, nextAt, { viewerZone, channel }));
  });
}
