/**
 * OAuth mode: ties installations to the workspace lifecycle (docs/data-retention.md).
 * - An install or reinstall resumes a stopped workspace (within the grace period its data is
 *   still there; schedules run from their next occurrence).
 * - A stopped workspace (app_uninstalled, bot token revoked) loses its installation at once, so
 *   no job, outbox row or listener can call Slack with the dead token. An org-wide install is
 *   kept when one workspace of the org stops: the other workspaces still use it.
 */
import type { Logger } from "../lib/logger.js";
import type { WorkspaceLifecycle } from "../services/workspace-lifecycle.service.js";
import type { ScrumbotInstallationStore } from "../slack/installation-store.js";
import type { WorkspaceTokens } from "../slack/workspace-clients.js";

export function linkInstallationsToLifecycle(deps: {
  installationStore: ScrumbotInstallationStore;
  tokens: WorkspaceTokens;
  lifecycle: WorkspaceLifecycle;
  logger: Logger;
}): void {
  const { installationStore, tokens, lifecycle, logger } = deps;
  installationStore.onInstalled(async (teamId) => {
    if (await lifecycle.resumeWorkspace(teamId)) logger.info("reinstalled: workspace resumed", { teamId });
  });
  // Deletes the workspace's own install (`T:` key) only; an org-wide one (`E:`) stays. No lookup
  // first: it would try to refresh a token due for it with the already revoked refresh token.
  lifecycle.onStopped(async (teamId) => {
    // The stop itself is done and recorded; a failure here must not undo or repeat it.
    try {
      await installationStore.deleteInstallation?.({
        teamId,
        enterpriseId: undefined,
        isEnterpriseInstall: false,
      });
    } catch (error) {
      logger.error("could not delete the stopped workspace's installation", { teamId, error });
    }
    tokens.forget(teamId);
  });
}
