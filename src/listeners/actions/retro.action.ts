import { addDays } from "date-fns";
import { RetroIds } from "../../slack/ids.js";
import { parseRetroCardValue, parseRetroId } from "../../slack/parsers/retro-form.js";
import { retroActionModal, retroBoardMessage, retroMyActionsMessage } from "../../views/retro.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

interface ActionBody {
  team?: { id?: string } | null;
  user: { id: string; team_id?: string };
  trigger_id?: string;
  channel?: { id?: string };
  container?: { message_ts?: string; channel_id?: string };
  message?: { ts?: string };
}

const ctx = (body: unknown) => {
  const b = body as ActionBody;
  return {
    teamId: b.team?.id ?? b.user.team_id ?? "",
    userId: b.user.id,
    triggerId: b.trigger_id ?? "",
    channelId: b.channel?.id ?? b.container?.channel_id ?? null,
    messageTs: b.message?.ts ?? b.container?.message_ts ?? null,
  };
};
const actionValue = (action: unknown) =>
  (action as { value?: string }).value ??
  (action as { selected_option?: { value?: string } }).selected_option?.value;

/** Retro board buttons: dot votes (button or select), add action item, close; "Done" on an action item. */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  for (const id of [RetroIds.vote, RetroIds.voteSelect]) {
    r.action(id, async ({ ack, action, body, respond }) => {
      await ack();
      const c = ctx(body);
      const value = parseRetroCardValue(actionValue(action));
      if (!value) return;
      const { board, voted, left } = await deps.retros.vote({ teamId: c.teamId, userId: c.userId, ...value });
      await respond({ replace_original: true, ...retroBoardMessage(board) });
      await respond({
        response_type: "ephemeral",
        replace_original: false,
        text: `${voted ? "Dot placed." : "Dot taken back."} You have ${left} left.`,
      });
    });
  }

  r.action(RetroIds.addAction, async ({ ack, action, body, client }) => {
    await ack();
    const c = ctx(body);
    const retroId = parseRetroId(actionValue(action));
    if (retroId === null) return;
    const board = await deps.retros.board(c.teamId, retroId);
    if (board.retro.state !== "revealed") return;
    // Default due date: a week from now (UTC calendar date; the person picks the real one).
    const defaultDue = addDays(deps.clock.now(), 7).toISOString().slice(0, 10);
    await client.views.open({
      trigger_id: c.triggerId,
      view: retroActionModal({
        metadata: { retroId, channelId: c.channelId, messageTs: c.messageTs },
        defaultDue,
      }),
    });
  });

  r.action(RetroIds.close, async ({ ack, action, body, respond }) => {
    await ack();
    const c = ctx(body);
    const retroId = parseRetroId(actionValue(action));
    if (retroId === null) return;
    const board = await deps.retros.close({ teamId: c.teamId, retroId, userId: c.userId });
    await respond({ replace_original: true, ...retroBoardMessage(board) });
  });

  r.action(RetroIds.actionDone, async ({ ack, action, body, respond }) => {
    await ack();
    const c = ctx(body);
    const actionId = parseRetroId(actionValue(action));
    if (actionId === null) return;
    await deps.retros.completeAction({ teamId: c.teamId, actionId, userId: c.userId });
    const open = await deps.retros.openActionItemsFor(c.teamId, c.userId);
    await respond({ replace_original: true, ...retroMyActionsMessage(open) });
  });
}
