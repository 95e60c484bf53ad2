/**
 * The story controls on `/backlog` (issue 5): one menu per story (top, move to…, edit, readiness,
 * mark ready, split), the PO's reorder mode (arrows, top, bottom, archive); Restore on the archive;
 * Mark ready on a readiness checklist. Permission refusals are typed errors → ephemeral.
 * After a change and the person's reply, the Home tabs people have open are re-published
 * (`refreshHomes`: coalesced per team, failures only logged).
 */
import type { RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { MoveRequest } from "../../domain/ordering.js";
import { type ActionContext, actionContext, clickedElement } from "../../slack/context.js";
import { BacklogIds } from "../../slack/ids.js";
import {
  type BacklogCursor,
  type MoreKind,
  parseMoreAction,
  parseStoryButton,
  parseStoryNumber,
  type StoryCursor,
} from "../../slack/parsers/backlog-po.js";
import { ephemeralAside, replaceOriginal } from "../../slack/reply.js";
import { archivedNotice, moveNotice, readyNotice, restoredNotice } from "../../views/backlog-notices.view.js";
import { moveToModal, noteMessage, readinessMessage, splitModal } from "../../views/backlog-po.view.js";
import { storyFormFields, storyModal } from "../../views/story-modal.view.js";
import { renderBacklog, tryMarkReady } from "../commands/backlog/render.js";
import type { ListenerDeps } from "../deps.js";
import { refreshHomes } from "../events/home-publish.js";
import type { ListenerRegistry } from "../registry.js";

const EXPIRED = { text: "That button has expired. Run `/backlog` again." };

const MOVES: Record<string, MoveRequest> = {
  [BacklogIds.moveTop]: { kind: "top" },
  [BacklogIds.moveUp]: { kind: "up" },
  [BacklogIds.moveDown]: { kind: "down" },
  [BacklogIds.moveBottom]: { kind: "bottom" },
};

/** Replaces the clicked `/backlog` page with the same page as it is now, `notice` on top. */
async function refresh(
  deps: ListenerDeps,
  c: ActionContext,
  respond: RespondFn,
  cursor: BacklogCursor,
  notice: string,
) {
  const words = cursor.q.split(" ").filter(Boolean);
  const { teamId, userId } = c;
  const message = await renderBacklog(deps, {
    teamId,
    userId,
    offset: cursor.o,
    limit: cursor.l,
    words,
    notice,
    mode: cursor.m === "r" ? "reorder" : "menu",
  });
  await respond(replaceOriginal(message));
}

/**
 * After a change: the person's reply first, then the Home tabs people have open — re-published
 * even when the reply failed (the change stands). `refreshHomes` never rejects.
 */
async function replyThenRefreshHomes(
  client: WebClient,
  deps: ListenerDeps,
  teamId: string,
  reply: () => Promise<unknown>,
): Promise<void> {
  try {
    await reply();
  } finally {
    await refreshHomes(client, deps, teamId);
  }
}

/**
 * Opens the prefilled story edit modal for the person who clicked (they must be allowed to edit
 * the story: `ForbiddenError` otherwise). On save, the message at `responseUrl` is replaced by the
 * refreshed `/backlog` page; with `null` the editor gets a private confirmation instead (callers
 * whose message isn't a `/backlog` page, like the refinement agenda).
 */
export async function openEdit(
  client: WebClient,
  deps: ListenerDeps,
  c: ActionContext,
  storyNumber: number,
  responseUrl: string | null = c.responseUrl,
) {
  const { teamId, userId } = c;
  const story = await deps.backlog.storyForEdit({ teamId, userId, storyNumber });
  const links = await deps.goals.linkOptions(teamId);
  await client.views.open({
    trigger_id: c.triggerId,
    view: storyModal({
      title: story.title,
      channelId: c.channelId,
      prefill: storyFormFields(story),
      edit: {
        number: story.number,
        estimate: story.estimate,
        goals: links.goals,
        features: links.features,
        goalId: story.goalId ?? null,
        featureId: story.featureId ?? null,
        responseUrl,
      },
    }),
  });
}

interface MoreAction {
  deps: ListenerDeps;
  client: WebClient;
  respond: RespondFn;
  c: ActionContext;
  req: StoryCursor & { kind: MoreKind };
}

/** The story overflow menu on `/backlog`: one step per choice. */
const moreActions: Record<MoreKind, (m: MoreAction) => Promise<void>> = {
  /** "Move to top": the most common reorder, one choice away. */
  async top({ deps, client, respond, c, req }) {
    await moveAndRefresh(deps, client, respond, c, req, { kind: "top" });
  },
  async edit({ deps, client, c, req }) {
    await openEdit(client, deps, c, req.n);
  },
  /** "Move to…": the position modal (POs only). */
  async to({ deps, client, c, req }) {
    await deps.access.require(c.teamId, c.userId, "backlog.reorder");
    const { story, position, total } = await deps.backlog.locate(c.teamId, req.n);
    const meta = { n: req.n, r: c.responseUrl, c: c.channelId };
    await client.views.open({
      trigger_id: c.triggerId,
      view: moveToModal(story, position ?? total, total, meta),
    });
  },
  async check({ deps, respond, c, req }) {
    const { story, readiness } = await deps.backlog.readiness(c.teamId, req.n);
    await respond(ephemeralAside(readinessMessage(story, readiness)));
  },
  async ready({ deps, client, respond, c, req }) {
    const ready = await tryMarkReady(deps, { teamId: c.teamId, userId: c.userId, storyNumber: req.n });
    if (!ready.ok) return void (await respond(ephemeralAside(ready.message)));
    await replyThenRefreshHomes(client, deps, c.teamId, () =>
      refresh(deps, c, respond, req, readyNotice(ready.story)),
    );
  },
  async split({ deps, client, c, req }) {
    const story = await deps.backlog.storyForEdit({ teamId: c.teamId, userId: c.userId, storyNumber: req.n });
    const meta = { n: req.n, r: c.responseUrl, c: c.channelId };
    await client.views.open({ trigger_id: c.triggerId, view: splitModal(story, meta) });
  },
  async archive({ deps, client, respond, c, req }) {
    const story = await deps.backlog.archive({ teamId: c.teamId, userId: c.userId, storyNumber: req.n });
    await replyThenRefreshHomes(client, deps, c.teamId, () =>
      refresh(deps, c, respond, req, archivedNotice(story)),
    );
  },
};

/** Moves the story, then replaces the clicked page (same page, same mode) with the move's notice. */
async function moveAndRefresh(
  deps: ListenerDeps,
  client: WebClient,
  respond: RespondFn,
  c: ActionContext,
  cursor: StoryCursor,
  move: MoveRequest,
) {
  const result = await deps.backlog.move({ teamId: c.teamId, userId: c.userId, storyNumber: cursor.n, move });
  const reply = () => refresh(deps, c, respond, cursor, moveNotice(result));
  // Nothing moved: nobody's Home changes.
  await (result.moved ? replyThenRefreshHomes(client, deps, c.teamId, reply) : reply());
}

export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  const moveIds = Object.keys(MOVES).join("|");
  r.action(new RegExp(`^(${moveIds})$`), async ({ ack, action, body, client, respond }) => {
    await ack();
    const c = actionContext(body);
    const element = clickedElement(action);
    const cursor = parseStoryButton(element.value);
    const move = MOVES[element.actionId];
    if (!cursor || !move) return void (await respond(ephemeralAside(EXPIRED)));
    await moveAndRefresh(deps, client, respond, c, cursor, move);
  });

  // Archive from the PO's reorder mode (Slack asked for confirmation before sending the click).
  r.action(BacklogIds.archive, async ({ ack, action, body, client, respond }) => {
    await ack();
    const c = actionContext(body);
    const cursor = parseStoryButton(clickedElement(action).value);
    if (!cursor) return void (await respond(ephemeralAside(EXPIRED)));
    await moreActions.archive({ deps, client, respond, c, req: { ...cursor, kind: "archive" } });
  });

  r.action(BacklogIds.edit, async ({ ack, action, body, client, respond }) => {
    await ack();
    const cursor = parseStoryButton(clickedElement(action).value);
    if (!cursor) return void (await respond(ephemeralAside(EXPIRED)));
    await openEdit(client, deps, actionContext(body), cursor.n);
  });

  r.action(BacklogIds.more, async ({ ack, action, body, client, respond }) => {
    await ack();
    const element = clickedElement(action);
    const req = parseMoreAction(element.value, element.blockId ?? undefined);
    if (!req) return void (await respond(ephemeralAside(EXPIRED)));
    await moreActions[req.kind]({ deps, client, respond, c: actionContext(body), req });
  });

  r.action(BacklogIds.restore, async ({ ack, action, body, client, respond }) => {
    await ack();
    const { teamId, userId } = actionContext(body);
    const storyNumber = parseStoryNumber(clickedElement(action).value);
    if (storyNumber === null) return void (await respond(ephemeralAside(EXPIRED)));
    const { story, position } = await deps.backlog.restore({ teamId, userId, storyNumber });
    const note = noteMessage(restoredNotice(story, position));
    await replyThenRefreshHomes(client, deps, teamId, () => respond(ephemeralAside(note)));
  });

  r.action(BacklogIds.markReady, async ({ ack, action, body, client, respond }) => {
    await ack();
    const { teamId, userId } = actionContext(body);
    const storyNumber = parseStoryNumber(clickedElement(action).value);
    if (storyNumber === null) return void (await respond(ephemeralAside(EXPIRED)));
    const ready = await tryMarkReady(deps, { teamId, userId, storyNumber });
    if (!ready.ok) return void (await respond(ephemeralAside(ready.message)));
    const note = noteMessage(readyNotice(ready.story));
    await replyThenRefreshHomes(client, deps, teamId, () => respond(replaceOriginal(note)));
  });
}
