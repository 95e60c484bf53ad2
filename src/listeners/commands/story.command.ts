import { STORY_LIMITS } from "../../domain/story.js";
import { cleanLine } from "../../domain/story.schema.js";
import { commandContext } from "../../slack/context.js";
import { Commands } from "../../slack/ids.js";
import { storyModal } from "../../views/story-modal.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

/** `/story [title]`: opens the capture modal at once (trigger ids expire after 3 s). */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.command(Commands.story, async ({ ack, command, client }) => {
    await ack();
    const { teamId, userId, channelId, triggerId, text } = commandContext(command);
    // Refuse before the form is filled in (a ForbiddenError becomes a private message saying who can).
    await deps.access.require(teamId, userId, "story.create");
    const title = cleanLine(text).slice(0, STORY_LIMITS.title);
    await client.views.open({ trigger_id: triggerId, view: storyModal({ title, channelId }) });
  });
}
