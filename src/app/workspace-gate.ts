/**
 * Requests from a stopped workspace (uninstalled, bot token revoked, purged) never reach the
 * listeners: its token is dead, so nothing could be answered through Slack's API anyway, and a
 * listener would write new data for a workspace whose data is waiting to be deleted. A slash
 * command is answered in its ack (no token needed) with what happened and how to come back.
 *
 * Nothing here resumes a workspace: a request from it is not proof of a reinstall (Slack may still
 * deliver events queued before the uninstall, and in single-token mode a reinstall issues a new
 * token this process doesn't have). Resuming is the install flow's `onInstalled` (OAuth), a start
 * with a bot token that `auth.test` confirms (single-token), or the lifecycle's `resumeWorkspace`.
 */
import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import type { Logger } from "../lib/logger.js";
import type { WorkspaceLifecycle } from "../services/workspace-lifecycle.service.js";
import { workspaceStoppedText } from "../views/workspace-stopped.view.js";

/** The events that stop a workspace pass even when it is stopped already (duplicates, either order). */
const LIFECYCLE_EVENTS = new Set(["app_uninstalled", "tokens_revoked"]);

interface Body {
  type?: unknown;
  command?: unknown;
  team_id?: unknown;
  team?: { id?: unknown } | null;
  user?: { team_id?: unknown } | null;
  event?: { type?: unknown };
}

/** The workspace a request comes from: the envelope's team for events and commands, else `team.id`. */
function teamOf(b: Body): string | null {
  for (const id of [b.team_id, b.team?.id, b.user?.team_id]) if (typeof id === "string" && id) return id;
  return null;
}

export function createWorkspaceGate(deps: {
  lifecycle: Pick<WorkspaceLifecycle, "stoppedReason" | "cachedStoppedReason" | "status">;
  logger: Logger;
}): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const body = args.body as Body;
    const teamId = teamOf(body);
    const eventType = body.event?.type;
    if (!teamId || (typeof eventType === "string" && LIFECYCLE_EVENTS.has(eventType))) {
      await args.next();
      return;
    }
    // The cached answer without an await: this runs before every ack, and each await there lets
    // the other requests' work go first (docs/development-acks.md, rule 5).
    const cached = deps.lifecycle.cachedStoppedReason(teamId);
    const reason = cached !== undefined ? cached : await deps.lifecycle.stoppedReason(teamId);
    if (!reason) {
      await args.next();
      return;
    }
    deps.logger.info("request from a stopped workspace ignored", {
      teamId,
      reason,
      type: body.type ?? "command",
    });
    const ack = (args as { ack?: (response?: unknown) => Promise<void> }).ack;
    if (!ack) return; // events: Bolt acked them already
    if (typeof body.command === "string") {
      const state = await deps.lifecycle.status(teamId);
      await ack({
        response_type: "ephemeral",
        text: workspaceStoppedText(reason, state?.purgeAfter ?? null),
      });
    } else await ack();
  };
}
