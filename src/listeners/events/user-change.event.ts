import { parseSlackUser } from "../../slack/user-directory.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

/**
 * `user_change` (someone's profile, zone, admin flag or status changed) and `team_join` (someone
 * new): the people directory stores them, so standups never ask Slack per person; a new zone moves
 * that person's standup schedules. Events are acked by Bolt before this runs; handling one twice
 * (a retry) stores the same person again and moves nothing.
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  for (const name of ["user_change", "team_join"]) {
    r.event(name, async ({ event, body }) => {
      const person = parseSlackUser((event as { user?: unknown }).user);
      const teamId = (body as { team_id?: string }).team_id ?? "";
      if (!person || !teamId) {
        deps.logger.warn("people directory: an event without a usable user", { event: name });
        return;
      }
      await deps.users.remember(teamId, person);
    });
  }
}
