import { viewContext } from "../../slack/context.js";
import { onForm } from "../../slack/form-errors.js";
import { DigestIds } from "../../slack/ids.js";
import { readDigestSetupForm, readDigestSetupMetadata } from "../../slack/parsers/digest-form.js";
import { tellPrivately } from "../../slack/reply.js";
import { digestSavedMessage } from "../../views/digest-setup.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

const FIELD_BLOCKS = {
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
    const { teamId, userId } = viewContext(body);
    const settings = readDigestSetupForm(view.state.values);
    const meta = readDigestSetupMetadata(view.private_metadata);
    // Saved before ack (local transaction + schedule row) so errors land on the fields.
    const setup = () => deps.digests.setup({ teamId, userId, appId: meta.appId, settings });
    const saved = await onForm(ack, setup, FIELD_BLOCKS, { fallback: DigestIds.channelsBlock });
    if (!saved.ok) return;
    await ack();
    const { digest, nextLocalDate } = saved.value;
    await tellPrivately(
      client,
      { userId, channelId: meta.channelId },
      digestSavedMessage({ settings: digest, nextLocalDate }),
    );
  });
}
