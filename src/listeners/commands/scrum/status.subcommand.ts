import { scrumStatusMessage } from "../../../views/scrum-status.view.js";
import type { SubcommandHandler } from "../subcommand.js";

/**
 * `/scrum status`: the team's schedules with their next run in the viewer's time zone, the outbox
 * backlog, and (admins) recent delivery failures in plain words. Private to the viewer.
 */
export const status: SubcommandHandler = async ({ ctx, reply, deps }) => {
  await reply(scrumStatusMessage(await deps.schedulingStatus.status(ctx.teamId, ctx.userId)));
};
