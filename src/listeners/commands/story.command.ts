import { STORY_LIMITS } from "../../domain/story.js";
import { cleanLine } from "../../domain/story.schema.js";
import { Commands } from "../../slack/ids.js";
import { storyModal } from "../../views/story-modal.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

/** `/story [title]`: opens the capture modal at once (trigger ids expire after 3 s). */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.command(Commands.story, async ({ ack, command, client }) => {
    await ack();
    // Refuse before the form is filled in (a ForbiddenError becomes a private message saying who can).
    await deps.access.require(command.team_id, command.user_id, "story.create");
    const title = cleanLine(command.text).slice(0, STORY_LIMITS.title);
    await client.views.open({
      trigger_id: command.trigger_id,
      view: storyModal({ title, channelId: command.channel_id }),
    });
  });
}
