import { Commands } from "../../slack/ids.js";
import { parseBacklogArgs } from "../../slack/parsers/backlog-args.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";
import { backlogDor, isDorArgs } from "./backlog-dor.js";
import { backlogPo, isPoArgs, renderBacklog } from "./backlog-po.js";
import { backlogTriage, isTriageArgs } from "./backlog-triage.js";

/** `/backlog [n | words]`: the ordered backlog, ephemeral; or a subcommand (`triage`, `dor`, the PO's). */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.command(Commands.backlog, async ({ ack, command, respond, client }) => {
    await ack();
    if (isTriageArgs(command.text)) return backlogTriage(deps, command, respond);
    if (isDorArgs(command.text)) return backlogDor(deps, command, respond, client);
    if (isPoArgs(command.text)) return backlogPo(deps, command, respond, client);
    const args = parseBacklogArgs(command.text);
    const message = await renderBacklog(deps, { teamId: command.team_id, userId: command.user_id, ...args });
    await respond({ response_type: "ephemeral", ...message });
  });
}
