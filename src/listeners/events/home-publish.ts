/**
 * Publishing Home tabs: to one viewer (on app_home_opened) or to everyone in the team who
 * looked at theirs recently (after a change they would see). Failures to refresh other
 * people's tabs are logged: the change itself already succeeded.
 */
import type { WebClient } from "@slack/web-api";
import { homeView } from "../../views/home.view.js";
import type { ListenerDeps } from "../deps.js";

export async function publishHome(client: WebClient, deps: ListenerDeps, teamId: string, userId: string) {
  const model = await deps.home.model(teamId, userId);
  await client.views.publish({ user_id: userId, view: homeView(model) });
}

export async function refreshHomes(client: WebClient, deps: ListenerDeps, teamId: string): Promise<void> {
  const viewers = deps.home.recentViewers(teamId);
  const results = await Promise.allSettled(viewers.map((u) => publishHome(client, deps, teamId, u)));
  const failed = results.filter((r) => r.status === "rejected");
  if (failed.length > 0) {
    deps.logger.warn("some Home tabs were not refreshed", {
      teamId,
      failed: failed.length,
      error: (failed[0] as PromiseRejectedResult).reason,
    });
  }
}
