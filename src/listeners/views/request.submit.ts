import { parseRequestForm } from "../../domain/request.js";
import { viewContext } from "../../slack/context.js";
import { onForm } from "../../slack/form-errors.js";
import { RequestBlocks, ViewIds } from "../../slack/ids.js";
import { readRequestForm, readRequestMetadata } from "../../slack/parsers/request-form.js";
import { tellPrivately } from "../../slack/reply.js";
import { requestSubmittedMessage } from "../../views/request.view.js";
import type { ListenerDeps } from "../deps.js";
import { refreshHomes } from "../events/home-publish.js";
import type { ListenerRegistry } from "../registry.js";

const FIELD_BLOCKS = {
  what: RequestBlocks.what,
  why: RequestBlocks.why,
  whoAsks: RequestBlocks.whoAsks,
  urgency: RequestBlocks.urgency,
};

/** `/request` submitted: validate onto the fields, save into the triage inbox, confirm privately. */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.view(ViewIds.requestSubmit, async ({ ack, view, body, client }) => {
    const { teamId, userId } = viewContext(body);
    const parse = async () => {
      const parsed = parseRequestForm(readRequestForm(view.state.values));
      // Counted only once the form is valid; over the limit, the form stays open with the text.
      await deps.limits.take("request", teamId, userId);
      return parsed;
    };
    const draft = await onForm(ack, parse, FIELD_BLOCKS, { fallback: RequestBlocks.what, appErrors: true });
    if (!draft.ok) return;
    const { channelId } = readRequestMetadata(view.private_metadata);
    // Saved before ack (one local transaction) so a failure keeps the form and its text open.
    const request = await deps.requests.submit({ teamId, userId, channelId, draft: draft.value });
    await ack();
    await tellPrivately(client, { userId, channelId }, requestSubmittedMessage(request));
    // Product owners with their Home open see the inbox count change.
    await refreshHomes(client, deps, teamId);
  });
}
