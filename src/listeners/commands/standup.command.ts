import type { View } from "@slack/types";
import { NotFoundError, said } from "../../lib/errors.js";
import { type CommandContext, commandContext } from "../../slack/context.js";
import { StandupIds } from "../../slack/ids.js";
import { parseStandupCommand } from "../../slack/parsers/standup-form.js";
import { privateReplier } from "../../slack/reply.js";
import type { SlackMessage } from "../../views/message.js";
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

/** Every standup, with Edit/Delete for the ones this person may manage (their own; admins: all). */
async function standupList(deps: ListenerDeps, { teamId, userId }: CommandContext): Promise<SlackMessage> {
  const items = await deps.standups.list(teamId);
  // One admin lookup for the whole list, not one per standup.
  const admin =
    items.some(({ standup }) => standup.ownerId !== userId) &&
    (await deps.users.isWorkspaceAdmin(teamId, userId).catch(() => false));
  return standupListMessage(
    items.map(({ standup }) => ({ standup, canManage: standup.ownerId === userId || admin })),
  );
}

/**
 * `/standup [name]`: the answer form of the person's standup (the one whose name contains `name`),
 * a picker when several match, or a note when they are in none.
 */
async function answerOrPick(
  deps: ListenerDeps,
  { teamId, userId }: CommandContext,
  name: string | null,
): Promise<SlackMessage | View> {
  const mine = await deps.standups.standupsOf(teamId, userId);
  const wanted = (name ?? "").toLowerCase();
  const named = wanted ? mine.filter((s) => s.name.toLowerCase().includes(wanted)) : mine;
  if (mine.length === 0) return notInAnyStandupNote();
  if (named.length === 0)
    throw new NotFoundError(
      said`a standup called “${name ?? ""}” that you're in; \`/standup list\` shows yours`,
    );
  if (named.length > 1) return standupPickerMessage(named);
  return standupAnswerModal(await deps.standups.answerForm(teamId, userId, named[0]?.id ?? 0));
}

/**
 * `/standup` opens the answer form (a picker when the person is in several standups);
 * `/standup setup|list|edit N|delete N|away FROM TO|back|stats|help`.
 * Modals open right after the ack: trigger ids expire after 3 s.
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.command(StandupIds.command, async ({ ack, command, client, respond }) => {
    await ack();
    const ctx = commandContext(command);
    const { teamId, userId } = ctx;
    const reply = privateReplier(respond);
    const open = async (view: View) => void (await client.views.open({ trigger_id: ctx.triggerId, view }));
    const parsed = parseStandupCommand(ctx.text);
    switch (parsed.kind) {
      case "setup": {
        await deps.access.require(teamId, userId, "standup.create");
        const settings = await deps.standups.defaults(teamId, userId, ctx.channelId);
        return open(standupSetupModal({ settings, standupId: null }));
      }
      case "edit": {
        const standup = await deps.standups.forEditing(teamId, userId, parsed.id);
        return open(standupSetupModal({ settings: standup, standupId: standup.id }));
      }
      case "delete":
        return reply(standupDeletedNote((await deps.standups.remove(teamId, userId, parsed.id)).name));
      case "list":
        return reply(await standupList(deps, ctx));
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
        const next = await answerOrPick(deps, ctx, parsed.name);
        return "type" in next ? open(next) : reply(next);
      }
    }
  });
}
