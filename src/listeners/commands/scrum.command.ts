import { closestWord } from "../../domain/closest-word.js";
import { cleanLine } from "../../domain/story.schema.js";
import { commandContext } from "../../slack/context.js";
import { Commands } from "../../slack/ids.js";
import { privateReplier } from "../../slack/reply.js";
import { mrkdwnSafe } from "../../views/format.js";
import { roleHelpMessage } from "../../views/help.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";
import { scrumSubcommands } from "./scrum/subcommands.js";

/**
 * `/scrum <subcommand>`: dispatches to `./scrum/*.subcommand.ts`; a slip gets "Did you mean …?",
 * other unknown words the short help for the person's role.
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.command(Commands.scrum, async ({ ack, command, respond, client }) => {
    await ack();
    const ctx = commandContext(command);
    const reply = privateReplier(respond);
    const [word = "", ...rest] = cleanLine(ctx.text).split(" ");
    const sub = word.toLowerCase() || "help";
    const handler = Object.hasOwn(scrumSubcommands, sub) ? scrumSubcommands[sub] : undefined;
    if (!handler) {
      // A slip gets the closest subcommand, not the whole list again.
      const guess = closestWord(sub, Object.keys(scrumSubcommands));
      if (guess) {
        return reply({
          text: `I don't know \`/scrum ${mrkdwnSafe(sub, 50)}\`. Did you mean \`/scrum ${guess}\`?`,
        });
      }
      const note = `I don't know \`/scrum ${mrkdwnSafe(sub, 50)}\`. Here is what you'll use most:`;
      return reply(roleHelpMessage(await deps.access.roleOf(ctx.teamId, ctx.userId), note));
    }
    await handler({ ctx, args: rest.join(" "), reply, client, deps });
  });
}
