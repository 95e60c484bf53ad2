import { zoneOrUtc } from "../../domain/refinement.js";
import { isAppError, ValidationError } from "../../lib/errors.js";
import { RefineIds } from "../../slack/ids.js";
import {
  REFINE_FIELD_BLOCKS,
  readRefineSetupForm,
  readRefineSetupMetadata,
} from "../../slack/parsers/refine-form.js";
import { replyPrivately } from "../../slack/private-reply.js";
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
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const userId = body.user.id;
    const form = readRefineSetupForm(view.state.values);
    if (!form.ok) {
      await ack({ response_action: "errors", errors: form.errors });
      return;
    }
    const { channelId, weekday, time, timeZone, itemCount } = form.value;
    let saved: Awaited<ReturnType<typeof deps.refinement.setup>>;
    try {
      // A local transaction and a schedule row: quick enough to finish before the ack, so a
      // refusal (the person lost the permission since opening the form) shows on the form.
      saved = await deps.refinement.setup({
        teamId,
        userId,
        channelId,
        timeZone,
        args: { channelId, weekday, time, itemCount },
      });
    } catch (error) {
      if (!isAppError(error)) throw error;
      const errors: Record<string, string> = {};
      if (error instanceof ValidationError && Object.keys(error.fieldErrors).length > 0) {
        for (const [field, message] of Object.entries(error.fieldErrors)) {
          errors[REFINE_FIELD_BLOCKS[field] ?? RefineIds.channelBlock] = message;
        }
      } else {
        errors[RefineIds.channelBlock] = error.userMessage;
      }
      await ack({ response_action: "errors", errors });
      return;
    }
    await ack();
    const [channel, person] = await Promise.all([
      deps.channels.check(teamId, saved.settings.channelId),
      deps.users.get(teamId, userId).catch(() => null),
    ]);
    await replyPrivately(
      client,
      { userId, channelId: readRefineSetupMetadata(view.private_metadata).channelId },
      refinementSetupMessage(saved.settings, saved.nextAt, {
        viewerZone: zoneOrUtc(person?.timeZone ?? saved.settings.timeZone),
        channel,
      }),
    );
  });
}
