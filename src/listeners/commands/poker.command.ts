import { isSlackError } from "../../slack/api-errors.js";
import { commandContext } from "../../slack/context.js";
import { Commands } from "../../slack/ids.js";
import { parsePokerArgs } from "../../slack/parsers/poker-args.js";
import { privateReplier } from "../../slack/reply.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

/**
 * `/poker <story> [@people…] [30m]`: starts a session in this channel and posts its message.
 * If the bot can't post here, the session is cancelled again and the person is told why.
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.command(Commands.poker, async ({ ack, command, respond }) => {
    await ack();
    const { teamId, userId, channelId, text } = commandContext(command);
    const reply = privateReplier(respond);
    const args = parsePokerArgs(text);
    if ("error" in args) return reply({ text: args.error });
    await deps.limits.take("poker", teamId, userId);
    const board = await deps.poker.start({ teamId, channelId, userId, ...args });
    try {
      await deps.pokerBoard.publish(teamId, board.session.id);
    } catch (error) {
      if (!isSlackError(error, "channel")) throw error;
      await deps.poker.cancel({ teamId, sessionId: board.session.id, userId });
      await reply({
        text: "I can't post in this channel. Invite me first (`/invite @scrumbot`), then run `/poker` again.",
      });
    }
  });
}
