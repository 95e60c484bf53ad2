import { AppError } from "../../lib/errors.js";
import { PokerIds } from "../../slack/ids.js";
import { readPokerVote, readPokerVoteMetadata } from "../../slack/parsers/poker-form.js";
import { replyPrivately } from "../../slack/private-reply.js";
import { pokerVotedMessage } from "../../views/poker.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

/**
 * A private vote. The vote is stored BEFORE the modal closes (one local transaction), so a
 * closed modal always means a stored vote. A vote after the reveal (or from someone not invited)
 * keeps the modal open with the polite reason on the card field.
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.view(PokerIds.voteModal, async ({ ack, view, body, client }) => {
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const { card, reason } = readPokerVote(view.state.values);
    if (!card) {
      await ack({ response_action: "errors", errors: { [PokerIds.cardBlock]: "Pick a card." } });
      return;
    }
    if (reason.length > 150) {
      await ack({ response_action: "errors", errors: { [PokerIds.reasonBlock]: "At most 150 characters." } });
      return;
    }
    const { sessionId, channelId } = readPokerVoteMetadata(view.private_metadata);
    let result: Awaited<ReturnType<typeof deps.poker.vote>>;
    try {
      result = await deps.poker.vote({ teamId, sessionId, userId: body.user.id, value: card, reason });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      await ack({ response_action: "errors", errors: { [PokerIds.cardBlock]: error.userMessage } });
      return;
    }
    await ack();
    await deps.pokerBoard.publish(teamId, sessionId);
    if (!result.revealedNow) {
      await replyPrivately(
        client,
        { userId: body.user.id, channelId },
        pokerVotedMessage(result.board.story.number, card),
      );
    }
  });
}
