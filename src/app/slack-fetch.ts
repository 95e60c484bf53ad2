/**
 * The one `fetch` every outgoing Slack call goes through: the listeners' and jobs' WebClient, the
 * outbox's WebClient, Bolt's `respond()` (response_url) and the error handler's response_url post.
 *
 * - Every request is bounded: it is aborted after `timeoutMs` (SLACK_TIMEOUT_MS) with a
 *   {@link SlackUnavailableError}, so a Slack that never answers can't hold a handler until shutdown.
 * - A circuit breaker per call (Web API method, or response_url posts) stops hammering a failing
 *   Slack: after `threshold` consecutive failures (timeouts, network errors, HTTP 5xx) calls are
 *   refused at once, without touching the network,
 *   for a pause that doubles on each further failure (1 s, 2 s, 4 s … up to `maxPauseMs`). When the
 *   pause is over the next call goes through as a probe: success closes the breaker, failure
 *   re-opens it with the longer pause. 429s are not failures here (WebClient and the outbox pacer
 *   honour Retry-After), nor are 4xx answers (the request, not Slack, is at fault).
 */
import { monotonicMs } from "../lib/clock.js";
import { SlackUnavailableError } from "../lib/errors.js";
import type { Logger } from "../lib/logger.js";
import { createHttpTransport } from "./http-transport.js";

export interface SlackFetchOptions {
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
  /** Consecutive failures that open the breaker (default 5). */
  threshold?: number;
  /** First pause once open (default 1 s); doubles per further failure. */
  basePauseMs?: number;
  /** Longest pause (default 60 s). */
  maxPauseMs?: number;
}

export interface SlackFetch {
  fetch: typeof globalThis.fetch;
  /** For tests and diagnostics: a call's consecutive failures and how long it stays paused. */
  state(call: string): { consecutiveFailures: number; pausedForMs: number };
}

export function createSlackFetch(deps: {
  logger: Logger;
  options?: SlackFetchOptions;
  /** The transport underneath (default: `http-transport.ts`, fetch over undici). */
  fetch?: typeof globalThis.fetch;
  /** Told of every HTTP 429 answer (metrics), with the call's key. */
  onRateLimited?: (call: string) => void;
  /**
   * Awaited before each request and again when its answer is in (`WorkScheduler.checkpoint`):
   * once the event-loop turn's budget is spent, the caller goes on in the next turn, after the
   * requests already read (their acks). Twenty answers arriving together would otherwise resume
   * twenty handlers (rendering, the next call) in one stretch while acks wait.
   */
  checkpoint?: () => Promise<void>;
}): SlackFetch {
  const { logger } = deps;
  const timeoutMs = deps.options?.timeoutMs ?? 10_000;
  const threshold = deps.options?.threshold ?? 5;
  const basePauseMs = deps.options?.basePauseMs ?? 1000;
  const maxPauseMs = deps.options?.maxPauseMs ?? 60_000;
  const underlying = deps.fetch ?? createHttpTransport();
  /** One breaker per Web API method (`chat.postMessage`, …) and one for all response_url posts. */
  const breakers = new Map<string, { failures: number; openUntil: number }>();
  const breakerFor = (key: string) => {
    let b = breakers.get(key);
    if (!b) {
      b = { failures: 0, openUntil: 0 };
      breakers.set(key, b);
    }
    return b;
  };

  function failed(key: string): void {
    const b = breakerFor(key);
    b.failures++;
    if (b.failures < threshold) return;
    const pause = Math.min(maxPauseMs, basePauseMs * 2 ** (b.failures - threshold));
    b.openUntil = monotonicMs() + pause;
    logger.warn("slack keeps failing; pausing calls", {
      call: key,
      consecutiveFailures: b.failures,
      pauseMs: pause,
    });
  }

  function succeeded(key: string): void {
    const b = breakers.get(key);
    if (!b) return;
    if (b.failures >= threshold)
      logger.info("slack answers again; calls resume", { call: key, after: b.failures });
    breakers.delete(key);
  }

  const boundedFetch: typeof globalThis.fetch = async (input, init) => {
    const key = callKey(String(input instanceof Request ? input.url : input));
    const b = breakers.get(key);
    const wait = b ? b.openUntil - monotonicMs() : 0;
    if (b && wait > 0) {
      throw new SlackUnavailableError(
        `slack ${key} paused for ${Math.ceil(wait)} ms after ${b.failures} failures`,
      );
    }
    await deps.checkpoint?.();
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await underlying(input, { ...init, signal });
    } catch (error) {
      // The caller's own abort is not Slack's fault.
      if (init?.signal?.aborted && !timeout.aborted) throw error;
      failed(key);
      if (timeout.aborted) {
        throw new SlackUnavailableError(`slack did not answer ${key} within ${timeoutMs} ms`, {
          cause: error,
        });
      }
      throw error;
    }
    if (response.status === 429) deps.onRateLimited?.(key);
    if (response.status >= 500) failed(key);
    else succeeded(key);
    await deps.checkpoint?.();
    return response;
  };

  return {
    fetch: boundedFetch,
    state: (key) => {
      const b = breakers.get(key);
      return {
        consecutiveFailures: b?.failures ?? 0,
        pausedForMs: b ? Math.max(0, b.openUntil - monotonicMs()) : 0,
      };
    },
  };
}

/** `https://slack.com/api/chat.postMessage` → `chat.postMessage`; any other URL is a response_url. */
function callKey(url: string): string {
  const api = /\/api\/([A-Za-z.]+)(?:\?|$)/.exec(url);
  return api?.[1] ?? "response_url";
}
