import { cleanLine } from "../../domain/story.schema.js";
import { commandContext } from "../../slack/context.js";
import { Commands } from "../../slack/ids.js";
import { privateReplier } from "../../slack/reply.js";
import { mrkdwnSafe } from "../../views/format.js";
import { helpMessage } from "../../views/help.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";
import { scrumSubcommands } from "./scrum/subcommands.js";

/** `/scrum <subcommand>`: dispatches to `./scrum/*.subcommand.ts`; unknown words get help. */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.command(Commands.scrum, async ({ ack, command, respond, client }) => {
    await ack();
    const ctx = commandContext(command);
    const reply = privateReplier(respond);
    const [word = "", ...rest] = cleanLine(ctx.text).split(" ");
    const sub = word.toLowerCase() || "help";
    const handler = Object.hasOwn(scrumSubcommands, sub) ? scrumSubcommands[sub] : undefined;
    if (!handler) {
      const note = `I don't know \`/scrum ${mrkdwnSafe(sub, 50)}\`. Here is what I can do:`;
      return reply(helpMessage(deps.commands, note));
    }
    await handler({ ctx, args: rest.join(" "), reply, client, deps });
  });
}
