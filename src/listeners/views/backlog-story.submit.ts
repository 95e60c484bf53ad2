/**
 * Modal submissions of the PO backlog: the story modal in edit mode, "move to position", split.
 * Validation errors go back onto the fields; the change is saved before ack so a failure keeps
 * the modal open with the person's text; then the `/backlog` message is refreshed in place, and
 * then the Home tabs people have open (`refreshHomes`: coalesced per team, failures only logged).
 */
import type { WebClient } from "@slack/web-api";
import { parseStoryForm } from "../../domain/story.schema.js";
import { viewContext } from "../../slack/context.js";
import { errorOn, onForm } from "../../slack/form-errors.js";
import { BacklogIds, StoryBlocks } from "../../slack/ids.js";
import {
  parseActionMetadata,
  parseEditMetadata,
  readPosition,
  readSplitForm,
  readStoryLinks,
} from "../../slack/parsers/backlog-po.js";
import { readStoryForm } from "../../slack/parsers/story-form.js";
import { replaceViaResponseUrl, tellPrivately } from "../../slack/reply.js";
import { moveNotice, savedNotice, splitNotice } from "../../views/backlog-notices.view.js";
import { noteMessage } from "../../views/backlog-po.view.js";
import { storyFieldToBlock } from "../../views/story-modal.view.js";
import { renderBacklog } from "../commands/backlog/render.js";
import type { ListenerDeps } from "../deps.js";
import { refreshHomes } from "../events/home-publish.js";
import type { ListenerRegistry } from "../registry.js";

const EXPIRED = "This form has expired: open it again from /backlog.";

interface Who {
  teamId: string;
  userId: string;
}

/** Shows the `/backlog` page at `url` again with `notice` on top; an expired URL is only logged. */
async function refreshList(deps: ListenerDeps, url: string | null, who: Who, notice: string) {
  if (!url) return;
  const message = await renderBacklog(deps, { ...who, notice });
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
  who: Who,
  c: {
    responseUrl: string | null | undefined;
    channelId: string | null | undefined;
    notice: string;
    homesChanged: boolean;
  },
): Promise<void> {
  try {
    if (c.responseUrl) await refreshList(deps, c.responseUrl, who, c.notice);
    else
      await tellPrivately(
        client,
        { userId: who.userId, channelId: c.channelId ?? null },
        noteMessage(c.notice),
      );
  } finally {
    if (c.homesChanged) await refreshHomes(client, deps, who.teamId);
  }
}

export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.view(BacklogIds.storyEditModal, async ({ ack, view, body, client }) => {
    const who = viewContext(body);
    const meta = parseEditMetadata(view.private_metadata);
    if (!meta) return ack(errorOn(StoryBlocks.title, EXPIRED));
    const parse = () => parseStoryForm(readStoryForm(view.state.values));
    const draft = await onForm(ack, parse, storyFieldToBlock, { fallback: StoryBlocks.title });
    if (!draft.ok) return;
    const { teamId, userId } = who;
    const links = readStoryLinks(view.state.values);
    const edit = () =>
      deps.backlog.edit({ teamId, userId, storyNumber: meta.storyNumber, draft: draft.value, ...links });
    const result = await onForm(ack, edit, {}, { fallback: StoryBlocks.title, appErrors: true });
    if (!result.ok) return;
    await ack();
    const { story, changed } = result.value;
    const notice = savedNotice(story, changed.length);
    // An unchanged save changes nobody's Home.
    const homesChanged = changed.length > 0;
    await confirmChange(deps, client, who, {
      responseUrl: meta.responseUrl,
      channelId: meta.channelId,
      notice,
      homesChanged,
    });
  });

  r.view(BacklogIds.moveToModal, async ({ ack, view, body, client }) => {
    const who = viewContext(body);
    const meta = parseActionMetadata(view.private_metadata);
    const position = readPosition(view.state.values);
    if (!meta || position === null)
      return ack(errorOn(BacklogIds.positionBlock, "Type a position: a whole number from 1."));
    const move = () =>
      deps.backlog.move({
        teamId: who.teamId,
        userId: who.userId,
        storyNumber: meta.n,
        move: { kind: "to", position },
      });
    const moved = await onForm(ack, move, {}, { fallback: BacklogIds.positionBlock, appErrors: true });
    if (!moved.ok) return;
    await ack();
    const result = moved.value;
    await refreshList(deps, meta.r, who, moveNotice(result));
    if (result.moved) await refreshHomes(client, deps, who.teamId);
  });

  r.view(BacklogIds.splitModal, async ({ ack, view, body, client }) => {
    const who = viewContext(body);
    const meta = parseActionMetadata(view.private_metadata);
    if (!meta) return ack(errorOn(BacklogIds.splitFirstTitle, EXPIRED));
    const split = () =>
      deps.backlog.split({
        teamId: who.teamId,
        userId: who.userId,
        storyNumber: meta.n,
        ...readSplitForm(view.state.values),
      });
    const blocks = { first: BacklogIds.splitFirstTitle, second: BacklogIds.splitSecondTitle };
    const result = await onForm(ack, split, blocks, {
      fallback: BacklogIds.splitFirstTitle,
      appErrors: true,
    });
    if (!result.ok) return;
    await ack();
    const notice = splitNotice(result.value);
    await confirmChange(deps, client, who, {
      responseUrl: meta.r,
      channelId: meta.c,
      notice,
      homesChanged: true,
    });
  });
}
