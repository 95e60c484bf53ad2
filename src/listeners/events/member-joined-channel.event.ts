import { z } from "zod";
import { eventContext } from "../../slack/context.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

const eventSchema = z.object({ user: z.string(), channel: z.string() });

/**
 * `member_joined_channel`: when the bot itself was just invited (the owner followed our "invite
 * me" notice), today's standup reports that could not be posted there are posted now.
 * Other people joining need nothing. (Events are acked by Bolt before this runs.)
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.event("member_joined_channel", async ({ event, body, context }) => {
    const e = eventSchema.parse(event);
    if (!context.botUserId || e.user !== context.botUserId) return;
    await deps.standups.channelJoined(eventContext(body).teamId, e.channel);
  });
}
