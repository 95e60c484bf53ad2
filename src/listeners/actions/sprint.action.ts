import { ITEM_STATUSES } from "../../domain/sprint.js";
import { isSlackError } from "../../slack/api-errors.js";
import { actionContext, clickedElement } from "../../slack/context.js";
import { SprintIds } from "../../slack/ids.js";
import { parsePositiveInt, parseStatusValue, readCarryChoices } from "../../slack/parsers/sprint-form.js";
import { ephemeralAside, replaceOriginal } from "../../slack/reply.js";
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
import { uploadBurndown } from "../sprint-burndown.js";

/**
 * Sprint buttons: plan (add/remove), item status, demo link / reason, close with carry-over,
 * and the review's goal confirmation and feedback. Each replaces the message it came from.
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  const planChanges = { [SprintIds.add]: "addItem", [SprintIds.remove]: "removeItem" } as const;
  for (const [id, change] of Object.entries(planChanges)) {
    r.action(id, async ({ ack, action, body, respond, client }) => {
      await ack();
      const { teamId, userId } = actionContext(body);
      const storyNumber = parsePositiveInt(clickedElement(action).value);
      const plan = await deps.sprints[change]({ teamId, userId, storyNumber });
      await respond(replaceOriginal(sprintPlanMessage(plan)));
      await refreshHomes(client, deps, teamId); // Home shows the running sprint's items
    });
  }

  for (const s of ITEM_STATUSES) {
    r.action(`${SprintIds.status}_${s}`, async ({ ack, action, body, respond, client }) => {
      await ack();
      const { teamId, userId } = actionContext(body);
      const view = await deps.sprints.setStatus({
        teamId,
        userId,
        ...parseStatusValue(clickedElement(action).value),
      });
      await respond(replaceOriginal(sprintStatusMessage(view)));
      await refreshHomes(client, deps, teamId);
    });
  }

  // Share in channel (on the private /sprint progress): the chart with the progress as its comment.
  r.action(SprintIds.share, async ({ ack, body, client, respond }) => {
    await ack();
    const { teamId, userId, channelId } = actionContext(body);
    // Posting in the channel is the one step that needs sprint.post (the private view doesn't).
    if (!(await deps.access.can(teamId, userId, "sprint.post"))) {
      await respond(ephemeralAside({ text: await deps.access.refusal(teamId, "sprint.post") }));
      return;
    }
    const view = await deps.sprints.status(teamId);
    try {
      if (!channelId) throw new Error("a Share in channel button outside a conversation");
      await uploadBurndown(deps, client, view, channelId);
      await respond(ephemeralAside({ text: "Shared the progress and burndown chart in the channel." }));
    } catch (error) {
      if (!isSlackError(error, "channel")) throw error;
      const text =
        "I couldn't share it here: invite me to this channel (`/invite @scrumbot`) and press it again.";
      await respond(ephemeralAside({ text }));
    }
  });

  r.action(SprintIds.note, async ({ ack, action, body, client }) => {
    await ack();
    const { teamId, triggerId } = actionContext(body);
    const number = parsePositiveInt(clickedElement(action).value);
    const item = (await deps.sprints.status(teamId)).items.find((i) => i.story.number === number);
    if (!item) return;
    await client.views.open({ trigger_id: triggerId, view: sprintNoteModal(item) });
  });

  // Choosing where an item goes only changes the message's state; Close reads it.
  r.action(SprintIds.carry, async ({ ack }) => {
    await ack();
  });

  r.action(SprintIds.close, async ({ ack, body, respond, client }) => {
    await ack();
    const { teamId, userId, stateValues } = actionContext(body);
    const result = await deps.sprints.close({ teamId, userId, choices: readCarryChoices(stateValues) });
    await respond(replaceOriginal(sprintClosedMessage(result)));
    await refreshHomes(client, deps, teamId); // the sprint leaves Home; carried items move in the backlog
  });

  for (const [id, met] of [
    [SprintIds.goalMet, true],
    [SprintIds.goalMissed, false],
  ] as const) {
    r.action(id, async ({ ack, action, body, respond }) => {
      await ack();
      const { teamId, userId } = actionContext(body);
      const sprintId = parsePositiveInt(clickedElement(action).value);
      const review = await deps.sprints.confirmGoal({ teamId, userId, sprintId, met });
      await respond({ replace_original: true, ...sprintReviewMessage(review) });
    });
  }

  r.action(SprintIds.giveFeedback, async ({ ack, action, body, client }) => {
    await ack();
    const { teamId, triggerId, channelId } = actionContext(body);
    const sprintId = parsePositiveInt(clickedElement(action).value);
    const review = await deps.sprints.review(teamId, sprintId);
    await client.views.open({
      trigger_id: triggerId,
      view: sprintFeedbackModal({ sprintId, channelId }, review.sprint.name),
    });
  });
}
