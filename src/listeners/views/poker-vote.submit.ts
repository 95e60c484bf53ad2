import { POKER_REASON_MAX } from "../../domain/poker.js";
import { viewContext } from "../../slack/context.js";
import { errorOn, onForm } from "../../slack/form-errors.js";
import { PokerIds } from "../../slack/ids.js";
import { readPokerVote, readPokerVoteMetadata } from "../../slack/parsers/poker-form.js";
import { tellPrivately } from "../../slack/reply.js";
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
    const { teamId, userId } = viewContext(body);
    const { card, reason } = readPokerVote(view.state.values);
    if (!card) return ack(errorOn(PokerIds.cardBlock, "Pick a card."));
    if (reason.length > POKER_REASON_MAX)
      return ack(errorOn(PokerIds.reasonBlock, "At most 150 characters."));
    const { sessionId, channelId } = readPokerVoteMetadata(view.private_metadata);
    const vote = () => deps.poker.vote({ teamId, sessionId, userId, value: card, reason });
    const result = await onForm(ack, vote, {}, { fallback: PokerIds.cardBlock, appErrors: true });
    if (!result.ok) return;
    await ack();
    await deps.pokerBoard.publish(teamId, sessionId);
    if (!result.value.revealedNow) {
      await tellPrivately(
        client,
        { userId, channelId },
        pokerVotedMessage(result.value.board.story.number, card),
      );
    }
  });
}
