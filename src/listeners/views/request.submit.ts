import { parseRequestForm } from "../../domain/request.js";
import { ValidationError } from "../../lib/errors.js";
import { RequestBlocks, ViewIds } from "../../slack/ids.js";
import { readRequestForm, readRequestMetadata } from "../../slack/parsers/request-form.js";
import { replyPrivately } from "../../slack/private-reply.js";
import { requestSubmittedMessage } from "../../views/request.view.js";
import type { ListenerDeps } from "../deps.js";
import { refreshHomes } from "../events/home-publish.js";
import type { ListenerRegistry } from "../registry.js";

const FIELD_TO_BLOCK: Record<string, string> = {
  what: RequestBlocks.what,
  why: RequestBlocks.why,
  whoAsks: RequestBlocks.whoAsks,
  urgency: RequestBlocks.urgency,
};

/** `/request` submitted: validate onto the fields, save into the triage inbox, confirm privately. */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.view(ViewIds.requestSubmit, async ({ ack, view, body, client }) => {
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    let draft: ReturnType<typeof parseRequestForm>;
    try {
      draft = parseRequestForm(readRequestForm(view.state.values));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const errors: Record<string, string> = {};
      for (const [field, message] of Object.entries(error.fieldErrors)) {
        errors[FIELD_TO_BLOCK[field] ?? RequestBlocks.what] = message;
      }
      await ack({ response_action: "errors", errors });
      return;
    }
    const { channelId } = readRequestMetadata(view.private_metadata);
    // Saved before ack (one local transaction) so a failure keeps the form and its text open.
    const request = await deps.requests.submit({ teamId, userId: body.user.id, channelId, draft });
    await ack();
    await replyPrivately(client, { userId: body.user.id, channelId }, requestSubmittedMessage(request));
    // Product owners with their Home open see the inbox count change.
    await refreshHomes(client, deps, teamId);
  });
}
