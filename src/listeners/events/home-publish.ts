/**
 * Publishing Home tabs: to one viewer (on app_home_opened) or to everyone in the team who
 * looked at theirs recently (after a change they would see). Failures to refresh other
 * people's tabs are logged: the change itself already succeeded.
 */
import type { WebClient } from "@slack/web-api";
import { createThrottledRefresh, type ThrottledRefresh } from "../../lib/throttled-refresh.js";
import type { HomeService } from "../../services/home.service.js";
import { homeView } from "../../views/home.view.js";
import type { ListenerDeps } from "../deps.js";

/**
 * A team's open Home tabs are re-published at most once per this interval. Each refresh publishes
 * to every recent viewer (up to `HOME_REFRESH_MAX`), so a PO clicking ↑ ten times in a row would
 * otherwise cost 10 × 20 `views.publish` calls (Tier 4, ~100/min). The first change after a
 * quiet period is published at once; changes made meanwhile share one later refresh that reads
 * the backlog as it is then (worked example: 10 clicks within 2 s → 2 refreshes, the last one
 * showing the final order).
 */
export const HOME_REFRESH_INTERVAL_MS = 2000;

/** One throttle per app (keyed by its Home service, so each test's fresh app gets its own). */
const throttles = new WeakMap<HomeService, ThrottledRefresh>();

function throttleFor(home: HomeService): ThrottledRefresh {
  let throttle = throttles.get(home);
  if (!throttle) {
    throttle = createThrottledRefresh({ minIntervalMs: HOME_REFRESH_INTERVAL_MS });
    throttles.set(home, throttle);
  }
  return throttle;
}

export async function publishHome(client: WebClient, deps: ListenerDeps, teamId: string, userId: string) {
  const model = await deps.home.model(teamId, userId);
  await client.views.publish({ user_id: userId, view: homeView(model) });
}

/** Publishes to every recent viewer now; never rejects (failures are logged). */
async function publishToViewers(client: WebClient, deps: ListenerDeps, teamId: string): Promise<void> {
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

/**
 * Re-publishes the Home tabs people in `teamId` have open, after a change they would see.
 * Coalesced per team (`HOME_REFRESH_INTERVAL_MS`); resolves once a refresh that started after
 * this call has finished, so awaiting it after the user's reply keeps the handler's work
 * accounted for. Never rejects: the change already succeeded, a failed refresh is only logged.
 */
export async function refreshHomes(client: WebClient, deps: ListenerDeps, teamId: string): Promise<void> {
  if (deps.home.recentViewers(teamId).length === 0) return; // nobody is looking: nothing to do
  try {
    // The latest request's task is the one run; every request for a team uses the same token.
    await throttleFor(deps.home).request(teamId, () => publishToViewers(client, deps, teamId));
  } catch (error) {
    deps.logger.warn("refreshing Home tabs failed", { teamId, error });
  }
}
