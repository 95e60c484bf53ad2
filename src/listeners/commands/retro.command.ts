import { commandContext } from "../../slack/context.js";
import { Commands } from "../../slack/ids.js";
import { parseRetroArgs } from "../../slack/parsers/retro-form.js";
import { postHere, privateReplier } from "../../slack/reply.js";
import {
  RETRO_HELP,
  retroBoardMessage,
  retroCardModal,
  retroMyActionsMessage,
} from "../../views/retro.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

/**
 * `/retro` opens the anonymous card modal; `/retro reveal` posts the board in this channel;
 * `/retro actions` lists the person's open action items (privately).
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.command(Commands.retro, async ({ ack, command, respond, client }) => {
    await ack();
    const { teamId, userId, channelId, triggerId, text } = commandContext(command);
    const reply = privateReplier(respond);
    const sub = parseRetroArgs(text);
    if (sub === "help") return reply({ text: RETRO_HELP });
    if (sub === "add") {
      const { cards } = await deps.retros.collecting(teamId);
      const view = retroCardModal({ metadata: { channelId }, waiting: cards });
      await client.views.open({ trigger_id: triggerId, view });
      return;
    }
    if (sub === "actions")
      return reply(retroMyActionsMessage(await deps.retros.openActionItemsFor(teamId, userId)));
    const board = retroBoardMessage(await deps.retros.reveal({ teamId, channelId, userId }));
    // The board is there even where the bot isn't: post it as the command's response instead.
    if (!(await postHere(client, channelId, board))) await respond({ response_type: "in_channel", ...board });
  });
}
