import { z } from "zod";
import { APP_UNINSTALLED, BOT_TOKEN_REVOKED } from "../../services/workspace-lifecycle.service.js";
import { eventContext } from "../../slack/context.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

const revokedSchema = z.object({
  tokens: z.object({ bot: z.array(z.string()).optional(), oauth: z.array(z.string()).optional() }).optional(),
});

/**
 * `app_uninstalled` and `tokens_revoked` stop the workspace at once (pending messages fail,
 * schedules pause, no more Slack calls). They may come in either order and more than once: the
 * first one stops it, the others change nothing. Only a revoked BOT token stops anything: the app
 * holds no user tokens, so a revoked user token (`oauth`) concerns some other grant.
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.event("app_uninstalled", async ({ body }) => {
    const { teamId } = eventContext(body);
    await deps.lifecycle.stop(teamId, APP_UNINSTALLED);
  });
  r.event("tokens_revoked", async ({ event, body }) => {
    const { teamId } = eventContext(body);
    const bot = revokedSchema.parse(event).tokens?.bot ?? [];
    if (bot.length === 0) {
      deps.logger.info("user tokens revoked; scrumbot holds none, nothing to stop", { teamId });
      return;
    }
    await deps.lifecycle.stop(teamId, BOT_TOKEN_REVOKED);
  });
}
