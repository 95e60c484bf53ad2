import { Commands } from "../../slack/ids.js";
import { parseBacklogArgs } from "../../slack/parsers/backlog-args.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";
import { backlogPo, isPoArgs, renderBacklog } from "./backlog-po.js";
import { backlogTriage, isTriageArgs } from "./backlog-triage.js";

/** `/backlog [n | words]`: the ordered backlog, ephemeral. */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.command(Commands.backlog, async ({ ack, command, respond, client }) => {
    await ack();
    if (isTriageArgs(command.text)) return backlogTriage(deps, command, respond);
    if (isPoArgs(command.text)) return backlogPo(deps, command, respond, client);
    const args = parseBacklogArgs(command.text);
    const message = await renderBacklog(deps, { teamId: command.team_id, userId: command.user_id, ...args });
    await respond({ response_type: "ephemeral", ...message });
  });
}
