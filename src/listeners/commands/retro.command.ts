import { Commands } from "../../slack/ids.js";
import { parseRetroArgs } from "../../slack/parsers/retro-form.js";
import {
  RETRO_HELP,
  retroBoardMessage,
  retroCardModal,
  retroMyActionsMessage,
} from "../../views/retro.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

const CHANNEL_ERRORS = new Set(["not_in_channel", "channel_not_found", "is_archived"]);

/**
 * `/retro` opens the anonymous card modal; `/retro reveal` posts the board in this channel;
 * `/retro actions` lists the person's open action items (privately).
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.command(Commands.retro, async ({ ack, command, respond, client }) => {
    await ack();
    const teamId = command.team_id;
    const sub = parseRetroArgs(command.text);
    if (sub === "help") {
      await respond({ response_type: "ephemeral", text: RETRO_HELP });
      return;
    }
    if (sub === "add") {
      const { cards } = await deps.retros.collecting(teamId);
      await client.views.open({
        trigger_id: command.trigger_id,
        view: retroCardModal({ metadata: { channelId: command.channel_id }, waiting: cards }),
      });
      return;
    }
    if (sub === "actions") {
      const actions = await deps.retros.openActionItemsFor(teamId, command.user_id);
      await respond({ response_type: "ephemeral", ...retroMyActionsMessage(actions) });
      return;
    }
    const board = await deps.retros.reveal({
      teamId,
      channelId: command.channel_id,
      userId: command.user_id,
    });
    try {
      await client.chat.postMessage({ channel: command.channel_id, ...retroBoardMessage(board) });
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      if (!code || !CHANNEL_ERRORS.has(code)) throw error;
      // The board is there: post it as the command's response instead (visible to the channel).
      await respond({ response_type: "in_channel", ...retroBoardMessage(board) });
    }
  });
}
