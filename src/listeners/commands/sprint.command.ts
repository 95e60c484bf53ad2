import { cleanLine } from "../../domain/story.schema.js";
import { Commands } from "../../slack/ids.js";
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
const CHANNEL_ERRORS = new Set(["not_in_channel", "channel_not_found", "is_archived"]);

/** `/sprint [start|plan|close]`. Without a word: progress, item status buttons and the burndown chart. */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.command(Commands.sprint, async ({ ack, command, respond, client }) => {
    await ack();
    const text = cleanLine(command.text);
    const [word = "", ...rest] = text.split(" ");
    const teamId = command.team_id;
    switch (word.toLowerCase()) {
      case "start": {
        const person = await deps.users.get(teamId, command.user_id);
        const timeZone = person?.timeZone ?? "UTC";
        const defaults = await deps.sprints.formDefaults({ teamId, timeZone });
        await client.views.open({
          trigger_id: command.trigger_id,
          view: sprintStartModal({ channelId: command.channel_id, timeZone, defaults, name: rest.join(" ") }),
        });
        return;
      }
      case "plan":
        await respond({ response_type: "ephemeral", ...sprintPlanMessage(await deps.sprints.plan(teamId)) });
        return;
      case "close":
        await respond({
          response_type: "ephemeral",
          ...sprintCloseMessage(await deps.sprints.status(teamId)),
        });
        return;
      case "":
      case "status": {
        const view = await deps.sprints.status(teamId);
        await respond({ response_type: "ephemeral", ...sprintStatusMessage(view) });
        try {
          await client.filesUploadV2({
            channel_id: command.channel_id,
            file: await deps.charts.burndownPng(view.burndown, `Burndown · ${view.sprint.name}`),
            filename: "burndown.png",
            title: `Burndown · ${view.sprint.name}`,
            alt_text: burndownComment(view),
            initial_comment: burndownComment(view),
          });
        } catch (error) {
          const code = (error as { data?: { error?: string } }).data?.error;
          if (!code || !CHANNEL_ERRORS.has(code)) throw error;
          await respond({
            response_type: "ephemeral",
            text: "I couldn't share the burndown chart here: invite me to this channel (`/invite @scrumbot`).",
          });
        }
        return;
      }
      default:
        await respond({ response_type: "ephemeral", text: `I don't know that one. ${USAGE}` });
    }
  });
}
