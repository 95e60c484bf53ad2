import { backlogListing } from "../../services/backlog.read-model.js";
import { actionContext } from "../../slack/context.js";
import { HomeIds } from "../../slack/ids.js";
import { backlogMessage } from "../../views/backlog.view.js";
import { backlogModal, noStandupDayModal, noStandupModal, triageModal } from "../../views/home-quick.view.js";
import { standupAnswerModal } from "../../views/standup-modals.view.js";
import { storyModal } from "../../views/story-modal.view.js";
import type { ListenerDeps } from "../deps.js";
import type { ListenerRegistry } from "../registry.js";

/** Stories the "Open backlog" modal lists (the rest: `/backlog`). */
const BACKLOG_MODAL_STORIES = 20;

/**
 * Home's quick actions: each opens a modal from the click's trigger (Home has no channel to reply
 * in). Permissions are checked again here: a Home published before a role change may still show
 * a button (a refusal is a private note saying who can).
 */
export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  r.action(HomeIds.newStory, async ({ ack, body, client }) => {
    await ack();
    const { teamId, userId, triggerId } = actionContext(body);
    await deps.access.require(teamId, userId, "story.create");
    // No channel: the confirmation goes to the person privately (as from a shortcut).
    await client.views.open({ trigger_id: triggerId, view: storyModal({ title: "", channelId: null }) });
  });

  r.action(HomeIds.openBacklog, async ({ ack, body, client }) => {
    await ack();
    const { teamId, userId, triggerId } = actionContext(body);
    const { page, readiness } = await backlogListing(deps, { teamId, userId, limit: BACKLOG_MODAL_STORIES });
    const view = backlogModal(
      backlogMessage(page, { controls: "none", readiness }),
      page.total,
      page.entries.length,
    );
    await client.views.open({ trigger_id: triggerId, view });
  });

  r.action(HomeIds.openTriage, async ({ ack, body, client }) => {
    await ack();
    const { teamId, userId, triggerId } = actionContext(body);
    const page = await deps.requests.inbox({ teamId, userId }); // refuses those who can't triage
    await client.views.open({ trigger_id: triggerId, view: triageModal(page) });
  });

  r.action(HomeIds.writeStandup, async ({ ack, body, client }) => {
    await ack();
    const { teamId, userId, triggerId } = actionContext(body);
    const next = await deps.standups.nextAnswerForm(teamId, userId);
    const view =
      next.kind === "form"
        ? standupAnswerModal(next.form)
        : next.kind === "none"
          ? noStandupModal()
          : noStandupDayModal(next.names);
    await client.views.open({ trigger_id: triggerId, view });
  });
}
