import { DigestIds } from "../../slack/ids.js";
import { parseForecastArgs } from "../../slack/parsers/digest-form.js";
import { storyForecastMessage } from "../../views/forecast.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

/** `/forecast <story number>`: when that story is likely done (50/85/95%), only visible to you. */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.command(DigestIds.forecastCommand, async ({ ack, command, respond }) => {
    await ack();
    const number = parseForecastArgs(command.text);
    if (number === null) {
      await respond({
        response_type: "ephemeral",
        text: "Which story? For example `/forecast 12` for story #12 (`/backlog` lists the numbers).",
      });
      return;
    }
    const forecast = await deps.forecasts.forecastStory(command.team_id, number);
    await respond({ response_type: "ephemeral", ...storyForecastMessage(forecast) });
  });
}
