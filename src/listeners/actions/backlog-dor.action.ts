import { DorIds } from "../../slack/ids.js";
import { parseDorToggle } from "../../slack/parsers/backlog-dor.js";
import { changedDor } from "../commands/backlog-dor.js";
import type { ListenerDeps } from "../deps.js";
import { refreshHomes } from "../events/home-publish.js";
import type { ListenerRegistry } from "../registry.js";

/**
 * "Turn off" / "Turn on" on the `/backlog dor` checklist: saves the change and replaces the
 * ephemeral checklist in place. Someone without the permission (or turning off the last check)
 * gets the service's refusal privately from the global error handler; the checklist stays.
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.action(DorIds.toggle, async ({ ack, action, body, respond, client }) => {
    await ack();
    const toggle = parseDorToggle("value" in action ? action.value : undefined);
    if (!toggle) {
      await respond({
        response_type: "ephemeral",
        replace_original: false,
        text: "That button has expired. Run `/backlog dor` again.",
      });
      return;
    }
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const result = await deps.backlog.setDorCheck({ teamId, userId: body.user.id, ...toggle });
    await respond({
      response_type: "ephemeral",
      replace_original: true,
      ...changedDor(result, toggle.check, toggle.enabled),
    });
    // Home marks stories ✅/◻️ against the Definition of Ready.
    if (result.changed) await refreshHomes(client, deps, teamId);
  });
}
