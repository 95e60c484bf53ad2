import { helpMessage, roleHelpMessage } from "../../../views/help.view.js";
import type { SubcommandHandler } from "../subcommand.js";

/** `/scrum help`: the five things this person's role does most; `/scrum help all`: everything. */
export const help: SubcommandHandler = async ({ ctx, args, reply, deps }) => {
  if (/^\s*(all|more)\b/i.test(args)) return reply(helpMessage(deps.commands));
  await reply(roleHelpMessage(await deps.access.roleOf(ctx.teamId, ctx.userId)));
};
