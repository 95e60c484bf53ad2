import { parsePlacement } from "../../domain/request.js";
import { parseStoryForm } from "../../domain/story.schema.js";
import { isAppError, ValidationError } from "../../lib/errors.js";
import { StoryBlocks, ViewIds } from "../../slack/ids.js";
import { readStoryForm, readStoryMetadata, readStoryPlacement } from "../../slack/parsers/story-form.js";
import { replyPrivately } from "../../slack/private-reply.js";
import { storyCreatedMessage } from "../../views/story.view.js";
import { storyFieldToBlock } from "../../views/story-modal.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";
import { afterStorySaved, saveStoryFromModal } from "./story-capture-followups.js";

/**
 * Story modal submitted. Validation errors go back onto the fields. The save is one local
 * SQLite transaction (milliseconds), done *before* ack so a failure can keep the modal
 * open with the person's text intact instead of losing it.
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.view(ViewIds.storyCreate, async ({ ack, view, body, client }) => {
    const teamId = body.team?.id ?? body.user.team_id ?? "";
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

    const metadata = readStoryMetadata(view.private_metadata);
    let saved: Awaited<ReturnType<typeof saveStoryFromModal>>;
    try {
      const placement = parsePlacement(readStoryPlacement(view.state.values));
      saved = await saveStoryFromModal(deps, { teamId, userId: body.user.id, draft, metadata, placement });
    } catch (error) {
      deps.logger.error("story save failed", { error, teamId, user: body.user.id });
      const message = isAppError(error)
        ? error.userMessage
        : "I couldn't save the story just now. Please try again in a moment; your text is still here.";
      await ack({ response_action: "errors", errors: { [StoryBlocks.title]: message } });
      return;
    }
    await ack();
    const { entry } = saved;

    const backlog = await deps.stories.backlog({ teamId, limit: 1 });
    const { channelId } = metadata;
    await replyPrivately(
      client,
      { userId: body.user.id, channelId },
      storyCreatedMessage(entry, backlog.total),
    );
    await afterStorySaved(client, deps, {
      teamId,
      userId: body.user.id,
      appId: body.api_app_id ?? null,
      ...saved,
      metadata,
      backlogSize: backlog.total,
    });
  });
}
