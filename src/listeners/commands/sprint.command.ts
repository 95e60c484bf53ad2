import type { WebClient } from "@slack/web-api";
import { cleanLine } from "../../domain/story.schema.js";
import { isSlackError } from "../../slack/api-errors.js";
import { type CommandContext, commandContext } from "../../slack/context.js";
import { Commands } from "../../slack/ids.js";
import { type Outgoing, privateReplier } from "../../slack/reply.js";
import {
  sprintCloseMessage,
  sprintPlanMessage,
  sprintProgressPrivately,
  sprintStartModal,
} from "../../views/sprint.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";
import { uploadBurndown } from "../sprint-burndown.js";

const USAGE =
  "`/sprint` your progress and burndown (share them with a button) · `/sprint start [name]` · `/sprint plan` · `/sprint close`";

/**
 * Progress privately with a Share in channel button, and the burndown chart in the person's DM
 * with the bot: nothing reaches the channel unless they choose to share it.
 */
async function showProgress(
  deps: ListenerDeps,
  client: WebClient,
  { teamId, userId }: CommandContext,
  reply: (message: Outgoing) => Promise<void>,
): Promise<void> {
  const view = await deps.sprints.status(teamId);
  await reply(sprintProgressPrivately(view));
  try {
    const dm = await client.conversations.open({ users: userId });
    await uploadBurndown(deps, client, view, dm.channel?.id ?? userId);
  } catch (error) {
    if (!isSlackError(error, "user", "channel")) throw error;
    await reply({
      text: "I couldn't send you the burndown chart by DM: press *Share in channel* to see it here.",
    });
  }
}

/** `/sprint [start|plan|close]`. Without a word: progress, item status buttons and the burndown chart. */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.command(Commands.sprint, async ({ ack, command, respond, client }) => {
    await ack();
    const ctx = commandContext(command);
    const { teamId, userId, channelId, triggerId, text } = ctx;
    const reply = privateReplier(respond);
    const [word = "", ...rest] = cleanLine(text).split(" ");
    switch (word.toLowerCase()) {
      case "start": {
        const timeZone = (await deps.users.get(teamId, userId))?.timeZone ?? "UTC";
        const defaults = await deps.sprints.formDefaults({ teamId, timeZone });
        const view = sprintStartModal({ channelId, timeZone, defaults, name: rest.join(" ") });
        await client.views.open({ trigger_id: triggerId, view });
        return;
      }
      case "plan":
        return reply(sprintPlanMessage(await deps.sprints.plan(teamId)));
      case "close":
        return reply(sprintCloseMessage(await deps.sprints.status(teamId)));
      case "":
      case "status":
        return showProgress(deps, client, ctx, reply);
      default:
        return reply({ text: `I don't know that one. ${USAGE}` });
    }
  });
}
