/** The PO's `/backlog archived|suggest|method|size|ready|score` (parsed in `slack/parsers/backlog-po-args.ts`). */
import type { CommandContext } from "../../../slack/context.js";
import {
  type PoArgs,
  parsePoArgs,
  parseScoreArgs,
  SCORE_USAGE,
} from "../../../slack/parsers/backlog-po-args.js";
import { archivedMessage, readinessMessage, suggestionMessage } from "../../../views/backlog-po.view.js";
import {
  priorityMethodMessage,
  priorityMethodSetMessage,
  scoredMessage,
  sizeLimitMessage,
  sizeLimitSetMessage,
  whichStoryMessage,
} from "../../../views/backlog-settings.view.js";
import type { SlackMessage } from "../../../views/message.js";
import type { ListenerDeps } from "../../deps.js";
import { refreshHomes } from "../../events/home-publish.js";
import type { SubcommandHandler } from "../subcommand.js";

const PAGE = 20;

/** `/backlog method [m]`: show the team's priority method, or set it. */
async function method(
  deps: ListenerDeps,
  { teamId, userId }: CommandContext,
  chosen: PoArgs & { kind: "method" },
) {
  if (chosen.method === undefined) {
    return priorityMethodMessage((await deps.backlog.settings(teamId)).priorityMethod);
  }
  await deps.backlog.updateSettings({ teamId, userId, change: { priorityMethod: chosen.method } });
  return priorityMethodSetMessage(chosen.method);
}

/** `/backlog score #n …`: the story's inputs for the team's method. */
async function score(
  deps: ListenerDeps,
  { teamId, userId }: CommandContext,
  args: PoArgs & { kind: "score" },
): Promise<SlackMessage> {
  const method = (await deps.backlog.settings(teamId)).priorityMethod;
  if (!method) return suggestionMessage({ method: null, rows: [], scored: 0 });
  if (args.storyNumber === null) return whichStoryMessage(SCORE_USAGE[method]);
  const value = parseScoreArgs(method, args.values) as never;
  const input = { teamId, userId, storyNumber: args.storyNumber, method, value };
  const { story, score } = await deps.backlog.setPriorityInput(input);
  return scoredMessage(story.number, score);
}

export const po: SubcommandHandler = async ({ ctx, args, reply, client, deps }) => {
  const { teamId, userId } = ctx;
  const parsed = parsePoArgs(args);
  switch (parsed.kind) {
    case "archived": {
      const page = await deps.backlog.archived({ teamId, offset: (parsed.page - 1) * PAGE, limit: PAGE });
      return reply(archivedMessage(page));
    }
    case "suggest":
      return reply(suggestionMessage(await deps.backlog.suggest(teamId)));
    case "method":
      return reply(await method(deps, ctx, parsed));
    case "size": {
      if (parsed.points === undefined)
        return reply(sizeLimitMessage((await deps.backlog.settings(teamId)).sizeLimit));
      const s = await deps.backlog.updateSettings({ teamId, userId, change: { sizeLimit: parsed.points } });
      await reply(sizeLimitSetMessage(s.sizeLimit));
      // Home marks stories ✅/◻️ against the Definition of Ready, which includes the size limit.
      return refreshHomes(client, deps, teamId);
    }
    case "ready": {
      if (parsed.storyNumber === null) return reply(whichStoryMessage("e.g. `/backlog ready #12`"));
      const { story, readiness } = await deps.backlog.readiness(teamId, parsed.storyNumber);
      return reply(readinessMessage(story, readiness));
    }
    case "score":
      return reply(await score(deps, ctx, parsed));
    case "none":
      return;
  }
};
