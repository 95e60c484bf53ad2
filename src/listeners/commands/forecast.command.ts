import { commandContext } from "../../slack/context.js";
import { DigestIds } from "../../slack/ids.js";
import { parseForecastArgs } from "../../slack/parsers/digest-form.js";
import { privateReplier } from "../../slack/reply.js";
import { storyForecastMessage } from "../../views/forecast.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

/** `/forecast <story number>`: when that story is likely done (50/85/95%), only visible to you. */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.command(DigestIds.forecastCommand, async ({ ack, command, respond }) => {
    await ack();
    const { teamId, userId, text } = commandContext(command);
    const reply = privateReplier(respond);
    const number = parseForecastArgs(text);
    if (number === null) {
      return reply({
        text: "Which story? For example `/forecast 12` for story #12 (`/backlog` lists the numbers).",
      });
    }
    await deps.limits.take("forecast", teamId, userId);
    await reply(storyForecastMessage(await deps.forecasts.forecastStory(teamId, number)));
  });
}
