/**
 * What the story modal does beyond `/story` (issue 5, capture from conversations):
 * a story from a message links the message and replies in its thread; a story from a
 * request accepts the request (same transaction) and tells the requester by DM.
 */
import type { WebClient } from "@slack/web-api";
import type { Placement, StakeholderRequest } from "../../domain/request.js";
import type { BacklogEntry, StoryDraft } from "../../domain/story.js";
import { isSlackError } from "../../slack/api-errors.js";
import { appLink, capturedInThreadMessage } from "../../views/capture.view.js";
import { requestAcceptedDm } from "../../views/request.view.js";
import type { StoryModalMetadata } from "../../views/story-modal.view.js";
import type { ListenerDeps } from "../deps.js";
import { refreshHomes } from "../events/home-publish.js";

/** Saves the story: plain create, or accepting the request in the metadata. */
export async function saveStoryFromModal(
  deps: ListenerDeps,
  input: {
    teamId: string;
    userId: string;
    draft: StoryDraft;
    metadata: StoryModalMetadata;
    placement?: Placement | null;
  },
): Promise<{ entry: BacklogEntry; request: StakeholderRequest | null }> {
  const { teamId, userId, metadata } = input;
  const permalink = metadata.source?.permalink ?? null;
  const draft = permalink ? { ...input.draft, sourcePermalink: permalink } : input.draft;
  if (metadata.requestId) {
    const placement = input.placement ?? null;
    return deps.requests.accept({ teamId, userId, requestId: metadata.requestId, draft, placement });
  }
  return { entry: await deps.stories.createStory({ teamId, userId, draft }), request: null };
}

/** "Can't post there" (channel gone, bot not in it, person left), not "something is broken". */
const unreachable = (error: unknown) => isSlackError(error, "channel", "user");

/** After ack: the thread reply and/or the requester's DM. Unreachable targets are logged, not fatal. */
export async function afterStorySaved(
  client: WebClient,
  deps: ListenerDeps,
  input: {
    teamId: string;
    userId: string;
    appId: string | null;
    entry: BacklogEntry;
    request: StakeholderRequest | null;
    metadata: StoryModalMetadata;
    backlogSize: number;
  },
): Promise<void> {
  const { metadata, entry } = input;
  const tasks: Promise<unknown>[] = [];
  if (metadata.source) {
    const source = metadata.source;
    const message = capturedInThreadMessage({
      entry,
      capturedBy: input.userId,
      backlogSize: input.backlogSize,
      storyUrl: appLink({ appId: input.appId, teamId: input.teamId }),
    });
    tasks.push(
      client.chat
        .postMessage({
          channel: source.channelId,
          thread_ts: source.threadTs ?? source.messageTs,
          unfurl_links: false,
          ...message,
        })
        .catch((error: unknown) => {
          if (!unreachable(error)) throw error;
          deps.logger.warn("could not reply in the source thread", { channel: source.channelId, error });
        }),
    );
  }
  if (input.request) {
    const request = input.request;
    tasks.push(
      client.chat
        .postMessage({ channel: request.requesterId, ...requestAcceptedDm(request, entry) })
        .catch((error: unknown) => {
          if (!unreachable(error)) throw error;
          deps.logger.warn("could not DM the requester", { user: request.requesterId, error });
        }),
    );
  }
  // The backlog changed: refresh the Home tabs people have open.
  tasks.push(refreshHomes(client, deps, input.teamId));
  await Promise.all(tasks);
}
