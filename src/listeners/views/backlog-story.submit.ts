/**
 * Modal submissions of the PO backlog: the story modal in edit mode, "move to position", split.
 * Validation errors go back onto the fields; the change is saved before ack so a failure keeps
 * the modal open with the person's text; then the `/backlog` message is refreshed in place, and
 * then the Home tabs people have open (`refreshHomes`: coalesced per team, failures only logged).
 */
import type { AckFn, ViewResponseAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { parseStoryForm } from "../../domain/story.schema.js";
import { isAppError, ValidationError } from "../../lib/errors.js";
import { BacklogIds, StoryBlocks } from "../../slack/ids.js";
import {
  parseActionMetadata,
  parseEditMetadata,
  readLinkSelect,
  readPosition,
  readSplitForm,
} from "../../slack/parsers/backlog-po.js";
import { readStoryForm } from "../../slack/parsers/story-form.js";
import { replyPrivately } from "../../slack/private-reply.js";
import { replaceViaResponseUrl } from "../../slack/response-url.js";
import { noteMessage } from "../../views/backlog-po.view.js";
import { storyFieldToBlock } from "../../views/story-modal.view.js";
import { renderBacklog } from "../commands/backlog-po.js";
import type { ListenerDeps } from "../deps.js";
import { refreshHomes } from "../events/home-publish.js";
import type { ListenerRegistry } from "../registry.js";

/** Known errors become a message on `block`; unknown ones are rethrown to the global handler. */
async function failOn(
  ack: AckFn<ViewResponseAction> | AckFn<void>,
  block: string,
  error: unknown,
): Promise<void> {
  if (!isAppError(error)) throw error;
  await (ack as AckFn<ViewResponseAction>)({
    response_action: "errors",
    errors: { [block]: error.userMessage.slice(0, 1900) },
  });
}

async function refreshList(
  deps: ListenerDeps,
  url: string | null,
  teamId: string,
  userId: string,
  notice: string,
) {
  if (!url) return;
  const message = await renderBacklog(deps, { teamId, userId, notice });
  await replaceViaResponseUrl(url, message).catch((error: unknown) => {
    deps.logger.warn("could not refresh the /backlog message", { error });
  });
}

/**
 * After a saved change: the /backlog message it came from shows the list again with `notice`
 * (or, without one, the person gets `notice` privately), then open Home tabs follow. The change
 * stands even if the reply fails, so Homes are refreshed either way.
 */
async function confirmChange(
  deps: ListenerDeps,
  client: WebClient,
  c: {
    teamId: string;
    userId: string;
    responseUrl: string | null | undefined;
    channelId: string | null | undefined;
    notice: string;
    homesChanged: boolean;
  },
): Promise<void> {
  try {
    if (c.responseUrl) await refreshList(deps, c.responseUrl, c.teamId, c.userId, c.notice);
    else
      await replyPrivately(
        client,
        { userId: c.userId, channelId: c.channelId ?? null },
        noteMessage(c.notice),
      );
  } finally {
    if (c.homesChanged) await refreshHomes(client, deps, c.teamId);
  }
}

export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.view(BacklogIds.storyEditModal, async ({ ack, view, body, client }) => {
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const userId = body.user.id;
    const meta = parseEditMetadata(view.private_metadata);
    if (!meta) {
      await ack({
        response_action: "errors",
        errors: { [StoryBlocks.title]: "This form has expired: open it again from /backlog." },
      });
      return;
    }
    let draft: ReturnType<typeof parseStoryForm>;
    try {
      draft = parseStoryForm(readStoryForm(view.state.values));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const errors: Record<string, string> = {};
      for (const [field, message] of Object.entries(error.fieldErrors)) {
        errors[storyFieldToBlock[field] ?? StoryBlocks.title] = message;
      }
      await ack({ response_action: "errors", errors });
      return;
    }
    const goalId = readLinkSelect(view.state.values, BacklogIds.goalBlock);
    const featureId = readLinkSelect(view.state.values, BacklogIds.featureBlock);
    let result: Awaited<ReturnType<typeof deps.backlog.edit>>;
    try {
      result = await deps.backlog.edit({
        teamId,
        userId,
        storyNumber: meta.storyNumber,
        draft,
        ...(goalId !== undefined ? { goalId } : {}),
        ...(featureId !== undefined ? { featureId } : {}),
      });
    } catch (error) {
      return failOn(ack, StoryBlocks.title, error);
    }
    await ack();
    const { story, changed } = result;
    const notice = changed.length
      ? `✏️ Saved *#${story.number}* (${changed.length} change${changed.length === 1 ? "" : "s"}).`
      : `No changes to #${story.number}.`;
    // An unchanged save changes nobody's Home.
    await confirmChange(deps, client, {
      teamId,
      userId,
      responseUrl: meta.responseUrl,
      channelId: meta.channelId,
      notice,
      homesChanged: changed.length > 0,
    });
  });

  r.view(BacklogIds.moveToModal, async ({ ack, view, body, client }) => {
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const userId = body.user.id;
    const meta = parseActionMetadata(view.private_metadata);
    const position = readPosition(view.state.values);
    if (!meta || position === null) {
      await ack({
        response_action: "errors",
        errors: { [BacklogIds.positionBlock]: "Type a position: a whole number from 1." },
      });
      return;
    }
    let result: Awaited<ReturnType<typeof deps.backlog.move>>;
    try {
      result = await deps.backlog.move({
        teamId,
        userId,
        storyNumber: meta.n,
        move: { kind: "to", position },
      });
    } catch (error) {
      return failOn(ack, BacklogIds.positionBlock, error);
    }
    await ack();
    await refreshList(
      deps,
      meta.r,
      teamId,
      userId,
      result.moved
        ? `↕️ Moved *#${result.story.number}* from position ${result.fromPosition} to ${result.toPosition} of ${result.total}.`
        : `#${result.story.number} is already at position ${result.toPosition}.`,
    );
    if (result.moved) await refreshHomes(client, deps, teamId);
  });

  r.view(BacklogIds.splitModal, async ({ ack, view, body, client }) => {
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const userId = body.user.id;
    const meta = parseActionMetadata(view.private_metadata);
    if (!meta) {
      await ack({
        response_action: "errors",
        errors: { [BacklogIds.splitFirstTitle]: "This form has expired: open it again from /backlog." },
      });
      return;
    }
    const form = readSplitForm(view.state.values);
    let result: Awaited<ReturnType<typeof deps.backlog.split>>;
    try {
      result = await deps.backlog.split({ teamId, userId, storyNumber: meta.n, ...form });
    } catch (error) {
      if (error instanceof ValidationError) {
        await ack({
          response_action: "errors",
          errors: {
            ...(error.fieldErrors.first ? { [BacklogIds.splitFirstTitle]: error.fieldErrors.first } : {}),
            ...(error.fieldErrors.second ? { [BacklogIds.splitSecondTitle]: error.fieldErrors.second } : {}),
          },
        });
        return;
      }
      return failOn(ack, BacklogIds.splitFirstTitle, error);
    }
    await ack();
    const notice = `✂️ Split *#${result.original.number}* in two: #${result.original.number} and *#${result.created.number}* (position ${result.position}). Both need a new estimate.`;
    await confirmChange(deps, client, {
      teamId,
      userId,
      responseUrl: meta.r,
      channelId: meta.c,
      notice,
      homesChanged: true,
    });
  });
}
