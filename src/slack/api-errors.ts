/**
 * The one classifier of Slack Web API errors. A failed call rejects with an error whose
 * `data.error` is Slack's code (`not_in_channel`, …); listeners ask what KIND of failure it was,
 * so each list of codes lives here once.
 */

/** The bot can't post in that conversation: not a member, can't see it, or it is archived. */
export const CHANNEL_ERRORS: ReadonlySet<string> = new Set([
  "channel_not_found",
  "not_in_channel",
  "is_archived",
]);

/** The person can't be messaged (left, deactivated, or it is a bot). */
export const USER_ERRORS: ReadonlySet<string> = new Set([
  "cannot_dm_bot",
  "user_not_found",
  "user_disabled",
  "account_inactive",
]);

/** The message to update or link to is gone (deleted, or too old to edit). */
export const MESSAGE_ERRORS: ReadonlySet<string> = new Set(["message_not_found", "cant_update_message"]);

/**
 * - `channel`: the bot can't post there ({@link CHANNEL_ERRORS});
 * - `not_member`: `chat.postEphemeral` to someone who isn't in the channel;
 * - `user`: the person can't be reached ({@link USER_ERRORS});
 * - `message`: the message is gone ({@link MESSAGE_ERRORS});
 * - `rate_limited`: Slack asked us to slow down;
 * - `other`: any other Slack code, or not a Slack error at all (network, a bug).
 */
export type SlackErrorKind = "channel" | "not_member" | "user" | "message" | "rate_limited" | "other";

/** Slack's error code (`data.error`) of a failed Web API call, or null when it isn't one. */
export function slackErrorCode(error: unknown): string | null {
  if (typeof error !== "object" || error === null) return null;
  const data = (error as { data?: unknown }).data;
  if (typeof data !== "object" || data === null) return null;
  const code = (data as { error?: unknown }).error;
  return typeof code === "string" && code !== "" ? code : null;
}

/** What kind of failure a Web API error is (see {@link SlackErrorKind}). */
export function classifySlackError(error: unknown): SlackErrorKind {
  const code = slackErrorCode(error);
  if (code === null) {
    // WebAPIRateLimitedError carries no `data.error`, only its code.
    return (error as { code?: unknown })?.code === "slack_webapi_rate_limited_error"
      ? "rate_limited"
      : "other";
  }
  if (CHANNEL_ERRORS.has(code)) return "channel";
  if (code === "user_not_in_channel") return "not_member";
  if (USER_ERRORS.has(code)) return "user";
  if (MESSAGE_ERRORS.has(code)) return "message";
  if (code === "ratelimited" || code === "rate_limited") return "rate_limited";
  return "other";
}

/** True when `error` is a Slack error of one of `kinds`, e.g. `isSlackError(e, "channel")`. */
export function isSlackError(error: unknown, ...kinds: Exclude<SlackErrorKind, "other">[]): boolean {
  const kind = classifySlackError(error);
  return kind !== "other" && kinds.includes(kind);
}

/**
 * Runs a Slack call whose failure of one of `kinds` is an expected outcome, not a bug: resolves
 * to `{ ok: false, code }` then, rethrows anything else.
 */
export async function expectSlackFailure<T>(
  call: Promise<T>,
  ...kinds: Exclude<SlackErrorKind, "other">[]
): Promise<{ ok: true; value: T } | { ok: false; code: string }> {
  try {
    return { ok: true, value: await call };
  } catch (error) {
    if (!isSlackError(error, ...kinds)) throw error;
    return { ok: false, code: slackErrorCode(error) ?? "rate_limited" };
  }
}
