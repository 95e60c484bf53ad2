import { actionContext, clickedElement } from "../../slack/context.js";
import { PokerIds } from "../../slack/ids.js";
import { parseAcceptValue, parsePickValue, parseSessionId } from "../../slack/parsers/poker-form.js";
import { ephemeralAside } from "../../slack/reply.js";
import { pokerVotedMessage, pokerVoteModal } from "../../views/poker.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

/**
 * Poker message buttons. A card votes in one click; "Vote with a reason" opens the private modal (after checking the session still takes
 * this person's vote, so a late click is refused politely instead of opening a dead form);
 * reveal / re-vote / accept / cancel change the session and refresh its message.
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.action(PokerIds.vote, async ({ ack, action, body, client }) => {
    await ack();
    const { teamId, userId, triggerId } = actionContext(body);
    const sessionId = parseSessionId(clickedElement(action).value);
    const board = await deps.poker.openForVoting({ teamId, userId, sessionId });
    await client.views.open({ trigger_id: triggerId, view: pokerVoteModal(board, board.session.channelId) });
  });

  // A card on the board: one click votes (no reason), the board shows who voted, the card is
  // confirmed privately. The vote that completes the invited list reveals the board instead.
  r.action(new RegExp(`^${PokerIds.pick}`), async ({ ack, action, body, respond }) => {
    await ack();
    const { teamId, userId } = actionContext(body);
    const { sessionId, card } = parsePickValue(clickedElement(action).value);
    const { board, revealedNow } = await deps.poker.vote({
      teamId,
      sessionId,
      userId,
      value: card,
      reason: "",
    });
    await deps.pokerBoard.publish(teamId, sessionId);
    if (!revealedNow) await respond(ephemeralAside(pokerVotedMessage(board.story.number, card)));
  });

  // Each changes the session, then its message is refreshed (coalesced per session).
  type Change = (input: {
    teamId: string;
    userId: string;
    sessionId: number;
  }) => ReturnType<typeof deps.poker.reveal>;
  const changes: Record<string, Change> = {
    [PokerIds.reveal]: (input) => deps.poker.reveal(input),
    [PokerIds.revote]: (input) => deps.poker.revote(input),
    [PokerIds.cancel]: (input) => deps.poker.cancel(input),
  };
  for (const [id, change] of Object.entries(changes)) {
    r.action(id, async ({ ack, action, body }) => {
      await ack();
      const { teamId, userId } = actionContext(body);
      const board = await change({ teamId, userId, sessionId: parseSessionId(clickedElement(action).value) });
      await deps.pokerBoard.publish(teamId, board.session.id);
    });
  }

  for (const id of [PokerIds.accept, PokerIds.acceptOther]) {
    r.action(id, async ({ ack, action, body }) => {
      await ack();
      const { teamId, userId } = actionContext(body);
      const { sessionId, estimate } = parseAcceptValue(clickedElement(action).value);
      const board = await deps.poker.accept({ teamId, userId, sessionId, estimate });
      await deps.pokerBoard.publish(teamId, board.session.id);
    });
  }
}
