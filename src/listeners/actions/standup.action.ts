import { actionContext, clickedElement } from "../../slack/context.js";
import { StandupIds } from "../../slack/ids.js";
import { parseStandupButtonId } from "../../slack/parsers/standup-form.js";
import { ephemeralAside, replaceOriginal } from "../../slack/reply.js";
import { md, mrkdwnSafe } from "../../views/format.js";
import { standupNote } from "../../views/standup.view.js";
import { standupAnswerModal, standupSetupModal } from "../../views/standup-modals.view.js";
import { standupDeletedNote } from "../../views/standup-replies.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

/** Standup buttons: write my standup (DM prompt, picker), resolve a blocker, edit/delete from the list. */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.action(new RegExp(`^${StandupIds.openAnswer}(_\\d+)?$`), async ({ ack, action, body, client }) => {
    await ack();
    const { teamId, userId, triggerId } = actionContext(body);
    const form = await deps.standups.answerForm(
      teamId,
      userId,
      parseStandupButtonId(clickedElement(action).value),
    );
    await client.views.open({ trigger_id: triggerId, view: standupAnswerModal(form) });
  });

  r.action(StandupIds.resolveBlocker, async ({ ack, action, body, respond }) => {
    await ack();
    const { teamId, userId } = actionContext(body);
    // The thread message and the report update through the outbox; only the clicker gets a note.
    const id = parseStandupButtonId(clickedElement(action).value);
    const blocker = await deps.standups.resolveBlocker(teamId, userId, id);
    await respond(ephemeralAside(standupNote(md`✅ Marked resolved: “${mrkdwnSafe(blocker.text, 200)}”.`)));
  });

  r.action(StandupIds.edit, async ({ ack, action, body, client }) => {
    await ack();
    const { teamId, userId, triggerId } = actionContext(body);
    const standup = await deps.standups.forEditing(
      teamId,
      userId,
      parseStandupButtonId(clickedElement(action).value),
    );
    await client.views.open({
      trigger_id: triggerId,
      view: standupSetupModal({ settings: standup, standupId: standup.id }),
    });
  });

  r.action(StandupIds.delete, async ({ ack, action, body, respond }) => {
    await ack();
    const { teamId, userId } = actionContext(body);
    const standup = await deps.standups.remove(
      teamId,
      userId,
      parseStandupButtonId(clickedElement(action).value),
    );
    await respond(replaceOriginal(standupDeletedNote(standup.name)));
  });
}
