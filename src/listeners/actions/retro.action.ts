import { addDays } from "date-fns";
import { actionContext, clickedElement } from "../../slack/context.js";
import { RetroIds } from "../../slack/ids.js";
import { parseRetroCardValue, parseRetroId } from "../../slack/parsers/retro-form.js";
import { ephemeralAside } from "../../slack/reply.js";
import { retroActionModal, retroBoardMessage, retroMyActionsMessage } from "../../views/retro.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

/** Retro board buttons: dot votes (button or select), add action item, close; "Done" on an action item. */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  for (const id of [RetroIds.vote, RetroIds.voteSelect]) {
    r.action(id, async ({ ack, action, body, respond }) => {
      await ack();
      const { teamId, userId } = actionContext(body);
      const value = parseRetroCardValue(clickedElement(action).value);
      if (!value) return;
      const { board, voted, left } = await deps.retros.vote({ teamId, userId, ...value });
      await respond({ replace_original: true, ...retroBoardMessage(board) });
      await respond(
        ephemeralAside({ text: `${voted ? "Dot placed." : "Dot taken back."} You have ${left} left.` }),
      );
    });
  }

  r.action(RetroIds.addAction, async ({ ack, action, body, client }) => {
    await ack();
    const { teamId, triggerId, channelId, messageTs } = actionContext(body);
    const retroId = parseRetroId(clickedElement(action).value);
    if (retroId === null) return;
    const board = await deps.retros.board(teamId, retroId);
    if (board.retro.state !== "revealed") return;
    // Default due date: a week from now (UTC calendar date; the person picks the real one).
    const defaultDue = addDays(deps.clock.now(), 7).toISOString().slice(0, 10);
    const view = retroActionModal({ metadata: { retroId, channelId, messageTs }, defaultDue });
    await client.views.open({ trigger_id: triggerId, view });
  });

  r.action(RetroIds.close, async ({ ack, action, body, respond }) => {
    await ack();
    const { teamId, userId } = actionContext(body);
    const retroId = parseRetroId(clickedElement(action).value);
    if (retroId === null) return;
    const board = await deps.retros.close({ teamId, retroId, userId });
    await respond({ replace_original: true, ...retroBoardMessage(board) });
  });

  r.action(RetroIds.actionDone, async ({ ack, action, body, respond }) => {
    await ack();
    const { teamId, userId } = actionContext(body);
    const actionId = parseRetroId(clickedElement(action).value);
    if (actionId === null) return;
    await deps.retros.completeAction({ teamId, actionId, userId });
    await respond({
      replace_original: true,
      ...retroMyActionsMessage(await deps.retros.openActionItemsFor(teamId, userId)),
    });
  });
}
