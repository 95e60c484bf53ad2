/**
 * Every Slack call knows its workspace: the one lookup from a workspace (team id, and its Grid
 * organization when known) to the bot token that may act there, and a WebClient for it.
 *
 * - Single-workspace mode (SLACK_BOT_TOKEN): every workspace gets the one token and the one client.
 * - OAuth mode: the workspace's own installation, else its organization's org-wide install; the
 *   token is refreshed through the locked rotation path (`token-rotation.ts`) before it expires.
 *   Lookups are cached for `cacheMs` (30 s): an uninstall or a refresh by another process is seen
 *   within that time (an old token stays valid until it expires, so a stale hit still works).
 *
 * Used by Bolt's authorize (through the installation store), the outbox, scheduled jobs, the
 * people directory, channel checks, the poker board and the global error handler.
 */
import { WebClient, type WebClientOptions } from "@slack/web-api";
import type { InstallationRecord, InstallationRepository } from "../db/installation.repository.js";
import type { Clock } from "../lib/clock.js";
import { WorkspaceNotInstalledError } from "../lib/errors.js";
import type { TokenRefresher } from "./token-rotation.js";

/** Which installation serves a workspace, with a token valid for a while. */
export interface WorkspaceTokens {
  /**
   * The installation serving `teamId` (its own, or its organization's org-wide install when
   * `enterpriseId` is given or was learnt earlier). Throws {@link WorkspaceNotInstalledError}.
   * `isEnterpriseInstall` with no team: the org-wide install itself.
   */
  installationFor(query: {
    teamId: string | null;
    enterpriseId: string | null;
    isEnterpriseInstall?: boolean;
  }): Promise<InstallationRecord>;
  /** Drops cached lookups (all, or one workspace's): after an uninstall or a reinstall. */
  forget(teamId?: string): void;
}

/** A client per workspace, all with the same options (retry and rate-limit policy). */
export interface WorkspaceClients {
  clientFor(teamId: string, enterpriseId?: string | null): Promise<WebClient>;
}

/** OAuth mode: installations from the database, refreshed through the locked path, cached briefly. */
export function createInstallationTokens(deps: {
  repo: InstallationRepository;
  refresher: TokenRefresher;
  clock: Clock;
  cacheMs?: number;
}): WorkspaceTokens {
  const { repo, refresher, clock } = deps;
  const cacheMs = deps.cacheMs ?? 30_000;
  const cache = new Map<string, { at: number; installation: InstallationRecord }>();
  /** Links already written by this process (one write per workspace, not one per request). */
  const linked = new Set<string>();

  return {
    async installationFor({ teamId, enterpriseId, isEnterpriseInstall }) {
      const now = clock.now().getTime();
      const cacheKey = isEnterpriseInstall && !teamId ? `E:${enterpriseId}` : `T:${teamId}`;
      const hit = cache.get(cacheKey);
      if (hit && now - hit.at < cacheMs && !refresher.needsRefresh(hit.installation)) return hit.installation;

      if (teamId && enterpriseId && !linked.has(teamId)) {
        await repo.linkWorkspace(teamId, enterpriseId, clock.now());
        linked.add(teamId);
      }
      const found = teamId
        ? await repo.findForTeam(teamId, enterpriseId)
        : enterpriseId
          ? await repo.find(`E:${enterpriseId}`)
          : null;
      if (!found) {
        cache.delete(cacheKey);
        throw new WorkspaceNotInstalledError(
          `no installation for team ${teamId ?? "-"} / enterprise ${enterpriseId ?? "-"}`,
        );
      }
      const fresh = await refresher.ensureFresh(found);
      cache.set(cacheKey, { at: clock.now().getTime(), installation: fresh });
      return fresh;
    },
    forget(teamId) {
      if (teamId === undefined) cache.clear();
      else cache.delete(`T:${teamId}`);
    },
  };
}

/** Single-workspace mode: one client for every workspace. */
export function singleTokenClients(client: WebClient): WorkspaceClients {
  return { clientFor: async () => client };
}

/**
 * OAuth mode: a WebClient per token with `options`, reused while the token lasts (bounded: the
 * least recently used clients are dropped past `maxClients`).
 */
export function createWorkspaceClients(deps: {
  tokens: WorkspaceTokens;
  options: WebClientOptions;
  maxClients?: number;
}): WorkspaceClients {
  const max = deps.maxClients ?? 1000;
  const clients = new Map<string, WebClient>();
  return {
    async clientFor(teamId, enterpriseId = null) {
      const installation = await deps.tokens.installationFor({ teamId, enterpriseId });
      const token = installation.botToken;
      let client = clients.get(token);
      if (client) {
        clients.delete(token); // re-insert below: Map order is recency
      } else {
        client = new WebClient(token, deps.options);
        if (clients.size >= max) {
          const oldest = clients.keys().next().value;
          if (oldest !== undefined) clients.delete(oldest);
        }
      }
      clients.set(token, client);
      return client;
    },
  };
}
