/**
 * The outbox's Slack transport: `chat.postMessage` / `chat.update` over a DEDICATED WebClient whose
 * retry and rate-limit policy is ours (`rejectRateLimitedCalls: true`, no built-in retries), so
 * the outbox decides when to wait, retry or give up.
 *
 * Pacing, before each call:
 * - per conversation: a token bucket, `perChannelPerSecond` (1/s) with bursts of `channelBurst` (3),
 *   Slack's "about one message per second per channel, short bursts allowed". A DM is its own
 *   conversation, so a fan-out of DMs is bound by the workspace budget, not by this.
 * - per workspace: at most `workspacePerSecond` calls in any sliding second (default 4, i.e. 240
 *   per minute), each counted from when Slack ANSWERED it (Slack counts it somewhere between send
 *   and answer, so this never under-counts), plus a small `safetyMarginMs`.
 * - a 429 pauses EVERY call for `Retry-After` seconds (Slack may revoke tokens that keep calling
 *   while rate-limited), then the same call is retried; 429s never count as attempts.
 * 5xx answers and network errors are retried here a few times with exponential backoff
 * (`quickRetries`); after that the outbox reschedules the row with a longer backoff.
 * Errors that no retry can fix (`channel_not_found`, `not_in_channel`, …) return `retry: false`.
 */
import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  WebClient,
  type WebClientOptions,
} from "@slack/web-api";
import { monotonicMs } from "../lib/clock.js";
import { WorkspaceNotInstalledError } from "../lib/errors.js";
import type { Logger } from "../lib/logger.js";
import type { DeliveryRequest, DeliveryResult, OutboxTransport } from "../services/outbox.service.js";
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

/** The workspace budget the outbox keeps by default (calls per sliding second); benches compute floors from it. */
export const DEFAULT_WORKSPACE_PER_SECOND = 4;

export interface PacingOptions {
  /** Sustained rate per conversation. Default 1. */
  perChannelPerSecond?: number;
  /** Burst per conversation. Default 3. */
  channelBurst?: number;
  /** Calls per sliding second across the workspace. Default 4. */
  workspacePerSecond?: number;
  /** Extra wait before a workspace slot is reused (slots already count from Slack's answer). Default 5 ms. */
  safetyMarginMs?: number;
  /** Retries of a 5xx/network failure inside one delivery. Default 3 (250 ms, 500 ms, 1 s). */
  quickRetries?: number;
  quickRetryBaseMs?: number;
  /** Upper bound on one Retry-After pause, in case a proxy sends something absurd. Default 120 s. */
  maxRetryAfterMs?: number;
}

export interface OutboxSenderStats {
  calls: number;
  rateLimited: number;
  transientErrors: number;
}

export interface OutboxSender extends OutboxTransport {
  readonly stats: OutboxSenderStats;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Sliding-window + token-bucket pacer; real (monotonic) time, because it paces real HTTP calls. */
export class Pacer {
  private readonly perChannel: number;
  private readonly burst: number;
  private readonly perSecond: number;
  private readonly margin: number;
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  /** Workspace slots of the last second; `at` moves to the response time once the call returns. */
  private readonly recent: { at: number }[] = [];
  private pausedUntil = 0;

  constructor(options: PacingOptions = {}) {
    this.perChannel = options.perChannelPerSecond ?? 1;
    this.burst = options.channelBurst ?? 3;
    this.perSecond = options.workspacePerSecond ?? DEFAULT_WORKSPACE_PER_SECOND;
    this.margin = options.safetyMarginMs ?? 5;
  }

  /** Pauses every conversation until `ms` from now (a 429's Retry-After). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, monotonicMs() + ms);
  }

  /**
   * Waits until a call to `channel` fits both budgets, then takes the slot. Call `release()` on the
   * returned slot when Slack has answered: the slot then counts from the ANSWER, not from the send.
   * Slack counts the request when it arrives, which is somewhere between the two, so counting from
   * the answer can never under-estimate Slack's window, whatever the network latency.
   */
  async acquire(channel: string): Promise<{ release(): void }> {
    for (;;) {
      const now = monotonicMs();
      const wait = this.waitMs(channel, now);
      if (wait <= 0) {
        const slot = this.take(channel, now);
        return {
          release: () => {
            slot.at = Math.max(slot.at, monotonicMs());
          },
        };
      }
      await sleep(wait);
    }
  }

  private bucket(channel: string, now: number): { tokens: number; at: number } {
    const b = this.buckets.get(channel) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.perChannel);
    b.at = now;
    this.buckets.set(channel, b);
    return b;
  }

  private waitMs(channel: string, now: number): number {
    let wait = this.pausedUntil - now;
    const b = this.bucket(channel, now);
    if (b.tokens < 1) wait = Math.max(wait, ((1 - b.tokens) / this.perChannel) * 1000);
    const windowMs = 1000 + this.margin;
    for (let i = this.recent.length - 1; i >= 0; i--) {
      if ((this.recent[i]?.at ?? 0) <= now - windowMs) this.recent.splice(i, 1);
    }
    if (this.recent.length >= this.perSecond) {
      // The slot that must leave the window before another call fits.
      const times = this.recent.map((r) => r.at).sort((a, b) => a - b);
      const oldest = times[times.length - this.perSecond] ?? now;
      wait = Math.max(wait, oldest + windowMs - now);
    }
    return wait;
  }

  private take(channel: string, now: number): { at: number } {
    const b = this.bucket(channel, now);
    b.tokens -= 1;
    const slot = { at: now };
    this.recent.push(slot);
    // Forget idle conversations so a year of DMs doesn't grow the map without bound.
    if (this.buckets.size > 10_000) {
      for (const [key, value] of this.buckets) if (now - value.at > 10_000) this.buckets.delete(key);
    }
    return slot;
  }
}

/**
 * The outbox's WebClient policy: same API URL as the app, but 429s thrown to the sender (which
 * paces and waits) and no built-in retries. `maxRequestConcurrency` is above the outbox's
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
}): OutboxSender {
  const { clients, logger } = deps;
  const pacer = new Pacer(deps.pacing);
  const quickRetries = deps.pacing?.quickRetries ?? 3;
  const quickBaseMs = deps.pacing?.quickRetryBaseMs ?? 250;
  const maxRetryAfterMs = deps.pacing?.maxRetryAfterMs ?? 120_000;
  const stats: OutboxSenderStats = { calls: 0, rateLimited: 0, transientErrors: 0 };

  async function call(request: DeliveryRequest): Promise<{ channel: string; ts: string }> {
    const client = await clients.clientFor(request.teamId);
    const blocks = request.blocks ?? undefined;
    if (request.kind === "update") {
      const res = await client.chat.update({
        channel: request.channel,
        ts: request.ts,
        text: request.text,
        // biome-ignore lint/suspicious/noExplicitAny: blocks were validated by the feature's view builder
        ...(blocks ? { blocks: blocks as any } : {}),
      });
      return { channel: String(res.channel ?? request.channel), ts: String(res.ts ?? request.ts) };
    }
    const res = await client.chat.postMessage({
      channel: request.channel,
      text: request.text,
      // biome-ignore lint/suspicious/noExplicitAny: see above
      ...(blocks ? { blocks: blocks as any } : {}),
      ...(request.threadTs ? { thread_ts: request.threadTs } : {}),
    });
    return { channel: String(res.channel ?? request.channel), ts: String(res.ts ?? "") };
  }

  return {
    stats,
    async deliver(request) {
      let transientTries = 0;
      for (;;) {
        const slot = await pacer.acquire(request.channel);
        stats.calls++;
        try {
          const sent = await call(request);
          slot.release();
          return { ok: true, ...sent } satisfies DeliveryResult;
        } catch (error) {
          slot.release();
          // Uninstalled, or its token could not be refreshed: no retry helps until a reinstall.
          if (error instanceof WorkspaceNotInstalledError) {
            return { ok: false, retry: false, error: "workspace_not_installed" };
          }
          if (error instanceof WebAPIRateLimitedError) {
            stats.rateLimited++;
            const ms = Math.min(maxRetryAfterMs, Math.max(1, error.retryAfter) * 1000);
            logger.info("slack rate limited the outbox; pausing", {
              retryAfterMs: ms,
              channel: request.channel,
            });
            pacer.pause(ms);
            continue; // not an attempt: the same call goes again after the pause
          }
          if (error instanceof WebAPIPlatformError) {
            const code = error.data.error;
            if (code === "ratelimited") {
              stats.rateLimited++;
              pacer.pause(1000);
              continue;
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
          if (transientTries >= quickRetries) return { ok: false, retry: true, error: detail };
          await sleep(quickBaseMs * 2 ** transientTries);
          transientTries++;
        }
      }
    },
  };
}
