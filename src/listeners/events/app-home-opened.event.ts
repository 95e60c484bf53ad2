import { z } from "zod";
import { eventContext } from "../../slack/context.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";
import { publishHome } from "./home-publish.js";

const eventSchema = z.object({ user: z.string(), tab: z.string().optional() });

/** `app_home_opened` on the Home tab: publish that viewer's Home. (Events are acked by Bolt.) */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.event("app_home_opened", async ({ event, body, client }) => {
    const e = eventSchema.parse(event);
    if (e.tab !== undefined && e.tab !== "home") return; // the Messages tab needs nothing
    const { teamId } = eventContext(body);
    deps.home.noteOpened(teamId, e.user);
    await publishHome(client, deps, teamId, e.user);
  });
}
