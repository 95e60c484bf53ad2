/**
 * Answering people: post here for everyone, or tell the person privately (ephemeral in the
 * channel they were in, else a DM), and replies through a `response_url`.
 *
 * Which one to use:
 * - a listener with `respond` answering the person who acted: `respond(ephemeral(message))`;
 * - after a modal (no `respond`): `tellPrivately(client, { userId, channelId }, message)`;
 * - something the channel should see: `postHereOrTellPrivately(...)`, or `postHere(...)` when
 *   the fallback is something else (e.g. `respond`).
 */
import type { RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { SlackMessage } from "../views/message.js";
import { isSlackError } from "./api-errors.js";

/** A message with blocks, or a plain text one. */
export type Outgoing = SlackMessage | { text: string };

/** Who to tell, and the conversation they were in (null: none, e.g. a modal from the Home tab). */
export interface ReplyTarget {
  userId: string;
  channelId: string | null;
}

/** A DM "channel" (D…): the bot can't post ephemerals there nor address everyone. */
const isConversation = (channelId: string | null): channelId is string =>
  Boolean(channelId) && !channelId?.startsWith("D");

/**
 * Tells one person: ephemeral in the channel they were in, or by DM when that isn't possible (no
 * channel, a DM between two people, the bot or the person isn't in the channel, it's archived).
 * Other Slack errors are rethrown.
 */
export async function tellPrivately(
  client: WebClient,
  target: ReplyTarget,
  message: Outgoing,
): Promise<"ephemeral" | "dm"> {
  if (isConversation(target.channelId)) {
    try {
      await client.chat.postEphemeral({ channel: target.channelId, user: target.userId, ...message });
      return "ephemeral";
    } catch (error) {
      if (!isSlackError(error, "channel", "not_member")) throw error;
    }
  }
  await client.chat.postMessage({ channel: target.userId, ...message });
  return "dm";
}

/**
 * Posts `message` in `channelId` for everyone. Resolves false when the bot can't post there
 * (not a member, can't see it, archived); other Slack errors are rethrown.
 */
export async function postHere(client: WebClient, channelId: string, message: Outgoing): Promise<boolean> {
  try {
    await client.chat.postMessage({ channel: channelId, ...message });
    return true;
  } catch (error) {
    if (!isSlackError(error, "channel")) throw error;
    return false;
  }
}

/**
 * Posts in the person's channel for everyone; when there is none (a DM, a modal without one) or
 * the bot can't post there, tells the person privately instead.
 */
export async function postHereOrTellPrivately(
  client: WebClient,
  target: ReplyTarget,
  message: Outgoing,
): Promise<"posted" | "ephemeral" | "dm"> {
  if (isConversation(target.channelId) && (await postHere(client, target.channelId, message)))
    return "posted";
  return tellPrivately(client, target, message);
}

/** How long a response_url POST may take before it is abandoned. */
export const RESPONSE_URL_TIMEOUT_MS = 10_000;

/**
 * POSTs a reply to a `response_url` (the way to answer a command or a click later, or from a
 * modal opened by it). Slack allows 5 uses within 30 minutes; resolves false when it refuses
 * (expired, used up), which is rarely worth surfacing.
 */
export async function postToResponseUrl(
  url: string,
  body: Outgoing & { response_type?: "ephemeral" | "in_channel"; replace_original?: boolean },
  post: typeof globalThis.fetch = fetch,
): Promise<boolean> {
  const res = await post(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    // Bounded like every Slack call (docs/operations-hardening.md): a Slack that never answers
    // must not hold a handler until shutdown; a timeout throws (AbortError).
    signal: AbortSignal.timeout(RESPONSE_URL_TIMEOUT_MS),
  });
  return res.ok;
}

/** Replaces the ephemeral message a `response_url` belongs to (e.g. refresh `/backlog` after a modal). */
export function replaceViaResponseUrl(url: string, message: Outgoing): Promise<boolean> {
  return postToResponseUrl(url, replaceOriginal(message));
}

// `respond(...)` bodies, so every listener says the same thing the same way.

/** Only the person sees it (a command's usual answer). */
export function ephemeral<M extends Outgoing>(message: M) {
  return { response_type: "ephemeral" as const, ...message };
}

/** A click's private answer as a NEW message: the clicked message stays as it is. */
export function ephemeralAside<M extends Outgoing>(message: M) {
  return { response_type: "ephemeral" as const, replace_original: false, ...message };
}

/** Replaces the (ephemeral) message that was clicked. */
export function replaceOriginal<M extends Outgoing>(message: M) {
  return { response_type: "ephemeral" as const, replace_original: true, ...message };
}

/** `reply(message)`: answers a command or a click privately through its `respond`. */
export function privateReplier(respond: RespondFn): (message: Outgoing) => Promise<void> {
  return async (message) => {
    await respond(ephemeral(message));
  };
}
