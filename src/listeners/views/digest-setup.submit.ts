import { ValidationError } from "../../lib/errors.js";
import { DigestIds } from "../../slack/ids.js";
import { readDigestSetupForm, readDigestSetupMetadata } from "../../slack/parsers/digest-form.js";
import { replyPrivately } from "../../slack/private-reply.js";
import { digestSavedMessage } from "../../views/digest-setup.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

const FIELD_TO_BLOCK: Record<string, string> = {
  channels: DigestIds.channelsBlock,
  days: DigestIds.daysBlock,
  time: DigestIds.timeBlock,
  timeZone: DigestIds.timeZoneBlock,
  sections: DigestIds.sectionsBlock,
  topN: DigestIds.topNBlock,
};

/** `/digest setup` submitted: validate onto the fields, save and (re)schedule, confirm privately. */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.view(DigestIds.setupModal, async ({ ack, view, body, client }) => {
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const settings = readDigestSetupForm(view.state.values);
    const meta = readDigestSetupMetadata(view.private_metadata);
    let saved: Awaited<ReturnType<typeof deps.digests.setup>>;
    try {
      // Saved before ack (local transaction + schedule row) so errors land on the fields.
      saved = await deps.digests.setup({ teamId, userId: body.user.id, appId: meta.appId, settings });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const errors: Record<string, string> = {};
      for (const [field, message] of Object.entries(error.fieldErrors)) {
        errors[FIELD_TO_BLOCK[field] ?? DigestIds.channelsBlock] = message;
      }
      await ack({ response_action: "errors", errors });
      return;
    }
    await ack();
    await replyPrivately(
      client,
      { userId: body.user.id, channelId: meta.channelId },
      digestSavedMessage({ settings: saved.digest, nextLocalDate: saved.nextLocalDate }),
    );
  });
}
