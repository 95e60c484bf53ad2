import { zoneOrUtc } from "../../domain/refinement.js";
import { cleanLine } from "../../domain/story.schema.js";
import { Commands } from "../../slack/ids.js";
import { parseRefineCommand } from "../../slack/parsers/refine-form.js";
import { refinementAgendaMessage, refinementSetupMessage } from "../../views/refinement.view.js";
import { refinementSetupModal } from "../../views/refinement-setup.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

/**
 * `/refine [n]` posts the agenda here now; `/refine setup` opens the weekly schedule's form
 * (prefilled with the saved one); `/refine setup [#channel] <weekday> <HH:MM> [n]` sets it typed.
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.command(Commands.refine, async ({ ack, command, respond, client }) => {
    await ack();
    const teamId = command.team_id;
    const userId = command.user_id;
    const parsed = parseRefineCommand(cleanLine(command.text));
    switch (parsed.kind) {
      case "setupModal": {
        // Refuse before opening a form the person can't save (the global handler answers privately).
        // Everything at once: the trigger id expires 3 s after the command.
        const [, current, person] = await Promise.all([
          deps.access.require(teamId, userId, "ceremony.configure"),
          deps.refinement.settings(teamId),
          // The person's zone is only the form's default: unknown or missing → UTC.
          deps.users.get(teamId, userId).catch(() => null),
        ]);
        await client.views.open({
          trigger_id: command.trigger_id,
          view: refinementSetupModal({
            current,
            channelId: command.channel_id,
            defaultTimeZone: zoneOrUtc(person?.timeZone),
            metadata: { channelId: command.channel_id },
          }),
        });
        return;
      }
      case "setupError":
        await respond({ response_type: "ephemeral", text: parsed.error });
        return;
      case "setup": {
        const person = await deps.users.get(teamId, userId);
        const timeZone = zoneOrUtc(person?.timeZone);
        const { settings, nextAt } = await deps.refinement.setup({
          teamId,
          userId,
          channelId: command.channel_id,
          timeZone,
          args: parsed.args,
        });
        const channel = await deps.channels.check(teamId, settings.channelId);
        await respond({
          response_type: "ephemeral",
          ...refinementSetupMessage(settings, nextAt, { viewerZone: timeZone, channel }),
        });
        return;
      }
      case "agenda": {
        const message = refinementAgendaMessage(await deps.refinement.agenda(teamId, parsed.count));
        try {
          await client.chat.postMessage({ channel: command.channel_id, ...message });
        } catch (error) {
          const code = (error as { data?: { error?: string } }).data?.error;
          if (!code || !["not_in_channel", "channel_not_found", "is_archived"].includes(code)) throw error;
          await respond({ response_type: "ephemeral", ...message });
        }
        return;
      }
    }
  });
}
