/**
 * Bolt's `InstallationStore` over scrumbot's database (OAuth mode). Bolt calls `storeInstallation`
 * after a successful install and `fetchInstallation` (through its authorize) for every request.
 *
 * Bolt refreshes rotating tokens itself, without a lock and only while handling a request, if the
 * installation it fetches carries a refresh token. So `fetchInstallation` first refreshes through
 * scrumbot's own locked path (`token-rotation.ts`, shared with the outbox and jobs) and hands Bolt
 * the installation WITHOUT the refresh token: Bolt then never refreshes on its own.
 */
import type { Installation, InstallationQuery, InstallationStore } from "@slack/bolt";
import type { InstallationRecord, InstallationRepository } from "../db/installation.repository.js";
import type { Clock } from "../lib/clock.js";
import type { Logger } from "../lib/logger.js";
import type { WorkspaceTokens } from "./workspace-clients.js";

/** Called after an installation is stored: once per workspace it serves (that are known). */
export type InstalledHook = (teamId: string, enterpriseId: string | null) => Promise<void> | void;

export interface ScrumbotInstallationStore extends InstallationStore {
  /**
   * Runs `hook` after each install or reinstall (default: nothing), for every workspace the
   * installation serves: the workspace itself, or for an org-wide install each workspace of the
   * organization seen so far. A failing hook is logged; the install still succeeds.
   */
  onInstalled(hook: InstalledHook): void;
}

export function createInstallationStore(deps: {
  repo: InstallationRepository;
  tokens: WorkspaceTokens;
  clock: Clock;
  logger: Logger;
  /** Workspaces already seen for an organization (for the hook after an org-wide install). */
  teamsOf?: (enterpriseId: string) => Promise<string[]>;
}): ScrumbotInstallationStore {
  const { repo, tokens, clock, logger } = deps;
  let hook: InstalledHook = () => {};

  return {
    onInstalled(next) {
      hook = next;
    },

    async storeInstallation(installation) {
      const bot = installation.bot;
      if (!bot)
        throw new Error("scrumbot needs a bot token: the install granted none (check the bot scopes)");
      const isEnterpriseInstall = installation.isEnterpriseInstall === true;
      const teamId = installation.team?.id ?? null;
      const enterpriseId = installation.enterprise?.id ?? null;
      const saved = await repo.save(
        {
          teamId: isEnterpriseInstall ? null : teamId,
          enterpriseId,
          isEnterpriseInstall,
          appId: installation.appId ?? null,
          botUserId: bot.userId,
          botId: bot.id ?? null,
          botScopes: bot.scopes ?? [],
          botToken: bot.token,
          refreshToken: bot.refreshToken ?? null,
          // Bolt gives seconds since the epoch.
          expiresAt: bot.expiresAt ? new Date(bot.expiresAt * 1000) : null,
          details: {
            ...(installation.team?.name ? { teamName: installation.team.name } : {}),
            ...(installation.enterprise?.name ? { enterpriseName: installation.enterprise.name } : {}),
            ...(installation.enterpriseUrl ? { enterpriseUrl: installation.enterpriseUrl } : {}),
            ...(installation.user?.id ? { installerUserId: installation.user.id } : {}),
            ...(installation.tokenType ? { tokenType: installation.tokenType } : {}),
          },
        },
        clock.now(),
      );
      if (teamId && enterpriseId) await repo.linkWorkspace(teamId, enterpriseId, clock.now());
      tokens.forget(teamId ?? undefined);
      if (isEnterpriseInstall) tokens.forget();
      logger.info("installed", {
        installation: saved.key,
        teamId: saved.teamId,
        enterpriseId: saved.enterpriseId,
        rotation: saved.refreshToken !== null,
      });
      const teams = isEnterpriseInstall
        ? enterpriseId && deps.teamsOf
          ? await deps.teamsOf(enterpriseId)
          : []
        : teamId
          ? [teamId]
          : [];
      for (const team of teams) {
        try {
          await hook(team, enterpriseId);
        } catch (error) {
          logger.error("onInstalled hook failed", { teamId: team, error });
        }
      }
    },

    async fetchInstallation(query) {
      const found = await tokens.installationFor(queryOf(query));
      return toBolt(found);
    },

    // By key, never through `tokens.installationFor`: that would refresh a token due for it with
    // the dead refresh token (it fails after an uninstall, and the row was then never deleted), and
    // a workspace query would resolve to, and delete, its organization's org-wide install.
    async deleteInstallation(query) {
      const q = queryOf(query);
      const key =
        q.isEnterpriseInstall && q.enterpriseId ? `E:${q.enterpriseId}` : q.teamId ? `T:${q.teamId}` : null;
      if (key) await repo.delete(key);
      tokens.forget(q.teamId ?? undefined);
      if (!q.teamId) tokens.forget();
    },
  };
}

function queryOf(query: InstallationQuery<boolean>) {
  return {
    teamId: query.teamId ?? null,
    enterpriseId: query.enterpriseId ?? null,
    isEnterpriseInstall: query.isEnterpriseInstall,
  };
}

/** The installation as Bolt reads it: bot token and ids, no refresh token (see the module doc). */
function toBolt(i: InstallationRecord): Installation<"v2", boolean> {
  return {
    team: i.teamId
      ? { id: i.teamId, ...(i.details.teamName ? { name: i.details.teamName } : {}) }
      : undefined,
    enterprise: i.enterpriseId
      ? { id: i.enterpriseId, ...(i.details.enterpriseName ? { name: i.details.enterpriseName } : {}) }
      : undefined,
    user: { id: i.details.installerUserId ?? "", token: undefined, scopes: undefined },
    bot: { token: i.botToken, scopes: i.botScopes, id: i.botId ?? "", userId: i.botUserId },
    ...(i.appId ? { appId: i.appId } : {}),
    tokenType: "bot",
    isEnterpriseInstall: i.isEnterpriseInstall,
    authVersion: "v2",
  } as Installation<"v2", boolean>;
}
