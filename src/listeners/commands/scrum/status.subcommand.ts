import { scrumStatusMessage } from "../../../views/scrum-status.view.js";
import type { SubcommandHandler } from "./subcommands.js";

/**
 * `/scrum status`: the team's schedules with their next run in the viewer's time zone, the outbox
 * backlog, and (admins) recent delivery failures in plain words. Private to the viewer.
 */
export const status: SubcommandHandler = async ({ command, respond, deps }) => {
  const model = await deps.schedulingStatus.status(command.team_id, command.user_id);
  await respond({ response_type: "ephemeral", ...scrumStatusMessage(model) });
};
