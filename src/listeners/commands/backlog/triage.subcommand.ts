import type { RespondFn, SlashCommand } from "@slack/bolt";
import { triageMessage } from "../../views/request.view.js";
import type { ListenerDeps } from "../deps.js";

/** `/backlog triage [page]`: true when the text asks for the triage inbox. */
export function isTriageArgs(text: string): boolean {
  return /^\s*triage\b/i.test(text);
}

/**
 * The open requests, oldest first, with Accept / Merge / Decline buttons. Only product owners
 * and admins: for anyone else the service throws ForbiddenError (→ ephemeral, says who can).
 */
export async function backlogTriage(
  deps: ListenerDeps,
  command: SlashCommand,
  respond: RespondFn,
): Promise<void> {
  const page = await deps.requests.inbox({ teamId: command.team_id, userId: command.user_id });
  await respond({ response_type: "ephemeral", ...triageMessage(page) });
}
