import { z } from "zod";
import { NotFoundError } from "../../lib/errors.js";
import { RefineIds } from "../../slack/ids.js";
import { refinementStoryMessage } from "../../views/refinement.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

interface ActionBody {
  team?: { id?: string } | null;
  user: { id: string; team_id?: string };
  channel?: { id?: string };
}
const storyNumber = (action: unknown) =>
  z.coerce
    .number()
    .int()
    .positive()
    .parse((action as { value?: string }).value);

/** Agenda buttons: Open (the story, privately) and Estimate (a poker session in this channel). */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.action(RefineIds.open, async ({ ack, action, body, respond }) => {
    await ack();
    const b = body as ActionBody;
    const number = storyNumber(action);
    const story = await deps.stories.findByNumber(b.team?.id ?? b.user.team_id ?? "", number);
    if (!story) throw new NotFoundError(`story #${number}`);
    await respond({ response_type: "ephemeral", replace_original: false, ...refinementStoryMessage(story) });
  });

  r.action(RefineIds.estimate, async ({ ack, action, body }) => {
    await ack();
    const b = body as ActionBody;
    const teamId = b.team?.id ?? b.user.team_id ?? "";
    const board = await deps.poker.start({
      teamId,
      channelId: b.channel?.id ?? "",
      userId: b.user.id,
      storyNumber: storyNumber(action),
      invited: [],
      deadlineMinutes: null,
    });
    await deps.pokerBoard.publish(teamId, board.session.id);
  });
}
