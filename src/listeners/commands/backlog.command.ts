import { closestWord } from "../../domain/closest-word.js";
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

/** The words after `/backlog` that are subcommands, not searches. */
const BACKLOG_SUBCOMMANDS = ["triage", "archived", "ready", "size", "dor", "method", "score", "suggest"];

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
    const args = parseBacklogArgs(ctx.text);
    // "/backlog archvied" searches for "archvied"; when nothing matches, offer the subcommand.
    const didYouMean = args.words?.length ? closestWord(args.words[0] ?? "", BACKLOG_SUBCOMMANDS) : null;
    await reply(await renderBacklog(deps, { teamId, userId, ...args, didYouMean }));
  });
}
