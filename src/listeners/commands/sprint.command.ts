import type { WebClient } from "@slack/web-api";
import { cleanLine } from "../../domain/story.schema.js";
import { isSlackError } from "../../slack/api-errors.js";
import { type CommandContext, commandContext } from "../../slack/context.js";
import { Commands } from "../../slack/ids.js";
import { type Outgoing, privateReplier } from "../../slack/reply.js";
import {
  burndownComment,
  sprintCloseMessage,
  sprintPlanMessage,
  sprintStartModal,
  sprintStatusMessage,
} from "../../views/sprint.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

const USAGE = "`/sprint` progress and burndown · `/sprint start [name]` · `/sprint plan` · `/sprint close`";

/** Progress privately, then the burndown chart in the channel (or a note when the bot isn't in it). */
async function showProgress(
  deps: ListenerDeps,
  client: WebClient,
  { teamId, userId, channelId }: CommandContext,
  reply: (message: Outgoing) => Promise<void>,
): Promise<void> {
  const [view, mayPost] = await Promise.all([
    deps.sprints.status(teamId),
    deps.access.can(teamId, userId, "sprint.post"),
  ]);
  await reply(sprintStatusMessage(view));
  if (!mayPost) return reply({ text: await deps.access.refusal(teamId, "sprint.post") });
  const title = `Burndown · ${view.sprint.name}`;
  const comment = burndownComment(view);
  const file = await deps.charts.burndownPng(view.burndown, title);
  try {
    const upload = { channel_id: channelId, file, filename: "burndown.png", title };
    await client.filesUploadV2({ ...upload, alt_text: comment, initial_comment: comment });
  } catch (error) {
    if (!isSlackError(error, "channel")) throw error;
    await reply({
      text: "I couldn't share the burndown chart here: invite me to this channel (`/invite @scrumbot`).",
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
