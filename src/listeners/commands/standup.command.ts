import { NotFoundError } from "../../lib/errors.js";
import { commandContext } from "../../slack/context.js";
import { StandupIds } from "../../slack/ids.js";
import { parseStandupCommand } from "../../slack/parsers/standup-form.js";
import { privateReplier } from "../../slack/reply.js";
import {
  standupHelpMessage,
  standupListMessage,
  standupPickerMessage,
  standupStatsMessage,
} from "../../views/standup.view.js";
import { standupAnswerModal, standupSetupModal } from "../../views/standup-modals.view.js";
import {
  notInAnyStandupNote,
  standupAwayNote,
  standupBackNote,
  standupDeletedNote,
} from "../../views/standup-replies.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

/**
 * `/standup` opens the answer form (a picker when the person is in several standups);
 * `/standup setup|list|edit N|delete N|away FROM TO|back|stats|help`.
 * Modals open right after the ack: trigger ids expire after 3 s.
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.command(StandupIds.command, async ({ ack, command, client, respond }) => {
    await ack();
    const { teamId, userId, channelId, triggerId, text } = commandContext(command);
    const reply = privateReplier(respond);
    const open = async (view: Parameters<typeof client.views.open>[0]["view"]) =>
      void (await client.views.open({ trigger_id: triggerId, view }));
    const parsed = parseStandupCommand(text);
    switch (parsed.kind) {
      case "setup": {
        const settings = await deps.standups.defaults(teamId, userId, channelId);
        return open(standupSetupModal({ settings, standupId: null }));
      }
      case "edit": {
        const standup = await deps.standups.forEditing(teamId, userId, parsed.id);
        return open(standupSetupModal({ settings: standup, standupId: standup.id }));
      }
      case "delete":
        return reply(standupDeletedNote((await deps.standups.remove(teamId, userId, parsed.id)).name));
      case "list": {
        const items = await deps.standups.list(teamId);
        // One admin lookup for the whole list, not one per standup.
        const admin =
          items.some(({ standup }) => standup.ownerId !== userId) &&
          (await deps.users.isWorkspaceAdmin(teamId, userId).catch(() => false));
        const withRights = items.map(({ standup }) => ({
          standup,
          canManage: standup.ownerId === userId || admin,
        }));
        return reply(standupListMessage(withRights));
      }
      case "away":
        return reply(standupAwayNote(await deps.standups.setAway(teamId, userId, parsed.from, parsed.to)));
      case "back":
        return reply(standupBackNote(await deps.standups.back(teamId, userId)));
      case "stats":
        return reply(standupStatsMessage(await deps.standups.stats(teamId, userId)));
      case "help":
      case "unknown":
        return reply(standupHelpMessage());
      case "answer": {
        const mine = await deps.standups.standupsOf(teamId, userId);
        const name = (parsed.name ?? "").toLowerCase();
        const named = name ? mine.filter((s) => s.name.toLowerCase().includes(name)) : mine;
        if (mine.length === 0) return reply(notInAnyStandupNote());
        if (named.length === 0) throw new NotFoundError(`a standup called “${parsed.name}” that you're in`);
        if (named.length > 1) return reply(standupPickerMessage(named));
        return open(standupAnswerModal(await deps.standups.answerForm(teamId, userId, named[0]?.id ?? 0)));
      }
    }
  });
}
