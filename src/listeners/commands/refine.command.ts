import { parseRefineSetup, zoneOrUtc } from "../../domain/refinement.js";
import { cleanLine } from "../../domain/story.schema.js";
import { Commands } from "../../slack/ids.js";
import { refinementAgendaMessage, refinementSetupMessage } from "../../views/refinement.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

/** `/refine` posts the agenda here now; `/refine setup [#channel] <weekday> <HH:MM> [n]` schedules it weekly. */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.command(Commands.refine, async ({ ack, command, respond, client }) => {
    await ack();
    const text = cleanLine(command.text);
    const [word = "", ...rest] = text.split(" ");
    const teamId = command.team_id;
    if (word.toLowerCase() === "setup") {
      const args = parseRefineSetup(rest.join(" "));
      if ("error" in args) {
        await respond({ response_type: "ephemeral", text: args.error });
        return;
      }
      const person = await deps.users.get(teamId, command.user_id);
      const { settings, nextAt } = await deps.refinement.setup({
        teamId,
        userId: command.user_id,
        channelId: command.channel_id,
        timeZone: zoneOrUtc(person?.timeZone),
        args,
      });
      await respond({ response_type: "ephemeral", ...refinementSetupMessage(settings, nextAt) });
      return;
    }
    const count = /^\d{1,2}$/.test(word) ? Math.min(20, Math.max(1, Number(word))) : undefined;
    const message = refinementAgendaMessage(await deps.refinement.agenda(teamId, count));
    try {
      await client.chat.postMessage({ channel: command.channel_id, ...message });
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      if (!code || !["not_in_channel", "channel_not_found", "is_archived"].includes(code)) throw error;
      await respond({ response_type: "ephemeral", ...message });
    }
  });
}
