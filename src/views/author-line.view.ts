/**
 * A message meant to go out under a person's name and avatar (`chat:write.customize`) that has to
 * go out as the bot instead (the workspace's install lacks the scope): their name becomes the
 * message's first line, bold and escaped, so a display name like "<!channel>" is shown, never a
 * mention. Pure; used by the outbox's Slack sender.
 */
import type { KnownBlock } from "@slack/types";
import { md, mrkdwnSafe } from "./format.js";

/** Slack's limit of blocks in a message. */
const MESSAGE_BLOCKS = 50;

/** The name line: `*Ana Silva*`. */
export function authorLineBlock(name: string): KnownBlock {
  return { type: "section", text: { type: "mrkdwn", text: md`*${mrkdwnSafe(name, 80)}*` } };
}

/** `blocks` with the name line first (a message with no blocks gets the line alone), within 50 blocks. */
export function withAuthorLine(blocks: readonly unknown[] | null, name: string): unknown[] {
  return [authorLineBlock(name), ...(blocks ?? [])].slice(0, MESSAGE_BLOCKS);
}
