/**
 * `ChannelAccess` over the Web API: asks `conversations.info` whether the bot is a member before
 * the digest is handed to the outbox, so a channel the bot isn't in gets an admin notice instead
 * of a silent failure. Needs `channels:read` (public) and `groups:read` (private channels).
 */
import type { ChannelAccess, ChannelAccessResult } from "../services/digest.service.js";
import { isSlackError, slackErrorCode } from "./api-errors.js";
import type { WorkspaceClients } from "./workspace-clients.js";

/** Asks with the workspace's own token: in a channel shared by two workspaces each sees its own membership. */
export function createSlackChannelAccess(clients: WorkspaceClients): ChannelAccess {
  return {
    async check(teamId, channel): Promise<ChannelAccessResult> {
      const client = await clients.clientFor(teamId);
      try {
        const res = await client.conversations.info({ channel });
        const c = res.channel as { is_member?: boolean; is_archived?: boolean } | undefined;
        if (c?.is_archived) return "is_archived";
        return c?.is_member ? "ok" : "not_in_channel";
      } catch (error) {
        // Anything but a channel error (network, rate limit): try to post; the outbox retries and reports failures.
        return isSlackError(error, "channel") ? (slackErrorCode(error) as ChannelAccessResult) : "ok";
      }
    },
  };
}
