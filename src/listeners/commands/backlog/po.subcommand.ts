/** The PO's `/backlog archived|suggest|method|size|ready|score` (parsed in `slack/parsers/backlog-po-args.ts`). */
import { parsePoArgs, parseScoreArgs, SCORE_USAGE } from "../../../slack/parsers/backlog-po-args.js";
import { archivedMessage, readinessMessage, suggestionMessage } from "../../../views/backlog-po.view.js";
import {
  priorityMethodMessage,
  priorityMethodSetMessage,
  scoredMessage,
  sizeLimitMessage,
  sizeLimitSetMessage,
  whichStoryMessage,
} from "../../../views/backlog-settings.view.js";
import { refreshHomes } from "../../events/home-publish.js";
import type { SubcommandHandler } from "../subcommand.js";

const PAGE = 20;

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
    case "method": {
      const { method } = parsed;
      if (method === undefined) {
        return reply(priorityMethodMessage((await deps.backlog.settings(teamId)).priorityMethod));
      }
      await deps.backlog.updateSettings({ teamId, userId, change: { priorityMethod: method } });
      return reply(priorityMethodSetMessage(method));
    }
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
    case "score": {
      const method = (await deps.backlog.settings(teamId)).priorityMethod;
      if (!method) return reply(suggestionMessage({ method: null, rows: [], scored: 0 }));
      if (parsed.storyNumber === null) return reply(whichStoryMessage(SCORE_USAGE[method]));
      const value = parseScoreArgs(method, parsed.values);
      const { story, score } = await deps.backlog.setPriorityInput({
        teamId,
        userId,
        storyNumber: parsed.storyNumber,
        method,
        value: value as never,
      });
      return reply(scoredMessage(story.number, score));
    }
    case "none":
      return;
  }
};
