import { PokerIds } from "../../slack/ids.js";
import { parseAcceptValue, parseSessionId } from "../../slack/parsers/poker-form.js";
import { pokerVoteModal } from "../../views/poker.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

interface ActionBody {
  team?: { id?: string } | null;
  user: { id: string; team_id?: string };
  trigger_id?: string;
  channel?: { id?: string };
}

const ctx = (body: unknown) => {
  const b = body as ActionBody;
  return {
    teamId: b.team?.id ?? b.user.team_id ?? "",
    userId: b.user.id,
    triggerId: b.trigger_id ?? "",
    channelId: b.channel?.id ?? "",
  };
};
const actionValue = (action: unknown) =>
  (action as { value?: string; selected_option?: { value?: string } }).value ??
  (action as { selected_option?: { value?: string } }).selected_option?.value;

/**
 * Poker message buttons. Vote opens the private modal (after checking the session still takes
 * this person's vote, so a late click is refused politely instead of opening a dead form);
 * reveal / re-vote / accept / cancel change the session and refresh its message.
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.action(PokerIds.vote, async ({ ack, action, body, client }) => {
    await ack();
    const c = ctx(body);
    const board = await deps.poker.openForVoting({ ...c, sessionId: parseSessionId(actionValue(action)) });
    await client.views.open({
      trigger_id: c.triggerId,
      view: pokerVoteModal(board, board.session.channelId),
    });
  });

  r.action(PokerIds.reveal, async ({ ack, action, body }) => {
    await ack();
    const c = ctx(body);
    const board = await deps.poker.reveal({ ...c, sessionId: parseSessionId(actionValue(action)) });
    await deps.pokerBoard.publish(c.teamId, board.session.id);
  });

  r.action(PokerIds.revote, async ({ ack, action, body }) => {
    await ack();
    const c = ctx(body);
    const board = await deps.poker.revote({ ...c, sessionId: parseSessionId(actionValue(action)) });
    await deps.pokerBoard.publish(c.teamId, board.session.id);
  });

  for (const id of [PokerIds.accept, PokerIds.acceptOther]) {
    r.action(id, async ({ ack, action, body }) => {
      await ack();
      const c = ctx(body);
      const { sessionId, estimate } = parseAcceptValue(actionValue(action));
      const board = await deps.poker.accept({ ...c, sessionId, estimate });
      await deps.pokerBoard.publish(c.teamId, board.session.id);
    });
  }

  r.action(PokerIds.cancel, async ({ ack, action, body }) => {
    await ack();
    const c = ctx(body);
    const board = await deps.poker.cancel({ ...c, sessionId: parseSessionId(actionValue(action)) });
    await deps.pokerBoard.publish(c.teamId, board.session.id);
  });
}
