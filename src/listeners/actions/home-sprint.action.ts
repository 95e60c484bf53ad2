import { actionContext, clickedElement } from "../../slack/context.js";
import { HomeIds } from "../../slack/ids.js";
import { parseStatusValue } from "../../slack/parsers/sprint-form.js";
import type { ListenerDeps } from "../deps.js";
import { publishHome, refreshHomes } from "../events/home-publish.js";
import type { ListenerRegistry } from "../registry.js";

/** A sprint item's status changed from the Home tab's overflow menu: save it, re-publish that Home (and the team's). */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.action(HomeIds.sprintStatus, async ({ ack, action, body, client }) => {
    await ack();
    const { teamId, userId } = actionContext(body);
    const { storyNumber, status } = parseStatusValue(clickedElement(action).value);
    // Permission and "no running sprint" are typed errors: the global handler tells the person by DM.
    await deps.sprints.setStatus({ teamId, userId, storyNumber, status });
    await publishHome(client, deps, teamId, userId);
    await refreshHomes(client, deps, teamId); // teammates with Home open see it too
  });
}
