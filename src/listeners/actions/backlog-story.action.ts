/**
 * The story controls on `/backlog` (issue 5): move buttons, Edit (the story modal in edit mode),
 * and the overflow (move to…, readiness, mark ready, split, archive); Restore on the archive;
 * Mark ready on a readiness checklist. Permission refusals are typed errors → ephemeral.
 * After a change and the person's reply, the Home tabs people have open are re-published
 * (`refreshHomes`: coalesced per team, failures only logged).
 */
import type { BlockAction, RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { MoveRequest } from "../../domain/ordering.js";
import { NotReadyError } from "../../services/backlog.service.js";
import { BacklogIds } from "../../slack/ids.js";
import {
  parseMoreAction,
  parseStoryButton,
  parseStoryNumber,
  type StoryCursor,
} from "../../slack/parsers/backlog-po.js";
import {
  moveToModal,
  noteMessage,
  notReadyMessage,
  readinessMessage,
  splitModal,
} from "../../views/backlog-po.view.js";
import { storyModal } from "../../views/story-modal.view.js";
import { renderBacklog } from "../commands/backlog-po.js";
import type { ListenerDeps } from "../deps.js";
import { refreshHomes } from "../events/home-publish.js";
import type { ListenerRegistry } from "../registry.js";

const EXPIRED = "That button has expired. Run `/backlog` again.";

const MOVES: Record<string, MoveRequest> = {
  [BacklogIds.moveTop]: { kind: "top" },
  [BacklogIds.moveUp]: { kind: "up" },
  [BacklogIds.moveDown]: { kind: "down" },
  [BacklogIds.moveBottom]: { kind: "bottom" },
};

const teamOf = (body: BlockAction) => body.team?.id ?? body.user.team_id ?? "";

async function refresh(
  deps: ListenerDeps,
  body: BlockAction,
  respond: RespondFn,
  cursor: StoryCursor,
  notice: string,
) {
  const message = await renderBacklog(deps, {
    teamId: teamOf(body),
    userId: body.user.id,
    offset: cursor.o,
    limit: cursor.l,
    words: cursor.q.split(" ").filter(Boolean),
    notice,
  });
  await respond({ response_type: "ephemeral", replace_original: true, ...message });
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

const privately = (respond: RespondFn, message: { text: string; blocks?: unknown[] }) =>
  respond({ response_type: "ephemeral", replace_original: false, ...(message as { text: string }) });

/**
 * Opens the prefilled story edit modal for the person who clicked (they must be allowed to edit
 * the story: `ForbiddenError` otherwise). On save, the message at `responseUrl` is replaced by the
 * refreshed `/backlog` page; with `null` the editor gets a private confirmation instead (callers
 * whose message isn't a `/backlog` page, like the refinement agenda).
 */
export async function openEdit(
  client: WebClient,
  deps: ListenerDeps,
  body: BlockAction,
  storyNumber: number,
  responseUrl: string | null = body.response_url ?? null,
) {
  const teamId = teamOf(body);
  const story = await deps.backlog.storyForEdit({ teamId, userId: body.user.id, storyNumber });
  const links = await deps.goals.linkOptions(teamId);
  await client.views.open({
    trigger_id: body.trigger_id,
    view: storyModal({
      title: story.title,
      channelId: body.channel?.id ?? null,
      prefill: {
        persona: story.persona,
        want: story.want,
        benefit: story.benefit,
        acceptanceCriteria: story.acceptanceCriteria.join("\n"),
        priority: story.priority,
        labels: story.labels.join(", "),
      },
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

export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  const moveIds = Object.keys(MOVES).join("|");
  r.action(new RegExp(`^(${moveIds})$`), async ({ ack, action, body, client, respond }) => {
    await ack();
    const b = body as BlockAction;
    const cursor = parseStoryButton("value" in action ? (action.value as string | undefined) : undefined);
    const move = MOVES[(action as { action_id: string }).action_id];
    if (!cursor || !move) return void (await privately(respond, { text: EXPIRED }));
    const result = await deps.backlog.move({
      teamId: teamOf(b),
      userId: b.user.id,
      storyNumber: cursor.n,
      move,
    });
    const notice = result.moved
      ? `↕️ Moved *#${result.story.number}* from position ${result.fromPosition} to ${result.toPosition} of ${result.total}.`
      : `#${result.story.number} is already at position ${result.toPosition}.`;
    if (!result.moved) return refresh(deps, b, respond, cursor, notice);
    await replyThenRefreshHomes(client, deps, teamOf(b), () => refresh(deps, b, respond, cursor, notice));
  });

  r.action(BacklogIds.edit, async ({ ack, action, body, client, respond }) => {
    await ack();
    const cursor = parseStoryButton("value" in action ? (action.value as string | undefined) : undefined);
    if (!cursor) return void (await privately(respond, { text: EXPIRED }));
    await openEdit(client, deps, body as BlockAction, cursor.n);
  });

  r.action(BacklogIds.more, async ({ ack, action, body, client, respond }) => {
    await ack();
    const b = body as BlockAction;
    const a = action as { selected_option?: { value?: string }; block_id?: string };
    const req = parseMoreAction(a.selected_option?.value, a.block_id);
    if (!req) return void (await privately(respond, { text: EXPIRED }));
    const teamId = teamOf(b);
    const userId = b.user.id;
    const meta = { n: req.n, r: b.response_url ?? null, c: b.channel?.id ?? null };
    switch (req.kind) {
      case "to": {
        await deps.access.require(teamId, userId, "backlog.reorder");
        const { story, position, total } = await deps.backlog.locate(teamId, req.n);
        await client.views.open({
          trigger_id: b.trigger_id,
          view: moveToModal(story, position ?? total, total, meta),
        });
        return;
      }
      case "check": {
        const { story, readiness } = await deps.backlog.readiness(teamId, req.n);
        return void (await privately(respond, readinessMessage(story, readiness)));
      }
      case "ready": {
        try {
          const story = await deps.backlog.markReady({ teamId, userId, storyNumber: req.n });
          const notice = `✅ *#${story.number}* is ready to plan.`;
          return replyThenRefreshHomes(client, deps, teamId, () => refresh(deps, b, respond, req, notice));
        } catch (error) {
          if (!(error instanceof NotReadyError)) throw error;
          return void (await privately(respond, notReadyMessage(error.story, error.readiness)));
        }
      }
      case "split": {
        const story = await deps.backlog.storyForEdit({ teamId, userId, storyNumber: req.n });
        await client.views.open({ trigger_id: b.trigger_id, view: splitModal(story, meta) });
        return;
      }
      case "archive": {
        const story = await deps.backlog.archive({ teamId, userId, storyNumber: req.n });
        const notice = `🗄️ Archived *#${story.number}*. It keeps its place: restore it from \`/backlog archived\`.`;
        return replyThenRefreshHomes(client, deps, teamId, () => refresh(deps, b, respond, req, notice));
      }
    }
  });

  r.action(BacklogIds.restore, async ({ ack, action, body, client, respond }) => {
    await ack();
    const b = body as BlockAction;
    const n = parseStoryNumber("value" in action ? (action.value as string | undefined) : undefined);
    if (n === null) return void (await privately(respond, { text: EXPIRED }));
    const { story, position } = await deps.backlog.restore({
      teamId: teamOf(b),
      userId: b.user.id,
      storyNumber: n,
    });
    await replyThenRefreshHomes(client, deps, teamOf(b), () =>
      privately(respond, noteMessage(`♻️ Restored *#${story.number}* at position ${position}.`)),
    );
  });

  r.action(BacklogIds.markReady, async ({ ack, action, body, client, respond }) => {
    await ack();
    const b = body as BlockAction;
    const n = parseStoryNumber("value" in action ? (action.value as string | undefined) : undefined);
    if (n === null) return void (await privately(respond, { text: EXPIRED }));
    let story: Awaited<ReturnType<typeof deps.backlog.markReady>>;
    try {
      story = await deps.backlog.markReady({ teamId: teamOf(b), userId: b.user.id, storyNumber: n });
    } catch (error) {
      if (!(error instanceof NotReadyError)) throw error;
      return void (await privately(respond, notReadyMessage(error.story, error.readiness)));
    }
    await replyThenRefreshHomes(client, deps, teamOf(b), () =>
      respond({
        response_type: "ephemeral",
        replace_original: true,
        ...noteMessage(`✅ *#${story.number}* is ready to plan.`),
      }),
    );
  });
}
