import { triageMessage } from "../../../views/request.view.js";
import type { SubcommandHandler } from "../subcommand.js";

/**
 * `/backlog triage`: the open requests, oldest first, with Accept / Merge / Decline buttons. Only
 * product owners and admins: for anyone else the service throws ForbiddenError (→ ephemeral, says who can).
 */
export const triage: SubcommandHandler = async ({ ctx, reply, deps }) => {
  await reply(triageMessage(await deps.requests.inbox({ teamId: ctx.teamId, userId: ctx.userId })));
};
