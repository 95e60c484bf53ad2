import { parsePlacement } from "../../domain/request.js";
import { parseStoryForm } from "../../domain/story.schema.js";
import { isAppError } from "../../lib/errors.js";
import { viewContext } from "../../slack/context.js";
import { errorOn, onForm } from "../../slack/form-errors.js";
import { StoryBlocks, ViewIds } from "../../slack/ids.js";
import { readStoryForm, readStoryMetadata, readStoryPlacement } from "../../slack/parsers/story-form.js";
import { tellPrivately } from "../../slack/reply.js";
import { storyCreatedMessage } from "../../views/story.view.js";
import { storyFieldToBlock } from "../../views/story-modal.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";
import { afterStorySaved, saveStoryFromModal } from "./story-capture-followups.js";

const SAVE_FAILED =
  "I couldn't save the story just now. Please try again in a moment; your text is still here.";

/**
 * Story modal submitted. Validation errors go back onto the fields. The save is one local
 * SQLite transaction (milliseconds), done *before* ack so a failure can keep the modal
 * open with the person's text intact instead of losing it.
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.view(ViewIds.storyCreate, async ({ ack, view, body, client }) => {
    const { teamId, userId, appId } = viewContext(body);
    const parse = () => parseStoryForm(readStoryForm(view.state.values));
    const draft = await onForm(ack, parse, storyFieldToBlock, { fallback: StoryBlocks.title });
    if (!draft.ok) return;
    const metadata = readStoryMetadata(view.private_metadata);
    let saved: Awaited<ReturnType<typeof saveStoryFromModal>>;
    try {
      const placement = parsePlacement(readStoryPlacement(view.state.values));
      saved = await saveStoryFromModal(deps, { teamId, userId, draft: draft.value, metadata, placement });
    } catch (error) {
      // Whatever went wrong, the modal stays open with the person's text.
      deps.logger.error("story save failed", { error, teamId, user: userId });
      return ack(errorOn(StoryBlocks.title, isAppError(error) ? error.userMessage : SAVE_FAILED));
    }
    await ack();
    // A new story is saved at the bottom: its position is the backlog's size then, no need to
    // count again. An accepted request may have been placed higher up.
    const backlogSize = saved.request
      ? (await deps.stories.backlog({ teamId, limit: 1 })).total
      : saved.entry.position;
    const reply = storyCreatedMessage(saved.entry, backlogSize);
    await tellPrivately(client, { userId, channelId: metadata.channelId }, reply);
    await afterStorySaved(client, deps, {
      teamId,
      userId,
      appId,
      ...saved,
      metadata,
      backlogSize,
    });
  });
}
