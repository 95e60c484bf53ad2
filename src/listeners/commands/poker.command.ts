import { parsePokerArgs } from "../../domain/poker.js";
import { cleanLine } from "../../domain/story.schema.js";
import { Commands } from "../../slack/ids.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

const CHANNEL_ERRORS = new Set(["not_in_channel", "channel_not_found", "is_archived"]);

/**
 * `/poker <story> [@people…] [30m]`: starts a session in this channel and posts its message.
 * If the bot can't post here, the session is cancelled again and the person is told why.
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.command(Commands.poker, async ({ ack, command, respond }) => {
    await ack();
    const args = parsePokerArgs(cleanLine(command.text));
    if ("error" in args) {
      await respond({ response_type: "ephemeral", text: args.error });
      return;
    }
    const teamId = command.team_id;
    const board = await deps.poker.start({
      teamId,
      channelId: command.channel_id,
      userId: command.user_id,
      storyNumber: args.storyNumber,
      invited: args.invited,
      deadlineMinutes: args.deadlineMinutes,
    });
    try {
      await deps.pokerBoard.publish(teamId, board.session.id);
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      if (!code || !CHANNEL_ERRORS.has(code)) throw error;
      await deps.poker.cancel({ teamId, sessionId: board.session.id, userId: command.user_id });
      await respond({
        response_type: "ephemeral",
        text: "I can't post in this channel. Invite me first (`/invite @scrumbot`), then run `/poker` again.",
      });
    }
  });
}
