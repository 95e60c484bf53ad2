/**
 * The one type of a rendered Slack message: what every view builder returns and every listener
 * sends (`respond`, `chat.postMessage`, a response URL, the outbox). `text` is the notification
 * and accessibility fallback; `blocks` stay within Slack's limits (see the builders).
 */
import type { KnownBlock } from "@slack/types";
import type { Mrkdwn } from "./format.js";

export interface SlackMessage {
  /** Notification and accessibility fallback; kept short. Slack parses it as mrkdwn, so typed text is escaped. */
  text: Mrkdwn;
  blocks: KnownBlock[];
}
