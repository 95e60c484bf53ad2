/**
 * Token rotation (docs/oauth.md#token-rotation): with rotation on, a bot token expires 12 hours
 * after it was issued and a refresh token buys the next one. This is the ONE path that refreshes,
 * used by Bolt's authorize (listeners), the outbox and scheduled jobs alike, because Bolt's own
 * refresh runs only while handling a request and takes no lock (node-slack-sdk #2504): two
 * processes refreshing at once both spend the same refresh token, and one of them stores tokens
 * that no longer work.
 *
 * How one refresh wins:
 * 1. In this process, concurrent callers for one installation share one refresh (single flight).
 * 2. Across processes, a short transaction under the installation's row lock re-reads the row:
 *    if someone already refreshed it, their tokens are used (nothing is spent); if someone holds
 *    an unexpired lease, we wait and re-read; otherwise we take the lease (30 s) and commit at once.
 *    The HTTP call runs OUTSIDE the transaction: holding the database's write lock (SQLite) for a
 *    network round trip would stall every other write.
 * 3. The new tokens are stored only if the row still holds the refresh token we spent
 *    (compare-and-set), and the lease is released. A spent refresh token is never sent again by us.
 */
import { randomBytes } from "node:crypto";
import { WebClient } from "@slack/web-api";
import type { InstallationRecord, InstallationRepository } from "../db/installation.repository.js";
import { type Clock, monotonicMs } from "../lib/clock.js";
import { WorkspaceNotInstalledError } from "../lib/errors.js";
import type { Logger } from "../lib/logger.js";
import { slackErrorCode } from "./api-errors.js";

/** What Slack's `oauth.v2.access` with `grant_type=refresh_token` returns (the parts we keep). */
export interface RefreshedTokens {
  accessToken: string;
  refreshToken: string;
  expiresInSeconds: number;
}

/** Spends `refreshToken` at Slack; throws Slack's error (e.g. `invalid_refresh_token`) on failure. */
export type RefreshExchange = (refreshToken: string) => Promise<RefreshedTokens>;

/** The exchange over `oauth.v2.access` (no token: the client id and secret authenticate it). */
export function createRefreshExchange(deps: {
  clientId: string;
  clientSecret: string;
  slackApiUrl: string;
  fetch?: typeof globalThis.fetch;
}): RefreshExchange {
  const client = new WebClient(undefined, {
    slackApiUrl: deps.slackApiUrl,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2000 },
  });
  return async (refreshToken) => {
    const res = await client.oauth.v2.access({
      client_id: deps.clientId,
      client_secret: deps.clientSecret,
      grant_type: "refresh_token",
      refresh_token: refreshToken,
    });
    if (!res.access_token || !res.refresh_token || typeof res.expires_in !== "number") {
      throw new Error("oauth.v2.access answered a refresh without access_token, refresh_token or expires_in");
    }
    return {
      accessToken: res.access_token,
      refreshToken: res.refresh_token,
      expiresInSeconds: res.expires_in,
    };
  };
}

export interface TokenRefresher {
  /**
   * The installation with a bot token valid for more than the refresh window, refreshing it
   * through the locked path when needed. Installations without rotation come back unchanged.
   */
  ensureFresh(installation: InstallationRecord): Promise<InstallationRecord>;
  /** True when the token expires within the refresh window (or has expired). */
  needsRefresh(installation: InstallationRecord): boolean;
}

export interface TokenRefresherOptions {
  /** Refresh when the token expires within this long. Default 2 h (Bolt's window too). */
  windowMs?: number;
  /** How long a refresh claim holds before another process may take over. Default 30 s. */
  leaseMs?: number;
  /** How long to wait for another process's refresh before giving up. Default 20 s. */
  waitMs?: number;
  /** Between re-reads while another process refreshes. Default 100 ms. */
  pollMs?: number;
  /** This process's lease owner id (default: random). */
  owner?: string;
}

export function createTokenRefresher(deps: {
  repo: InstallationRepository;
  exchange: RefreshExchange;
  clock: Clock;
  logger: Logger;
  options?: TokenRefresherOptions;
}): TokenRefresher {
  const { repo, exchange, clock, logger } = deps;
  const windowMs = deps.options?.windowMs ?? 2 * 60 * 60 * 1000;
  const leaseMs = deps.options?.leaseMs ?? 30_000;
  const waitMs = deps.options?.waitMs ?? 20_000;
  const pollMs = deps.options?.pollMs ?? 100;
  const owner = deps.options?.owner ?? randomBytes(8).toString("hex");
  const inFlight = new Map<string, Promise<InstallationRecord>>();

  const needsRefresh = (i: InstallationRecord) =>
    i.refreshToken !== null &&
    i.expiresAt !== null &&
    i.expiresAt.getTime() - clock.now().getTime() <= windowMs;

  async function refresh(key: string): Promise<InstallationRecord> {
    const deadline = monotonicMs() + waitMs;
    for (;;) {
      const claim = await repo.claimRefresh(key, owner, clock.now(), leaseMs, needsRefresh);
      if (claim.kind === "missing") throw new WorkspaceNotInstalledError(`installation ${key} is gone`);
      if (claim.kind === "fresh") return claim.installation;
      if (claim.kind === "busy") {
        if (monotonicMs() > deadline) {
          throw new WorkspaceNotInstalledError(
            `installation ${key}: another process is still refreshing its token`,
          );
        }
        await new Promise((r) => setTimeout(r, pollMs));
        continue;
      }
      const spent = claim.installation.refreshToken ?? "";
      let tokens: RefreshedTokens;
      try {
        tokens = await exchange(spent);
      } catch (error) {
        await repo.releaseRefresh(key, owner);
        const code = slackErrorCode(error);
        // Never the tokens themselves: only which installation and Slack's error code.
        logger.error("token refresh failed", { installation: key, error: code ?? String(error) });
        if (code === "invalid_refresh_token" || code === "invalid_grant" || code === "token_revoked") {
          throw new WorkspaceNotInstalledError(`installation ${key}: refresh refused (${code})`);
        }
        throw error;
      }
      const now = clock.now();
      const stored = await repo.completeRefresh(
        key,
        spent,
        {
          botToken: tokens.accessToken,
          refreshToken: tokens.refreshToken,
          expiresAt: new Date(now.getTime() + tokens.expiresInSeconds * 1000),
        },
        now,
      );
      if (!stored)
        logger.warn("refreshed tokens not stored: the installation changed meanwhile", { installation: key });
      else logger.info("bot token refreshed", { installation: key });
      const current = await repo.find(key);
      if (!current) throw new WorkspaceNotInstalledError(`installation ${key} is gone`);
      return current;
    }
  }

  return {
    needsRefresh,
    ensureFresh(installation) {
      if (!needsRefresh(installation)) return Promise.resolve(installation);
      const running = inFlight.get(installation.key);
      if (running) return running;
      const done = refresh(installation.key).finally(() => inFlight.delete(installation.key));
      inFlight.set(installation.key, done);
      return done;
    },
  };
}
