import { actionContext, clickedElement } from "../../slack/context.js";
import { DorIds } from "../../slack/ids.js";
import { parseDorToggle } from "../../slack/parsers/backlog-dor.js";
import { ephemeralAside, replaceOriginal } from "../../slack/reply.js";
import { changedDor } from "../commands/backlog/render.js";
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
    const { teamId, userId } = actionContext(body);
    const toggle = parseDorToggle(clickedElement(action).value);
    if (!toggle)
      return void (await respond(
        ephemeralAside({ text: "That button has expired. Run `/backlog dor` again." }),
      ));
    const result = await deps.backlog.setDorCheck({ teamId, userId, ...toggle });
    await respond(replaceOriginal(changedDor(result, toggle.check, toggle.enabled)));
    // Home marks stories ✅/◻️ against the Definition of Ready.
    if (result.changed) await refreshHomes(client, deps, teamId);
  });
}
