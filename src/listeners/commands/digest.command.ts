import { commandContext } from "../../slack/context.js";
import { DigestIds } from "../../slack/ids.js";
import { parseDigestArgs } from "../../slack/parsers/digest-form.js";
import { privateReplier } from "../../slack/reply.js";
import { digestMessage } from "../../views/digest.view.js";
import { digestSentText } from "../../views/digest-send.view.js";
import { digestSetupModal } from "../../views/digest-setup.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

const HELP =
  "`/digest preview` shows the stakeholder digest to you now · `/digest send` posts it to its channels now · `/digest setup` picks channels, schedule, sections and how many items.";

/** `/digest [preview|send|setup]`: the stakeholder digest. */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.command(DigestIds.command, async ({ ack, command, respond, client }) => {
    await ack();
    const { teamId, userId, channelId, triggerId, appId, text } = commandContext(command);
    const reply = privateReplier(respond);
    const sub = parseDigestArgs(text);
    if (sub === "help") return reply({ text: HELP });
    if (sub === "setup") {
      // Refuse before opening a form the person can't save.
      await deps.access.require(teamId, userId, "ceremony.configure");
      // The person's zone is only a default for the form: an unknown zone falls back to UTC.
      const [current, person] = await Promise.all([
        deps.digests.find(teamId),
        deps.users.get(teamId, userId).catch(() => null),
      ]);
      const defaultTimeZone = person?.timeZone ?? "UTC";
      const view = digestSetupModal({ current, defaultTimeZone, metadata: { appId, channelId } });
      await client.views.open({ trigger_id: triggerId, view });
      return;
    }
    if (sub === "send") {
      await deps.limits.take("digestSend", teamId, userId);
      return reply({ text: digestSentText(await deps.digests.sendNow({ teamId, userId })) });
    }
    await reply(digestMessage(await deps.digests.preview({ teamId, channel: channelId, appId })));
  });
}
