/**
 * Refinement agenda buttons: Open (the story, privately), Edit (the `/backlog` edit modal),
 * Mark ready (Definition of Ready checked; the agenda message is then updated in place) and
 * Estimate (a poker session in this channel). Permission refusals are typed errors the global
 * handler turns into a private message naming who can.
 */
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import { NotFoundError } from "../../lib/errors.js";
import { isSlackError, slackErrorCode } from "../../slack/api-errors.js";
import { type ActionContext, actionContext, clickedElement } from "../../slack/context.js";
import { RefineIds } from "../../slack/ids.js";
import { ephemeralAside } from "../../slack/reply.js";
import { readyNotice } from "../../views/backlog-notices.view.js";
import { noteMessage } from "../../views/backlog-po.view.js";
import { refinementAgendaMessage, refinementStoryMessage } from "../../views/refinement.view.js";
import { tryMarkReady } from "../commands/backlog/render.js";
import type { ListenerDeps } from "../deps.js";
import { refreshHomes } from "../events/home-publish.js";
import type { ListenerRegistry } from "../registry.js";
import { openEdit } from "./backlog-story.action.js";

const EXPIRED = noteMessage("That button has expired. Run `/refine` again.");

/** A button's value: the story number, or null when it is missing or tampered with. */
function storyNumber(action: unknown): number | null {
  const value = clickedElement(action).value;
  return value !== undefined && /^\d{1,9}$/.test(value) && Number(value) > 0 ? Number(value) : null;
}

const itemBlockId = new RegExp(`^${RefineIds.itemBlockPrefix}(\\d{1,9})$`);
const messageBlocks = z.object({
  blocks: z.array(z.object({ type: z.string(), block_id: z.string().optional() }).passthrough()),
});

/** The story numbers listed on an agenda message, in order, from its items' actions block ids. */
export function agendaStoryNumbers(message: unknown): number[] {
  const parsed = messageBlocks.safeParse(message);
  if (!parsed.success) return [];
  return parsed.data.blocks.flatMap((b) => {
    const m = b.type === "actions" ? itemBlockId.exec(b.block_id ?? "") : null;
    return m ? [Number(m[1])] : [];
  });
}

export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  // One update at a time per agenda message, each rendering from the database after the previous
  // one was sent: two people marking items ready at once can't leave the message showing the
  // older state (the later render always sees both changes).
  const updating = new Map<string, Promise<void>>();

  /**
   * Re-renders a channel agenda in place with the same stories as they stand now. An ephemeral
   * agenda (posted when the bot isn't in the channel) isn't sent back with the click, so it stays.
   */
  async function updateAgenda(client: WebClient, c: ActionContext, message: unknown): Promise<void> {
    const { channelId: channel, messageTs: ts } = c;
    const numbers = agendaStoryNumbers(message);
    if (c.ephemeral || !channel || !ts || numbers.length === 0) return;
    const key = `${channel}:${ts}`;
    const next = (updating.get(key) ?? Promise.resolve()).then(async () => {
      const agenda = await deps.refinement.agendaOf(c.teamId, numbers);
      await client.chat.update({ channel, ts, ...refinementAgendaMessage(agenda) });
    });
    const settled = next.catch(() => undefined);
    updating.set(key, settled);
    void settled.then(() => {
      if (updating.get(key) === settled) updating.delete(key);
    });
    try {
      await next;
    } catch (error) {
      // Deleted, or the channel is gone or archived: the agenda can no longer be updated.
      if (!isSlackError(error, "message", "channel")) throw error;
      deps.logger.info("refinement agenda no longer updatable", { channel, ts, code: slackErrorCode(error) });
    }
  }

  r.action(RefineIds.open, async ({ ack, action, body, respond }) => {
    await ack();
    const number = storyNumber(action);
    if (number === null) return void (await respond(ephemeralAside(EXPIRED)));
    const story = await deps.stories.findByNumber(actionContext(body).teamId, number);
    if (!story) throw new NotFoundError(`story #${number}`);
    await respond(ephemeralAside(refinementStoryMessage(story)));
  });

  // The `/backlog` Edit: same permission check, modal and submission handler. No response URL, or
  // saving would replace this agenda with a `/backlog` page: the editor is told privately instead.
  r.action(RefineIds.edit, async ({ ack, action, body, client, respond }) => {
    await ack();
    const number = storyNumber(action);
    if (number === null) return void (await respond(ephemeralAside(EXPIRED)));
    await openEdit(client, deps, actionContext(body), number, null);
  });

  r.action(RefineIds.markReady, async ({ ack, action, body, client, respond }) => {
    await ack();
    const c = actionContext(body);
    const number = storyNumber(action);
    if (number === null) return void (await respond(ephemeralAside(EXPIRED)));
    const ready = await tryMarkReady(deps, { teamId: c.teamId, userId: c.userId, storyNumber: number });
    await respond(ephemeralAside(ready.ok ? noteMessage(readyNotice(ready.story)) : ready.message));
    // Also after a refusal: the item then shows what it misses now (it may have been edited).
    await updateAgenda(client, c, (body as { message?: unknown }).message);
    await refreshHomes(client, deps, c.teamId); // Home marks ready stories
  });

  r.action(RefineIds.estimate, async ({ ack, action, body, respond }) => {
    await ack();
    const { teamId, userId, channelId } = actionContext(body);
    const number = storyNumber(action);
    if (number === null) return void (await respond(ephemeralAside(EXPIRED)));
    const start = {
      teamId,
      channelId: channelId ?? "",
      userId,
      storyNumber: number,
      invited: [],
      deadlineMinutes: null,
    };
    const board = await deps.poker.start(start);
    await deps.pokerBoard.publish(teamId, board.session.id);
  });
}
