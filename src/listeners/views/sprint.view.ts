import type { WebClient } from "@slack/web-api";
import { parseSprintForm } from "../../domain/sprint.js";
import { AppError, ValidationError } from "../../lib/errors.js";
import { SprintIds } from "../../slack/ids.js";
import {
  readFeedback,
  readFeedbackMetadata,
  readSprintForm,
  readSprintModalMetadata,
  readSprintNote,
  readSprintNoteMetadata,
} from "../../slack/parsers/sprint-form.js";
import { replyPrivately } from "../../slack/private-reply.js";
import { md, mrkdwnSafe } from "../../views/format.js";
import { sprintStartedMessage } from "../../views/sprint.view.js";
import type { ListenerDeps } from "../deps.js";
import { refreshHomes } from "../events/home-publish.js";
import type { ListenerRegistry } from "../registry.js";

const FIELD_TO_BLOCK: Record<string, string> = {
  name: SprintIds.nameBlock,
  goal: SprintIds.goalBlock,
  startsOn: SprintIds.startsBlock,
  endsOn: SprintIds.endsBlock,
  definitionOfDone: SprintIds.dodBlock,
  reviewTime: SprintIds.reviewTimeBlock,
};

/** Posts the sprint start in its channel, or privately when the bot can't post there. */
async function announceStart(
  client: WebClient,
  userId: string,
  channelId: string | null,
  message: ReturnType<typeof sprintStartedMessage>,
): Promise<void> {
  if (channelId && !channelId.startsWith("D")) {
    try {
      await client.chat.postMessage({ channel: channelId, ...message });
      return;
    } catch (error) {
      // Not in the channel: tell the person privately instead.
      const code = (error as { data?: { error?: string } }).data?.error;
      if (!code || !["not_in_channel", "channel_not_found", "is_archived"].includes(code)) throw error;
    }
  }
  await replyPrivately(client, { userId, channelId }, message);
}

/** Sprint modals: start (validated onto the fields), demo link / reason, review feedback. */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.view(SprintIds.startModal, async ({ ack, view, body, client }) => {
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    let draft: ReturnType<typeof parseSprintForm>;
    try {
      draft = parseSprintForm(readSprintForm(view.state.values));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const errors: Record<string, string> = {};
      for (const [field, message] of Object.entries(error.fieldErrors)) {
        errors[FIELD_TO_BLOCK[field] ?? SprintIds.nameBlock] = message;
      }
      await ack({ response_action: "errors", errors });
      return;
    }
    const { channelId, timeZone } = readSprintModalMetadata(view.private_metadata);
    let started: Awaited<ReturnType<typeof deps.sprints.start>>;
    try {
      started = await deps.sprints.start({ teamId, userId: body.user.id, channelId, timeZone, draft });
    } catch (error) {
      // A refusal or a sprint still running: say so on the form (it stays open).
      if (!(error instanceof AppError)) throw error;
      await ack({ response_action: "errors", errors: { [SprintIds.nameBlock]: error.userMessage } });
      return;
    }
    const { sprint, carried } = started;
    await ack();
    await announceStart(client, body.user.id, channelId, sprintStartedMessage(sprint, carried));
    await refreshHomes(client, deps, teamId); // Home shows the running sprint
  });

  r.view(SprintIds.noteModal, async ({ ack, view, body }) => {
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const { storyNumber } = readSprintNoteMetadata(view.private_metadata);
    const note = readSprintNote(view.state.values);
    if (note.demoLink && !/^https?:\/\/\S+$/i.test(note.demoLink)) {
      await ack({
        response_action: "errors",
        errors: { [SprintIds.demoBlock]: "A link starts with https://" },
      });
      return;
    }
    await deps.sprints.setNote({ teamId, userId: body.user.id, storyNumber, ...note });
    await ack();
  });

  r.view(SprintIds.feedbackModal, async ({ ack, view, body, client }) => {
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const text = readFeedback(view.state.values);
    if (!text) {
      await ack({
        response_action: "errors",
        errors: { [SprintIds.feedbackBlock]: "Write your feedback first." },
      });
      return;
    }
    const { sprintId, channelId } = readFeedbackMetadata(view.private_metadata);
    const { requestId } = await deps.sprints.feedback({
      teamId,
      userId: body.user.id,
      sprintId,
      channelId,
      text,
    });
    await ack();
    await replyPrivately(
      client,
      { userId: body.user.id, channelId },
      {
        text: md`Thanks for the feedback`,
        blocks: [
          {
            type: "section",
            text: {
              type: "mrkdwn",
              text: `🙏 Thanks! Your feedback “${mrkdwnSafe(text, 300)}” is in the product owner's triage inbox${
                requestId ? ` as request #${requestId}` : ""
              }.`,
            },
          },
        ],
      },
    );
  });
}
