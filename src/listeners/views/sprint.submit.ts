import { parseSprintForm } from "../../domain/sprint.js";
import { viewContext } from "../../slack/context.js";
import { onForm } from "../../slack/form-errors.js";
import { SprintIds } from "../../slack/ids.js";
import {
  readFeedback,
  readFeedbackMetadata,
  readSprintForm,
  readSprintModalMetadata,
  readSprintNote,
  readSprintNoteMetadata,
} from "../../slack/parsers/sprint-form.js";
import { postHereOrTellPrivately, tellPrivately } from "../../slack/reply.js";
import { sprintStartedMessage } from "../../views/sprint.view.js";
import { feedbackThanksMessage } from "../../views/sprint-feedback.view.js";
import type { ListenerDeps } from "../deps.js";
import { refreshHomes } from "../events/home-publish.js";
import type { ListenerRegistry } from "../registry.js";

const NOTE_BLOCKS = { demoLink: SprintIds.demoBlock, notDoneReason: SprintIds.reasonBlock };
const FEEDBACK_FORM = { fallback: SprintIds.feedbackBlock, appErrors: true };

const FIELD_BLOCKS = {
  name: SprintIds.nameBlock,
  goal: SprintIds.goalBlock,
  startsOn: SprintIds.startsBlock,
  endsOn: SprintIds.endsBlock,
  definitionOfDone: SprintIds.dodBlock,
  reviewTime: SprintIds.reviewTimeBlock,
};

/** Sprint modals: start (validated onto the fields), demo link / reason, review feedback. */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.view(SprintIds.startModal, async ({ ack, view, body, client }) => {
    const { teamId, userId } = viewContext(body);
    const options = { fallback: SprintIds.nameBlock };
    const draft = await onForm(
      ack,
      () => parseSprintForm(readSprintForm(view.state.values)),
      FIELD_BLOCKS,
      options,
    );
    if (!draft.ok) return;
    const { channelId, timeZone } = readSprintModalMetadata(view.private_metadata);
    // A refusal or a sprint still running: say so on the form (it stays open).
    const start = () => deps.sprints.start({ teamId, userId, channelId, timeZone, draft: draft.value });
    const started = await onForm(ack, start, FIELD_BLOCKS, { ...options, appErrors: true });
    if (!started.ok) return;
    await ack();
    // In its channel for everyone, or privately when the bot can't post there.
    const { sprint, carried } = started.value;
    await postHereOrTellPrivately(client, { userId, channelId }, sprintStartedMessage(sprint, carried));
    await refreshHomes(client, deps, teamId); // Home shows the running sprint
  });

  r.view(SprintIds.noteModal, async ({ ack, view, body }) => {
    const { teamId, userId } = viewContext(body);
    const { storyNumber } = readSprintNoteMetadata(view.private_metadata);
    const note = readSprintNote(view.state.values);
    // Checked and saved before the ack: a bad link or a too long reason stays on the form.
    const save = () => deps.sprints.setNote({ teamId, userId, storyNumber, ...note });
    const saved = await onForm(ack, save, NOTE_BLOCKS, { fallback: SprintIds.reasonBlock, appErrors: true });
    if (!saved.ok) return;
    await ack();
  });

  r.view(SprintIds.feedbackModal, async ({ ack, view, body, client }) => {
    const { teamId, userId } = viewContext(body);
    const text = readFeedback(view.state.values);
    const { sprintId, channelId } = readFeedbackMetadata(view.private_metadata);
    const save = () => deps.sprints.feedback({ teamId, userId, sprintId, channelId, text });
    const saved = await onForm(ack, save, { text: SprintIds.feedbackBlock }, FEEDBACK_FORM);
    if (!saved.ok) return;
    const { requestId } = saved.value;
    await ack();
    await tellPrivately(client, { userId, channelId }, feedbackThanksMessage(text, requestId));
  });
}
