import { parseStandupSettings, type StandupSettings } from "../../domain/standup/index.js";
import { isAppError, ValidationError } from "../../lib/errors.js";
import type { ChannelAccessResult } from "../../services/digest.service.js";
import { StandupIds } from "../../slack/ids.js";
import {
  readSetupMetadata,
  readStandupSetupForm,
  SETUP_FIELD_BLOCKS,
} from "../../slack/parsers/standup-form.js";
import { channelRef, md, mrkdwnSafe, ours } from "../../views/format.js";
import { standupNote } from "../../views/standup.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

const CHANNEL_PROBLEM: Record<Exclude<ChannelAccessResult, "ok">, string> = {
  not_in_channel: "I'm not a member of that channel: invite me there with `/invite @scrumbot`",
  channel_not_found:
    "I can't see that channel (private or deleted): invite me there with `/invite @scrumbot` or pick another one",
  is_archived: "that channel is archived: pick another one with `/standup list` → Edit",
};

/** Setup modal submitted: field errors on the fields; else create/update, then confirm by DM. */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.view(StandupIds.setupView, async ({ ack, view, body, client }) => {
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const userId = body.user.id;
    const { standupId } = readSetupMetadata(view.private_metadata);
    let settings: StandupSettings;
    try {
      settings = parseStandupSettings(readStandupSetupForm(view.state.values));
      // Checked before closing the modal, so a refusal shows on the form.
      if (standupId !== null) await deps.standups.forEditing(teamId, userId, standupId);
    } catch (error) {
      if (!isAppError(error)) throw error;
      const errors: Record<string, string> = {};
      if (error instanceof ValidationError) {
        for (const [field, message] of Object.entries(error.fieldErrors)) {
          errors[SETUP_FIELD_BLOCKS[field] ?? StandupIds.nameBlock] = message;
        }
      } else {
        errors[StandupIds.nameBlock] = error.userMessage;
      }
      await ack({ response_action: "errors", errors });
      return;
    }
    await ack();
    const standup =
      standupId === null
        ? await deps.standups.create(teamId, userId, settings)
        : await deps.standups.update(teamId, userId, standupId, settings);
    const verb = standupId === null ? "created" : "updated";
    // Tell the owner now, not hours later when the first report fails to post.
    const access = await deps.channels.check(teamId, standup.channelId);
    const channelNote =
      access === "ok" ? "" : ` ⚠️ But ${CHANNEL_PROBLEM[access]}, so the report can't be posted there yet.`;
    await client.chat.postMessage({
      channel: userId,
      ...standupNote(
        md`✅ Standup *${mrkdwnSafe(standup.name, 80)}* ${ours(verb)}: ${standup.participants.length} participant(s) are asked at ${ours(standup.promptTime)} ${ours(standup.timeZoneMode === "fixed" ? `(${standup.fixedTimeZone})` : "in their own time zone")}; the report goes to ${channelRef(standup.channelId)}.${ours(channelNote)}`,
      ),
    });
  });
}
