/**
 * `/backlog dor [on|off <check>]`: the team's Definition of Ready with a toggle per check.
 * Anyone may read it; changing it takes the `/backlog size` permission (the service refuses
 * everyone else, naming who can; the global error handler tells them privately).
 */
import type { RespondFn, SlashCommand } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { ReadinessCheckId } from "../../domain/readiness.js";
import type { BacklogSettings } from "../../services/backlog.ports.js";
import { parseDorArgs } from "../../slack/parsers/backlog-dor.js";
import {
  dorChangedNotice,
  dorMessage,
  dorUsageMessage,
  unknownDorCheckMessage,
} from "../../views/backlog-dor.view.js";
import type { SlackMessage } from "../../views/story.view.js";
import type { ListenerDeps } from "../deps.js";
import { refreshHomes } from "../events/home-publish.js";

export { isDorArgs } from "../../slack/parsers/backlog-dor.js";

/** The checklist as this person sees it (with toggles when they may change it). */
export async function renderDor(
  deps: ListenerDeps,
  input: { teamId: string; userId: string; notice?: string },
): Promise<SlackMessage> {
  const [settings, canChange] = await Promise.all([
    deps.backlog.settings(input.teamId),
    deps.access.can(input.teamId, input.userId, "backlog.reorder"),
  ]);
  return dorMessage({
    sizeLimit: settings.sizeLimit,
    disabled: settings.dorDisabled,
    canChange,
    ...(input.notice ? { notice: input.notice } : {}),
  });
}

/** The checklist after `setDorCheck` (only people who may change it get here). */
export function changedDor(
  result: { settings: BacklogSettings; changed: boolean },
  check: ReadinessCheckId,
  enabled: boolean,
): SlackMessage {
  return dorMessage({
    sizeLimit: result.settings.sizeLimit,
    disabled: result.settings.dorDisabled,
    canChange: true,
    notice: dorChangedNotice(check, enabled, result.changed),
  });
}

export async function backlogDor(
  deps: ListenerDeps,
  command: SlashCommand,
  respond: RespondFn,
  client: WebClient,
): Promise<void> {
  const teamId = command.team_id;
  const userId = command.user_id;
  const reply = (m: SlackMessage) => respond({ response_type: "ephemeral", ...m });
  const args = parseDorArgs(command.text);
  switch (args.kind) {
    case "show":
      return void (await reply(await renderDor(deps, { teamId, userId })));
    case "usage":
      return void (await reply(dorUsageMessage()));
    case "unknown_check":
      return void (await reply(unknownDorCheckMessage(args.name, args.enabled)));
    case "set": {
      const result = await deps.backlog.setDorCheck({
        teamId,
        userId,
        check: args.check,
        enabled: args.enabled,
      });
      await reply(changedDor(result, args.check, args.enabled));
      // Home marks stories ✅/◻️ against the Definition of Ready.
      if (result.changed) await refreshHomes(client, deps, teamId);
      return;
    }
  }
}
