import type { WebClient } from "@slack/web-api";
import { parseDeclineReason } from "../../domain/request.js";
import { isAppError, ValidationError } from "../../lib/errors.js";
import { RequestBlocks, ViewIds } from "../../slack/ids.js";
import { parseStoryNumber, readTriageMetadata, readTriageText } from "../../slack/parsers/request-form.js";
import { replaceViaResponseUrl } from "../../slack/response-url.js";
import { requestDeclinedDm, requestMergedDm, triageMessage } from "../../views/request.view.js";
import type { SlackMessage } from "../../views/story.view.js";
import type { ListenerDeps } from "../deps.js";
import { refreshHomes } from "../events/home-publish.js";
import type { ListenerRegistry } from "../registry.js";

/**
 * Merge and decline modals submitted. Known errors (not a story, already decided by someone
 * else, not allowed) go back onto the modal's field; after the decision the requester gets a
 * DM and the `/backlog triage` message it came from is refreshed.
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.view(ViewIds.requestMerge, async ({ ack, view, body, client }) => {
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const meta = readTriageMetadata(view.private_metadata);
    const storyNumber = parseStoryNumber(readTriageText(view.state.values, RequestBlocks.story));
    if (storyNumber === null) {
      await ack({
        response_action: "errors",
        errors: { [RequestBlocks.story]: "Type a story number, e.g. 12." },
      });
      return;
    }
    let result: Awaited<ReturnType<typeof deps.requests.merge>>;
    try {
      result = await deps.requests.merge({
        teamId,
        userId: body.user.id,
        requestId: meta.requestId,
        storyNumber,
      });
    } catch (error) {
      if (!isAppError(error)) throw error;
      await ack({ response_action: "errors", errors: { [RequestBlocks.story]: error.userMessage } });
      return;
    }
    await ack();
    await tellRequester(
      client,
      deps,
      result.request.requesterId,
      requestMergedDm(result.request, result.story),
    );
    await refreshTriage(deps, teamId, body.user.id, meta.responseUrl);
    await refreshHomes(client, deps, teamId);
  });

  r.view(ViewIds.requestDecline, async ({ ack, view, body, client }) => {
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const meta = readTriageMetadata(view.private_metadata);
    let request: Awaited<ReturnType<typeof deps.requests.decline>>;
    try {
      const reason = parseDeclineReason(readTriageText(view.state.values, RequestBlocks.reason));
      request = await deps.requests.decline({
        teamId,
        userId: body.user.id,
        requestId: meta.requestId,
        reason,
      });
    } catch (error) {
      if (!isAppError(error)) throw error;
      const message =
        error instanceof ValidationError
          ? (Object.values(error.fieldErrors)[0] ?? error.userMessage)
          : error.userMessage;
      await ack({ response_action: "errors", errors: { [RequestBlocks.reason]: message } });
      return;
    }
    await ack();
    await tellRequester(client, deps, request.requesterId, requestDeclinedDm(request));
    await refreshTriage(deps, teamId, body.user.id, meta.responseUrl);
    await refreshHomes(client, deps, teamId);
  });
}

const UNREACHABLE = new Set([
  "cannot_dm_bot",
  "user_not_found",
  "user_disabled",
  "account_inactive",
  "channel_not_found",
]);

async function tellRequester(client: WebClient, deps: ListenerDeps, userId: string, message: SlackMessage) {
  try {
    await client.chat.postMessage({ channel: userId, ...message });
  } catch (error) {
    const code = (error as { data?: { error?: string } })?.data?.error;
    if (!code || !UNREACHABLE.has(code)) throw error;
    deps.logger.warn("could not DM the requester", { user: userId, code });
  }
}

async function refreshTriage(deps: ListenerDeps, teamId: string, userId: string, responseUrl: string | null) {
  if (!responseUrl) return;
  const page = await deps.requests.inbox({ teamId, userId });
  if (!(await replaceViaResponseUrl(responseUrl, triageMessage(page)))) {
    deps.logger.info("triage message not refreshed (response_url expired)", { teamId });
  }
}
