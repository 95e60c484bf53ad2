import { ITEM_STATUSES } from "../../domain/sprint.js";
import { SprintIds } from "../../slack/ids.js";
import { parsePositiveInt, parseStatusValue, readCarryChoices } from "../../slack/parsers/sprint-form.js";
import {
  sprintClosedMessage,
  sprintFeedbackModal,
  sprintNoteModal,
  sprintPlanMessage,
  sprintReviewMessage,
  sprintStatusMessage,
} from "../../views/sprint.view.js";
import type { ListenerDeps } from "../deps.js";
import { refreshHomes } from "../events/home-publish.js";
import type { ListenerRegistry } from "../registry.js";

interface ActionBody {
  team?: { id?: string } | null;
  user: { id: string; team_id?: string };
  trigger_id?: string;
  channel?: { id?: string };
  state?: { values?: unknown };
}
const ctx = (body: unknown) => {
  const b = body as ActionBody;
  return {
    teamId: b.team?.id ?? b.user.team_id ?? "",
    userId: b.user.id,
    triggerId: b.trigger_id ?? "",
    channelId: b.channel?.id ?? null,
    values: b.state?.values,
  };
};
const actionValue = (action: unknown) => (action as { value?: string }).value;

/**
 * Sprint buttons: plan (add/remove), item status, demo link / reason, close with carry-over,
 * and the review's goal confirmation and feedback. Each replaces the message it came from.
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.action(SprintIds.add, async ({ ack, action, body, respond, client }) => {
    await ack();
    const c = ctx(body);
    const plan = await deps.sprints.addItem({ ...c, storyNumber: parsePositiveInt(actionValue(action)) });
    await respond({ response_type: "ephemeral", replace_original: true, ...sprintPlanMessage(plan) });
    await refreshHomes(client, deps, c.teamId); // Home shows the running sprint's items
  });

  r.action(SprintIds.remove, async ({ ack, action, body, respond, client }) => {
    await ack();
    const c = ctx(body);
    const plan = await deps.sprints.removeItem({ ...c, storyNumber: parsePositiveInt(actionValue(action)) });
    await respond({ response_type: "ephemeral", replace_original: true, ...sprintPlanMessage(plan) });
    await refreshHomes(client, deps, c.teamId);
  });

  for (const s of ITEM_STATUSES) {
    r.action(`${SprintIds.status}_${s}`, async ({ ack, action, body, respond, client }) => {
      await ack();
      const c = ctx(body);
      const view = await deps.sprints.setStatus({ ...c, ...parseStatusValue(actionValue(action)) });
      await respond({ response_type: "ephemeral", replace_original: true, ...sprintStatusMessage(view) });
      await refreshHomes(client, deps, c.teamId);
    });
  }

  r.action(SprintIds.note, async ({ ack, action, body, client }) => {
    await ack();
    const c = ctx(body);
    const number = parsePositiveInt(actionValue(action));
    const view = await deps.sprints.status(c.teamId);
    const item = view.items.find((i) => i.story.number === number);
    if (!item) return;
    await client.views.open({ trigger_id: c.triggerId, view: sprintNoteModal(item) });
  });

  // Choosing where an item goes only changes the message's state; Close reads it.
  r.action(SprintIds.carry, async ({ ack }) => {
    await ack();
  });

  r.action(SprintIds.close, async ({ ack, body, respond, client }) => {
    await ack();
    const c = ctx(body);
    const result = await deps.sprints.close({ ...c, choices: readCarryChoices(c.values) });
    await respond({ response_type: "ephemeral", replace_original: true, ...sprintClosedMessage(result) });
    await refreshHomes(client, deps, c.teamId); // the sprint leaves Home; carried items move in the backlog
  });

  for (const [id, met] of [
    [SprintIds.goalMet, true],
    [SprintIds.goalMissed, false],
  ] as const) {
    r.action(id, async ({ ack, action, body, respond }) => {
      await ack();
      const c = ctx(body);
      const review = await deps.sprints.confirmGoal({
        ...c,
        sprintId: parsePositiveInt(actionValue(action)),
        met,
      });
      await respond({ replace_original: true, ...sprintReviewMessage(review) });
    });
  }

  r.action(SprintIds.giveFeedback, async ({ ack, action, body, client }) => {
    await ack();
    const c = ctx(body);
    const sprintId = parsePositiveInt(actionValue(action));
    const review = await deps.sprints.review(c.teamId, sprintId);
    await client.views.open({
      trigger_id: c.triggerId,
      view: sprintFeedbackModal({ sprintId, channelId: c.channelId }, review.sprint.name),
    });
  });
}
