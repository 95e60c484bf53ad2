import { cleanLine } from "../../domain/story.schema.js";
import { Commands } from "../../slack/ids.js";
import { mrkdwnSafe } from "../../views/format.js";
import { helpMessage } from "../../views/help.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

/** `/scrum help` (and, later, administration subcommands). */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.command(Commands.scrum, async ({ ack, command, respond }) => {
    await ack();
    const sub = cleanLine(command.text).split(" ")[0]?.toLowerCase() ?? "";
    const note =
      sub === "" || sub === "help"
        ? undefined
        : `I don't know \`/scrum ${mrkdwnSafe(sub, 50)}\`. Here is what I can do:`;
    await respond({ response_type: "ephemeral", ...helpMessage(deps.commands, note) });
  });
}
