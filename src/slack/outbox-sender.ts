/**
 * The outbox's Slack transport: `chat.postMessage` / `chat.update` over a DEDICATED WebClient whose
 * retry and rate-limit policy is ours (`rejectRateLimitedCalls: true`, no built-in retries), so
 * the outbox decides when to wait, retry or give up.
 *
 * Pacing is the outbox's (`src/services/outbox-pacing.ts`: per workspace, shared by replicas in
 * the database); this only makes the call. A 429 comes back as `retryAfterMs` (the outbox holds
 * that workspace and method, then sends the same call again; 429s never count as attempts).
 * 5xx answers and network errors come back as `quick` failures: the outbox tries them again a few
 * times through its pacing (`quickRetries`, so a 429's hold stops them too), then reschedules the
 * row with a longer backoff.
 * Errors that no retry can fix (`channel_not_found`, `not_in_channel`, …) return `retry: false`.
 *
 * Posting as a person (`request.author`: standup answers under the person's name and avatar) needs
 * `chat:write.customize`. An install without it (older installs) answers `missing_scope`: the
 * message then goes out as the bot with the name as its first line (`views/author-line.view.ts`),
 * and the workspace is remembered as lacking the scope for `CUSTOMIZE_RECHECK_MS` (one failed call
 * an hour per replica; a reinstall that grants the scope is picked up within the hour).
 */
import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  WebClient,
  type WebClientOptions,
} from "@slack/web-api";
import { WorkspaceNotInstalledError } from "../lib/errors.js";
import type { Logger } from "../lib/logger.js";
import type { DeliveryRequest, DeliveryResult, OutboxTransport } from "../services/outbox.service.js";
import type { PacingOptions } from "../services/outbox-pacing.js";
import { withAuthorLine } from "../views/author-line.view.js";
import { CHANNEL_ERRORS } from "./api-errors.js";
import type { WorkspaceClients } from "./workspace-clients.js";

/** Slack errors that no retry fixes: the row is marked failed at once. */
export const PERMANENT_ERRORS: ReadonlySet<string> = new Set([
  ...CHANNEL_ERRORS,
  "user_disabled",
  "account_inactive",
  "invalid_blocks",
  "invalid_blocks_format",
  "cannot_dm_bot",
  "msg_too_long",
  "no_text",
  "too_many_attachments",
  "restricted_action",
  "restricted_action_read_only_channel",
  "restricted_action_thread_only_channel",
  "restricted_action_non_threadable_channel",
  "message_not_found",
  "cant_update_message",
  "edit_window_closed",
  "user_not_found",
  "channel_is_archived",
  "invalid_arguments",
  "duplicate_message_not_found",
]);

export { DEFAULT_WORKSPACE_PER_SECOND, type PacingOptions } from "../services/outbox-pacing.js";

export interface OutboxSenderStats {
  calls: number;
  rateLimited: number;
  transientErrors: number;
}

export interface OutboxSender extends OutboxTransport {
  readonly stats: OutboxSenderStats;
}

/** How long a workspace that answered `missing_scope` to a post-as-person is not asked again. */
export const CUSTOMIZE_RECHECK_MS = 60 * 60 * 1000;

/**
 * The outbox's WebClient policy: same API URL as the app, but 429s come back to the outbox (which
 * holds that workspace) and no built-in retries. `maxRequestConcurrency` is above the outbox's
 * concurrency so the client never queues our calls.
 */
export function outboxClientOptions(
  slackApiUrl: string,
  /** The app's bounded fetch (timeout + circuit breaker); the client's own timeout stays as a backstop. */
  fetch?: typeof globalThis.fetch,
): WebClientOptions {
  return {
    slackApiUrl,
    ...(fetch ? { fetch } : {}),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    maxRequestConcurrency: 64,
    timeout: 30_000,
  };
}

/** A WebClient for the outbox with one token (single-workspace mode, tests). */
export function createOutboxWebClient(
  config: { slackBotToken: string; slackApiUrl: string },
  fetch?: typeof globalThis.fetch,
): WebClient {
  return new WebClient(config.slackBotToken, outboxClientOptions(config.slackApiUrl, fetch));
}

export function createOutboxSender(deps: {
  /** The workspace's client for each request (its token; the outbox's policy, see `outboxClientOptions`). */
  clients: WorkspaceClients;
  logger: Logger;
  pacing?: PacingOptions;
  /** Milliseconds now (the app's clock); the recheck of a missing `chat:write.customize` uses it. */
  now?: () => number;
}): OutboxSender {
  const { clients, logger } = deps;
  const maxRetryAfterMs = deps.pacing?.maxRetryAfterMs ?? 120_000;
  const stats: OutboxSenderStats = { calls: 0, rateLimited: 0, transientErrors: 0 };
  const now = deps.now ?? (() => 0); // without a clock a missing scope is remembered for good
  /** Workspaces whose install lacks chat:write.customize, with when Slack said so. */
  const noCustomize = new Map<string, number>();
  const lacksCustomize = (teamId: string) => {
    const at = noCustomize.get(teamId);
    return at !== undefined && now() - at < CUSTOMIZE_RECHECK_MS;
  };

  async function call(request: DeliveryRequest): Promise<{ channel: string; ts: string; asBot?: boolean }> {
    const client = await clients.clientFor(request.teamId);
    const author = request.author ?? null;
    if (request.kind === "update") {
      // chat.update can't change the author: an edit of a message that went out as the bot keeps its name line.
      const blocks =
        author && request.authorShown === false
          ? withAuthorLine(request.blocks, author.name)
          : request.blocks;
      const res = await client.chat.update({
        channel: request.channel,
        ts: request.ts,
        text: request.text,
        // biome-ignore lint/suspicious/noExplicitAny: blocks were validated by the feature's view builder
        ...(blocks ? { blocks: blocks as any } : {}),
      });
      return { channel: String(res.channel ?? request.channel), ts: String(res.ts ?? request.ts) };
    }
    const post = async (blocks: readonly unknown[] | null, as: typeof author) => {
      const res = await client.chat.postMessage({
        channel: request.channel,
        text: request.text,
        // biome-ignore lint/suspicious/noExplicitAny: see above
        ...(blocks ? { blocks: blocks as any } : {}),
        ...(request.threadTs ? { thread_ts: request.threadTs } : {}),
        ...(as ? { username: as.name, ...(as.iconUrl ? { icon_url: as.iconUrl } : {}) } : {}),
      });
      return { channel: String(res.channel ?? request.channel), ts: String(res.ts ?? "") };
    };
    if (!author) return post(request.blocks, null);
    if (!lacksCustomize(request.teamId)) {
      try {
        return await post(request.blocks, author);
      } catch (error) {
        if (!(error instanceof WebAPIPlatformError) || error.data.error !== "missing_scope") throw error;
        noCustomize.set(request.teamId, now());
        logger.info("no chat:write.customize: posting as the bot with the person's name", {
          teamId: request.teamId,
        });
        stats.calls++;
      }
    }
    return { ...(await post(withAuthorLine(request.blocks, author.name), null)), asBot: true };
  }

  return {
    stats,
    async deliver(request) {
      stats.calls++;
      try {
        const sent = await call(request);
        return { ok: true, ...sent } satisfies DeliveryResult;
      } catch (error) {
        // Uninstalled, or its token could not be refreshed: no retry helps until a reinstall.
        if (error instanceof WorkspaceNotInstalledError) {
          return { ok: false, retry: false, error: "workspace_not_installed" };
        }
        if (error instanceof WebAPIRateLimitedError) {
          stats.rateLimited++;
          const ms = Math.min(maxRetryAfterMs, Math.max(1, error.retryAfter) * 1000);
          logger.debug("slack answered the outbox 429", { retryAfterMs: ms, channel: request.channel });
          return { ok: false, retry: true, error: "ratelimited", retryAfterMs: ms };
        }
        if (error instanceof WebAPIPlatformError) {
          const code = error.data.error;
          if (code === "ratelimited") {
            stats.rateLimited++;
            return { ok: false, retry: true, error: code, retryAfterMs: 1000 };
          }
          if (PERMANENT_ERRORS.has(code)) return { ok: false, retry: false, error: code };
          // internal_error, fatal_error, service_unavailable, invalid_auth while a token is fixed, …
          return { ok: false, retry: true, error: code };
        }
        const transient = error instanceof WebAPIHTTPError || error instanceof WebAPIRequestError;
        const detail =
          error instanceof WebAPIHTTPError
            ? `http_${error.statusCode}`
            : error instanceof WebAPIRequestError
              ? `network_error: ${error.original?.message ?? error.message}`
              : error instanceof Error
                ? error.message
                : String(error);
        if (!transient) return { ok: false, retry: true, error: detail };
        stats.transientErrors++;
        return { ok: false, retry: true, error: detail, quick: true };
      }
    },
  };
}
