import { helpMessage } from "../../../views/help.view.js";
import type { SubcommandHandler } from "../subcommand.js";

export const help: SubcommandHandler = async ({ reply, deps }) => {
  await reply(helpMessage(deps.commands));
};
