import { commandContext } from "../../slack/context.js";
import { Commands } from "../../slack/ids.js";
import { isTriageArgs, parseBacklogArgs } from "../../slack/parsers/backlog-args.js";
import { isDorArgs } from "../../slack/parsers/backlog-dor.js";
import { isPoArgs } from "../../slack/parsers/backlog-po-args.js";
import { privateReplier } from "../../slack/reply.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";
import { dor } from "./backlog/dor.subcommand.js";
import { po } from "./backlog/po.subcommand.js";
import { renderBacklog } from "./backlog/render.js";
import { triage } from "./backlog/triage.subcommand.js";

/** `/backlog [n | words]`: the ordered backlog, ephemeral; or a subcommand (`triage`, `dor`, the PO's). */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.command(Commands.backlog, async ({ ack, command, respond, client }) => {
    await ack();
    const ctx = commandContext(command);
    const reply = privateReplier(respond);
    const sub = { ctx, args: ctx.text, reply, client, deps };
    if (isTriageArgs(ctx.text)) return triage(sub);
    if (isDorArgs(ctx.text)) return dor(sub);
    if (isPoArgs(ctx.text)) return po(sub);
    const { teamId, userId } = ctx;
    await reply(await renderBacklog(deps, { teamId, userId, ...parseBacklogArgs(ctx.text) }));
  });
}
