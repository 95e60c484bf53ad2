import type { WebClient } from "@slack/web-api";
import { zoneOrUtc } from "../../domain/refinement.js";
import { cleanLine } from "../../domain/story.schema.js";
import { type CommandContext, commandContext } from "../../slack/context.js";
import { Commands } from "../../slack/ids.js";
import { parseRefineCommand } from "../../slack/parsers/refine-form.js";
import { postHere, privateReplier } from "../../slack/reply.js";
import { refinementAgendaMessage, refinementSetupMessage } from "../../views/refinement.view.js";
import { refinementSetupModal } from "../../views/refinement-setup.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

/**
 * The weekly agenda's form, prefilled with the saved schedule (or this channel, the person's zone).
 * Refused before it opens for someone who can't save it (the global handler answers privately).
 */
async function openSetupModal(deps: ListenerDeps, client: WebClient, ctx: CommandContext): Promise<void> {
  const { teamId, userId, channelId } = ctx;
  // Everything at once: the trigger id expires 3 s after the command.
  const [, current, person] = await Promise.all([
    deps.access.require(teamId, userId, "ceremony.configure"),
    deps.refinement.settings(teamId),
    // The person's zone is only the form's default: unknown or missing → UTC.
    deps.users.get(teamId, userId).catch(() => null),
  ]);
  const defaultTimeZone = zoneOrUtc(person?.timeZone);
  const view = refinementSetupModal({ current, channelId, defaultTimeZone, metadata: { channelId } });
  await client.views.open({ trigger_id: ctx.triggerId, view });
}

/**
 * `/refine [n]` posts the agenda here now; `/refine setup` opens the weekly schedule's form
 * (prefilled with the saved one); `/refine setup [#channel] <weekday> <HH:MM> [n]` sets it typed.
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.command(Commands.refine, async ({ ack, command, respond, client }) => {
    await ack();
    const ctx = commandContext(command);
    const { teamId, userId, channelId, text } = ctx;
    const reply = privateReplier(respond);
    const parsed = parseRefineCommand(cleanLine(text));
    switch (parsed.kind) {
      case "setupModal":
        return openSetupModal(deps, client, ctx);
      case "setupError":
        return reply({ text: parsed.error });
      case "setup": {
        const timeZone = zoneOrUtc((await deps.users.get(teamId, userId))?.timeZone);
        const input = { teamId, userId, channelId, timeZone, args: parsed.args };
        const { settings, nextAt } = await deps.refinement.setup(input);
        const channel = await deps.channels.check(teamId, settings.channelId);
        return reply(refinementSetupMessage(settings, nextAt, { viewerZone: timeZone, channel }));
      }
      case "agenda": {
        const [agenda, mayPost] = await Promise.all([
          deps.refinement.agenda(teamId, parsed.count),
          deps.access.can(teamId, userId, "refine.post"),
        ]);
        const message = refinementAgendaMessage(agenda);
        // Not allowed to post, or the bot isn't in this channel: the person still gets it privately.
        if (mayPost && (await postHere(client, channelId, message))) return;
        await reply(message);
        if (!mayPost) await reply({ text: await deps.access.refusal(teamId, "refine.post") });
        return;
      }
    }
  });
}
