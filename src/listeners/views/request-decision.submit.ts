import type { WebClient } from "@slack/web-api";
import { parseDeclineReason } from "../../domain/request.js";
import { isSlackError, slackErrorCode } from "../../slack/api-errors.js";
import { viewContext } from "../../slack/context.js";
import { errorOn, onForm } from "../../slack/form-errors.js";
import { RequestBlocks, ViewIds } from "../../slack/ids.js";
import {
  parseStoryNumber,
  readShareReason,
  readTriageMetadata,
  readTriageText,
} from "../../slack/parsers/request-form.js";
import { replaceViaResponseUrl } from "../../slack/reply.js";
import type { SlackMessage } from "../../views/message.js";
import { requestDeclinedDm, requestMergedDm, triageMessage } from "../../views/request.view.js";
import type { ListenerDeps } from "../deps.js";
import { refreshHomes } from "../events/home-publish.js";
import type { ListenerRegistry } from "../registry.js";

/**
 * Merge and decline modals submitted. Known errors (not a story, already decided by someone
 * else, not allowed) go back onto the modal's field; after the decision the requester gets a
 * DM and the `/backlog triage` message it came from is refreshed.
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  /** After the decision: the requester's DM, the triage message it came from, open Home tabs. */
  async function decided(
    client: WebClient,
    c: { teamId: string; userId: string },
    requester: string,
    dm: SlackMessage,
    responseUrl: string | null,
  ) {
    await tellRequester(client, deps, requester, dm);
    await refreshTriage(deps, c.teamId, c.userId, responseUrl);
    await refreshHomes(client, deps, c.teamId);
  }

  r.view(ViewIds.requestMerge, async ({ ack, view, body, client }) => {
    const c = viewContext(body);
    const meta = readTriageMetadata(view.private_metadata);
    const storyNumber = parseStoryNumber(readTriageText(view.state.values, RequestBlocks.story));
    if (storyNumber === null) return ack(errorOn(RequestBlocks.story, "Type a story number, e.g. 12."));
    const merge = () =>
      deps.requests.merge({ teamId: c.teamId, userId: c.userId, requestId: meta.requestId, storyNumber });
    const result = await onForm(ack, merge, {}, { fallback: RequestBlocks.story, appErrors: true });
    if (!result.ok) return;
    await ack();
    const { request, story } = result.value;
    await decided(client, c, request.requesterId, requestMergedDm(request, story), meta.responseUrl);
  });

  r.view(ViewIds.requestDecline, async ({ ack, view, body, client }) => {
    const c = viewContext(body);
    const meta = readTriageMetadata(view.private_metadata);
    const decline = () => {
      const reason = parseDeclineReason(readTriageText(view.state.values, RequestBlocks.reason));
      const shareReason = readShareReason(view.state.values);
      const input = { teamId: c.teamId, userId: c.userId, requestId: meta.requestId, reason, shareReason };
      return deps.requests.decline(input);
    };
    const result = await onForm(ack, decline, {}, { fallback: RequestBlocks.reason, appErrors: true });
    if (!result.ok) return;
    await ack();
    const request = result.value;
    await decided(client, c, request.requesterId, requestDeclinedDm(request), meta.responseUrl);
  });
}

/** DMs the requester; someone who left or can't be messaged is only logged (the decision stands). */
async function tellRequester(client: WebClient, deps: ListenerDeps, userId: string, message: SlackMessage) {
  try {
    await client.chat.postMessage({ channel: userId, ...message });
  } catch (error) {
    if (!isSlackError(error, "user", "channel")) throw error;
    deps.logger.warn("could not DM the requester", { user: userId, code: slackErrorCode(error) });
  }
}

async function refreshTriage(deps: ListenerDeps, teamId: string, userId: string, responseUrl: string | null) {
  if (!responseUrl) return;
  const page = await deps.requests.inbox({ teamId, userId });
  if (!(await replaceViaResponseUrl(responseUrl, triageMessage(page)))) {
    deps.logger.info("triage message not refreshed (response_url expired)", { teamId });
  }
}
