import { Commands } from "../../slack/ids.js";
import { parseBacklogArgs } from "../../slack/parsers/backlog-args.js";
import { backlogMessage } from "../../views/backlog.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";
import { backlogTriage, isTriageArgs } from "./backlog-triage.js";

/** `/backlog [n | words]`: the ordered backlog, ephemeral. */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.command(Commands.backlog, async ({ ack, command, respond }) => {
    await ack();
    if (isTriageArgs(command.text)) return backlogTriage(deps, command, respond);
    const args = parseBacklogArgs(command.text);
    const page = await deps.stories.backlog({ teamId: command.team_id, ...args });
    await respond({ response_type: "ephemeral", ...backlogMessage(page) });
  });
}
