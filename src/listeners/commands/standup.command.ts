import type { KnownBlock } from "@slack/types";
import { NotFoundError } from "../../lib/errors.js";
import { StandupIds } from "../../slack/ids.js";
import { parseStandupCommand } from "../../slack/parsers/standup-form.js";
import { md, mrkdwnSafe, ours } from "../../views/format.js";
import {
  dayLabel,
  standupHelpMessage,
  standupListMessage,
  standupNote,
  standupPickerMessage,
  standupStatsMessage,
} from "../../views/standup.view.js";
import { standupAnswerModal, standupSetupModal } from "../../views/standup-modals.view.js";
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
    const teamId = command.team_id;
    const userId = command.user_id;
    const reply = (m: { text: string; blocks: unknown[] }) =>
      respond({ response_type: "ephemeral", text: m.text, blocks: m.blocks as KnownBlock[] });
    const parsed = parseStandupCommand(command.text);
    switch (parsed.kind) {
      case "setup": {
        const settings = await deps.standups.defaults(teamId, userId, command.channel_id);
        await client.views.open({
          trigger_id: command.trigger_id,
          view: standupSetupModal({ settings, standupId: null }),
        });
        return;
      }
      case "edit": {
        const standup = await deps.standups.forEditing(teamId, userId, parsed.id);
        await client.views.open({
          trigger_id: command.trigger_id,
          view: standupSetupModal({ settings: standup, standupId: standup.id }),
        });
        return;
      }
      case "delete": {
        const standup = await deps.standups.remove(teamId, userId, parsed.id);
        await reply(
          standupNote(
            md`🗑️ Deleted *${mrkdwnSafe(standup.name, 80)}*. No more prompts; past reports stay in the channel.`,
          ),
        );
        return;
      }
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
        await reply(standupListMessage(withRights));
        return;
      }
      case "away": {
        const range = await deps.standups.setAway(teamId, userId, parsed.from, parsed.to);
        await reply(
          standupNote(
            md`🌴 Got it: no standup prompts from *${ours(dayLabel(range.from))}* to *${ours(dayLabel(range.to))}* (inclusive). You'll show as away in the reports. \`/standup back\` ends it early.`,
          ),
        );
        return;
      }
      case "back": {
        const result = await deps.standups.back(teamId, userId);
        const upcoming = result.upcoming.map((u) => `${dayLabel(u.from)}–${dayLabel(u.to)}`).join(", ");
        await reply(
          standupNote(
            result.ended > 0
              ? md`👋 Welcome back! You'll be prompted again from your next standup.${ours(upcoming ? ` Planned absences still on: ${upcoming}.` : "")}`
              : md`You weren't marked away today.${ours(upcoming ? ` Planned absences: ${upcoming}.` : "")}`,
          ),
        );
        return;
      }
      case "stats":
        await reply(standupStatsMessage(await deps.standups.stats(teamId, userId)));
        return;
      case "help":
      case "unknown":
        await reply(standupHelpMessage());
        return;
      case "answer": {
        const mine = await deps.standups.standupsOf(teamId, userId);
        const named = parsed.name
          ? mine.filter((s) => s.name.toLowerCase().includes((parsed.name ?? "").toLowerCase()))
          : mine;
        if (mine.length === 0) {
          await reply(
            standupNote(
              md`You're not in any standup. Create one with \`/standup setup\`, or see \`/standup help\`.`,
            ),
          );
          return;
        }
        if (named.length === 0)
          throw new NotFoundError(`a standup called “${mrkdwnSafe(parsed.name ?? "", 80)}” that you're in`);
        if (named.length > 1) {
          await reply(standupPickerMessage(named));
          return;
        }
        const form = await deps.standups.answerForm(teamId, userId, named[0]?.id ?? 0);
        await client.views.open({ trigger_id: command.trigger_id, view: standupAnswerModal(form) });
        return;
      }
    }
  });
}
