import { DigestIds } from "../../slack/ids.js";
import { parseDigestArgs } from "../../slack/parsers/digest-form.js";
import { digestMessage } from "../../views/digest.view.js";
import { digestSetupModal } from "../../views/digest-setup.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

const HELP =
  "`/digest preview` shows the stakeholder digest to you now · `/digest send` posts it to its channels now · `/digest setup` picks channels, schedule, sections and how many items.";

/** `/digest [preview|send|setup]`: the stakeholder digest. */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.command(DigestIds.command, async ({ ack, command, respond, client, body }) => {
    await ack();
    const teamId = command.team_id;
    const appId = (body as { api_app_id?: string }).api_app_id ?? null;
    const sub = parseDigestArgs(command.text);
    if (sub === "help") {
      await respond({ response_type: "ephemeral", text: HELP });
      return;
    }
    if (sub === "setup") {
      // Refuse before opening a form the person can't save.
      await deps.access.require(teamId, command.user_id, "ceremony.configure");
      // The person's zone is only a default for the form: an unknown zone falls back to UTC.
      const [current, person] = await Promise.all([
        deps.digests.find(teamId),
        deps.users.get(teamId, command.user_id).catch(() => null),
      ]);
      await client.views.open({
        trigger_id: command.trigger_id,
        view: digestSetupModal({
          current,
          defaultTimeZone: person?.timeZone ?? "UTC",
          metadata: { appId, channelId: command.channel_id },
        }),
      });
      return;
    }
    if (sub === "send") {
      const report = await deps.digests.sendNow({ teamId, userId: command.user_id });
      const posted = report.posted.map((c) => `<#${c}>`).join(", ");
      const skipped = report.skipped.map((s) => `<#${s.channel}>`).join(", ");
      const text = [
        posted ? `📣 Digest posted to ${posted}.` : "The digest was not posted anywhere.",
        skipped ? `⚠️ Not posted to ${skipped}: I'm not in those channels (the digest's owner got a DM).` : "",
      ]
        .filter(Boolean)
        .join(" ");
      await respond({ response_type: "ephemeral", text });
      return;
    }
    const model = await deps.digests.preview({ teamId, channel: command.channel_id, appId });
    await respond({ response_type: "ephemeral", ...digestMessage(model) });
  });
}
