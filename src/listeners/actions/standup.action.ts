import type { KnownBlock } from "@slack/types";
import { StandupIds } from "../../slack/ids.js";
import { parseStandupButtonId } from "../../slack/parsers/standup-form.js";
import { md, mrkdwnSafe } from "../../views/format.js";
import { standupNote } from "../../views/standup.view.js";
import { standupAnswerModal, standupSetupModal } from "../../views/standup-modals.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

const buttonValue = (action: unknown) => (action as { value?: unknown }).value;

/** Standup buttons: write my standup (DM prompt, picker), resolve a blocker, edit/delete from the list. */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.action(new RegExp(`^${StandupIds.openAnswer}(_\\d+)?$`), async ({ ack, action, body, client }) => {
    await ack();
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const form = await deps.standups.answerForm(
      teamId,
      body.user.id,
      parseStandupButtonId(buttonValue(action)),
    );
    const triggerId = (body as { trigger_id?: string }).trigger_id ?? "";
    await client.views.open({ trigger_id: triggerId, view: standupAnswerModal(form) });
  });

  r.action(StandupIds.resolveBlocker, async ({ ack, action, body, respond }) => {
    await ack();
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    // The thread message and the report update through the outbox; only the clicker gets a note.
    const blocker = await deps.standups.resolveBlocker(
      teamId,
      body.user.id,
      parseStandupButtonId(buttonValue(action)),
    );
    const note = standupNote(md`✅ Marked resolved: “${mrkdwnSafe(blocker.text, 200)}”.`);
    await respond({
      response_type: "ephemeral",
      replace_original: false,
      text: note.text,
      blocks: note.blocks as KnownBlock[],
    });
  });

  r.action(StandupIds.edit, async ({ ack, action, body, client }) => {
    await ack();
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const standup = await deps.standups.forEditing(
      teamId,
      body.user.id,
      parseStandupButtonId(buttonValue(action)),
    );
    const triggerId = (body as { trigger_id?: string }).trigger_id ?? "";
    await client.views.open({
      trigger_id: triggerId,
      view: standupSetupModal({ settings: standup, standupId: standup.id }),
    });
  });

  r.action(StandupIds.delete, async ({ ack, action, body, respond }) => {
    await ack();
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const standup = await deps.standups.remove(
      teamId,
      body.user.id,
      parseStandupButtonId(buttonValue(action)),
    );
    const note = standupNote(
      md`🗑️ Deleted *${mrkdwnSafe(standup.name, 80)}*. No more prompts; past reports stay in the channel.`,
    );
    await respond({
      response_type: "ephemeral",
      replace_original: true,
      text: note.text,
      blocks: note.blocks as KnownBlock[],
    });
  });
}
