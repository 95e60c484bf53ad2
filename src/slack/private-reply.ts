/**
 * Sends a personal message: ephemeral in the channel the person was in, or by DM when
 * that isn't possible (the bot isn't in the channel, a DM between two people, …).
 */
import type { WebClient } from "@slack/web-api";
import type { SlackMessage } from "../views/story.view.js";

export async function replyPrivately(
  client: WebClient,
  target: { userId: string; channelId: string | null },
  message: SlackMessage,
): Promise<"ephemeral" | "dm"> {
  if (target.channelId && !target.channelId.startsWith("D")) {
    try {
      await client.chat.postEphemeral({ channel: target.channelId, user: target.userId, ...message });
      return "ephemeral";
    } catch (error) {
      if (!isChannelAccessError(error)) throw error;
    }
  }
  await client.chat.postMessage({ channel: target.userId, ...message });
  return "dm";
}

const CHANNEL_ACCESS_ERRORS = new Set([
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "user_not_in_channel",
]);

function isChannelAccessError(error: unknown): boolean {
  const code = (error as { data?: { error?: string } })?.data?.error;
  return code !== undefined && CHANNEL_ACCESS_ERRORS.has(code);
}
