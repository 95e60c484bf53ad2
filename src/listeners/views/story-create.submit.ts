import type { WebClient } from "@slack/web-api";
import { parsePlacement } from "../../domain/request.js";
import type { StoryDraft } from "../../domain/story.js";
import {
  isCertainlyValidStoryForm,
  parseStoryForm,
  type StoryFormInput,
  storyDraftAsTyped,
} from "../../domain/story.schema.js";
import { isAppError } from "../../lib/errors.js";
import { viewContext } from "../../slack/context.js";
import { checkForm, errorOn } from "../../slack/form-errors.js";
import { StoryBlocks, ViewIds } from "../../slack/ids.js";
import {
  mayNameRequest,
  readStoryForm,
  readStoryMetadata,
  readStoryPlacement,
  storyRetryValue,
} from "../../slack/parsers/story-form.js";
import { tellPrivately } from "../../slack/reply.js";
import { storyCreatedMessage } from "../../views/story.view.js";
import { type StoryModalMetadata, storyFieldToBlock, storyFormFields } from "../../views/story-modal.view.js";
import { storyNotSavedMessage } from "../../views/story-not-saved.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";
import { afterStorySaved, saveStoryFromModal } from "./story-capture-followups.js";

const SAVE_FAILED =
  "I couldn't save the story just now. Please try again in a moment; your text is still here.";
const SAVE_FAILED_AFTER_ACK =
  "Something went wrong on my side while saving it; it usually works a moment later.";

/**
 * Story modal submitted. Validation errors go back onto the fields: a form that can't fail (a
 * quick check that builds nothing) is acked first and parsed after; any other is parsed before
 * the ack, without the database.
 *
 * A new story is acked first and saved right after (acks first: a save before the ack costs every
 * request queued behind it). Should the save fail once the modal has closed — the person lost the
 * right to add stories meanwhile, or the database failed — they get a private message with all they
 * typed and a "Try again" button that reopens the form with it: nothing is lost. Accepting a
 * stakeholder request still saves before its ack: it can conflict with a teammate's triage (already
 * accepted, merged), and that answer belongs on the form.
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.view(
    ViewIds.storyCreate,
    async ({ ack, view, body, client }) => {
      const form = readStoryForm(view.state.values);
      // A new story whose form can't fail (nearly every one) is acked before anything else is
      // done: it is parsed, and its sender read, in its turn after the ack, from the few parts of
      // the payload kept for that (docs/performance.md, "the ack path of a story submission").
      // `return`, not `await`: this frame, which holds the whole submitted view, ends here.
      if (!mayNameRequest(view.private_metadata) && isCertainlyValidStoryForm(form))
        return parseAfterAck(ack, client, deps, {
          who: senderOf(body),
          privateMetadata: view.private_metadata,
          form,
        });
      // Otherwise the full parse comes first (without an await), its errors onto the fields.
      const draft = checkForm(() => parseStoryForm(form), storyFieldToBlock, { fallback: StoryBlocks.title });
      if (!draft.ok) return ack(draft.response);
      const submitted = submittedOf(body, view.private_metadata, draft.value);
      if (submitted.metadata.requestId == null) return saveAfterAck(ack, client, deps, submitted);
      const { teamId, userId } = submitted;
      let saved: Saved;
      try {
        const placement = parsePlacement(readStoryPlacement(view.state.values));
        saved = await saveStoryFromModal(deps, { ...submitted, placement });
      } catch (error) {
        // Whatever went wrong, the modal stays open with the person's text.
        deps.logger.error("story save failed", { error, teamId, user: userId });
        return ack(errorOn(StoryBlocks.title, isAppError(error) ? error.userMessage : SAVE_FAILED));
      }
      return replyAfterAck(ack, client, deps, submitted, saved);
    },
    "trigger",
  );
}

/** The parts of the payload that say who submitted it (for `viewContext`), without the view. */
function senderOf(body: unknown): unknown {
  const b = body as Record<string, unknown>;
  return { team: b.team, enterprise: b.enterprise, user: b.user, api_app_id: b.api_app_id };
}

function submittedOf(who: unknown, privateMetadata: string | undefined, draft: StoryDraft): Submitted {
  const { teamId, userId, appId } = viewContext(who);
  return { teamId, userId, appId, draft, metadata: readStoryMetadata(privateMetadata) };
}

/** A new story's submission as kept for after its ack: small, read when its turn comes. */
interface Unread {
  who: unknown;
  privateMetadata: string | undefined;
  form: StoryFormInput;
}

/** What the rest of a submission needs, small. */
interface Submitted {
  teamId: string;
  userId: string;
  appId: string | null;
  draft: StoryDraft;
  metadata: StoryModalMetadata;
}

type Saved = Awaited<ReturnType<typeof saveStoryFromModal>>;

/**
 * A new story acked before its parse: parsed and saved in its turn. Its form passed
 * `isCertainlyValidStoryForm`, so the parse can't fail (a property test holds the two together);
 * were it to fail all the same, the person gets their text back privately, with the reason.
 */
async function parseAfterAck(ack: () => Promise<void>, client: WebClient, deps: ListenerDeps, u: Unread) {
  await ack();
  const { teamId, userId, appId } = viewContext(u.who);
  const metadata = readStoryMetadata(u.privateMetadata);
  let draft: StoryDraft;
  try {
    draft = parseStoryForm(u.form);
  } catch (error) {
    deps.logger.error("a story form taken as valid before its ack failed its parse", {
      error,
      teamId,
      user: userId,
    });
    const reason = isAppError(error) ? error.userMessage : SAVE_FAILED_AFTER_ACK;
    await tellNotSaved(client, userId, storyDraftAsTyped(u.form), metadata, reason, true);
    return;
  }
  await save(client, deps, { teamId, userId, appId, draft, metadata });
}

/** A new story parsed before its ack: saved in its turn after it. */
async function saveAfterAck(ack: () => Promise<void>, client: WebClient, deps: ListenerDeps, s: Submitted) {
  await ack();
  await save(client, deps, s);
}

/** Saves a new story after its ack; a failed save is told privately with the text. */
async function save(client: WebClient, deps: ListenerDeps, s: Submitted) {
  let saved: Saved;
  try {
    saved = await saveStoryFromModal(deps, s);
  } catch (error) {
    deps.logger.error("story save after ack failed", { error, teamId: s.teamId, user: s.userId });
    const reason = isAppError(error) ? error.userMessage : SAVE_FAILED_AFTER_ACK;
    await tellNotSaved(client, s.userId, s.draft, s.metadata, reason, !isAppError(error));
    return;
  }
  await reply(client, deps, s, saved);
}

/** An accepted request: saved before the ack (its conflicts belong on the form), replied after. */
async function replyAfterAck(
  ack: () => Promise<void>,
  client: WebClient,
  deps: ListenerDeps,
  s: Submitted,
  saved: Saved,
) {
  await ack();
  await reply(client, deps, s, saved);
}

async function reply(client: WebClient, deps: ListenerDeps, s: Submitted, saved: Saved) {
  const { teamId, userId, metadata } = s;
  // A new story is saved at the bottom: its position is the backlog's size then, no need to
  // count again. An accepted request may have been placed higher up.
  const backlogSize = saved.request
    ? (await deps.stories.backlog({ teamId, limit: 1 })).total
    : saved.entry.position;
  await tellPrivately(
    client,
    { userId, channelId: metadata.channelId },
    storyCreatedMessage(saved.entry, backlogSize),
  );
  await afterStorySaved(client, deps, { teamId, userId, appId: s.appId, ...saved, metadata, backlogSize });
}

/**
 * The modal is closed and the story unsaved: a DM (it stays, unlike an ephemeral message) with the
 * person's text, and a "Try again" button when trying again can help (not after a refusal).
 */
async function tellNotSaved(
  client: WebClient,
  userId: string,
  draft: StoryDraft,
  metadata: StoryModalMetadata,
  reason: string,
  retryable: boolean,
): Promise<void> {
  const retryValue = retryable ? storyRetryValue(storyFormFields(draft), metadata) : null;
  await client.chat.postMessage({ channel: userId, ...storyNotSavedMessage({ draft, reason, retryValue }) });
}
