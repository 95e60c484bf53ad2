import { helpMessage } from "../../../views/help.view.js";
import type { SubcommandHandler } from "./subcommands.js";

export const help: SubcommandHandler = async ({ respond, deps }) => {
  await respond({ response_type: "ephemeral", ...helpMessage(deps.commands) });
};
