import { isSlackError } from "../../slack/api-errors.js";
import { ShortcutIds } from "../../slack/ids.js";
import { parseMessageShortcut, storyPrefillFromMessage } from "../../slack/parsers/message-shortcut.js";
import { storyModal } from "../../views/story-modal.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

/**
 * Message shortcut "Turn into story": the story modal prefilled from the message in the
 * payload, carrying the message's permalink and thread so the save can reply there.
 * A refusal (no `story.create`) is a ForbiddenError → ephemeral via the response URL.
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.shortcut(ShortcutIds.turnIntoStory, async ({ ack, shortcut, client }) => {
    await ack();
    const msg = parseMessageShortcut(shortcut);
    // Both before views.open (the trigger lives 3 s); run them side by side.
    const [, permalink] = await Promise.all([
      deps.access.require(msg.teamId, msg.userId, "story.create"),
      client.chat
        .getPermalink({ channel: msg.channelId, message_ts: msg.messageTs })
        .then((res) => res.permalink ?? null)
        .catch((error: unknown) => {
          // The message or channel is out of reach: no link, but still worth capturing.
          if (isSlackError(error, "channel", "message")) return null;
          throw error;
        }),
    ]);
    const { title, want } = storyPrefillFromMessage(msg.text);
    await client.views.open({
      trigger_id: msg.triggerId,
      view: storyModal({
        title,
        channelId: msg.channelId,
        prefill: { want },
        source: { channelId: msg.channelId, messageTs: msg.messageTs, threadTs: msg.threadTs, permalink },
      }),
    });
  });
}
