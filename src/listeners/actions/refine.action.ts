/**
 * Refinement agenda buttons: Open (the story, privately), Edit (the `/backlog` edit modal),
 * Mark ready (Definition of Ready checked; the agenda message is then updated in place) and
 * Estimate (a poker session in this channel). Permission refusals are typed errors the global
 * handler turns into a private message naming who can.
 */
import type { BlockAction, RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import { NotFoundError } from "../../lib/errors.js";
import { NotReadyError } from "../../services/backlog.service.js";
import { RefineIds } from "../../slack/ids.js";
import { noteMessage, notReadyMessage } from "../../views/backlog-po.view.js";
import { refinementAgendaMessage, refinementStoryMessage } from "../../views/refinement.view.js";
import type { SlackMessage } from "../../views/story.view.js";
import type { ListenerDeps } from "../deps.js";
import { refreshHomes } from "../events/home-publish.js";
import type { ListenerRegistry } from "../registry.js";
import { openEdit } from "./backlog-story.action.js";

const EXPIRED = "That button has expired. Run `/refine` again.";

const teamOf = (body: BlockAction) => body.team?.id ?? body.user.team_id ?? "";

/** A button's value: the story number, or null when it is missing or tampered with. */
function storyNumber(action: unknown): number | null {
  const value = (action as { value?: unknown }).value;
  return typeof value === "string" && /^\d{1,9}$/.test(value) && Number(value) > 0 ? Number(value) : null;
}

const privately = (respond: RespondFn, message: SlackMessage) =>
  respond({ response_type: "ephemeral", replace_original: false, ...message });

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

/** Slack errors meaning the agenda message can no longer be updated (deleted, channel gone…). */
const GONE = new Set(["message_not_found", "cant_update_message", "channel_not_found", "is_archived"]);

export function register(r: ListenerRegistry, deps: ListenerDeps): void {
  // One update at a time per agenda message, each rendering from the database after the previous
  // one was sent: two people marking items ready at once can't leave the message showing the
  // older state (the later render always sees both changes).
  const updating = new Map<string, Promise<void>>();

  /**
   * Re-renders a channel agenda in place with the same stories as they stand now. An ephemeral
   * agenda (posted when the bot isn't in the channel) isn't sent back with the click, so it stays.
   */
  async function updateAgenda(client: WebClient, body: BlockAction): Promise<void> {
    const container = body.container as { channel_id?: string; message_ts?: string; is_ephemeral?: boolean };
    const channel = container.channel_id ?? body.channel?.id;
    const ts = container.message_ts ?? body.message?.ts;
    const numbers = agendaStoryNumbers(body.message);
    if (container.is_ephemeral || !channel || !ts || numbers.length === 0) return;
    const key = `${channel}:${ts}`;
    const next = (updating.get(key) ?? Promise.resolve()).then(async () => {
      const agenda = await deps.refinement.agendaOf(teamOf(body), numbers);
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
      const code = (error as { data?: { error?: string } }).data?.error;
      if (!code || !GONE.has(code)) throw error;
      deps.logger.info("refinement agenda no longer updatable", { channel, ts, code });
    }
  }

  r.action(RefineIds.open, async ({ ack, action, body, respond }) => {
    await ack();
    const number = storyNumber(action);
    if (number === null) return void (await privately(respond, noteMessage(EXPIRED)));
    const story = await deps.stories.findByNumber(teamOf(body as BlockAction), number);
    if (!story) throw new NotFoundError(`story #${number}`);
    await privately(respond, refinementStoryMessage(story));
  });

  // The `/backlog` Edit: same permission check, modal and submission handler. No response URL, or
  // saving would replace this agenda with a `/backlog` page: the editor is told privately instead.
  r.action(RefineIds.edit, async ({ ack, action, body, client, respond }) => {
    await ack();
    const number = storyNumber(action);
    if (number === null) return void (await privately(respond, noteMessage(EXPIRED)));
    await openEdit(client, deps, body as BlockAction, number, null);
  });

  r.action(RefineIds.markReady, async ({ ack, action, body, client, respond }) => {
    await ack();
    const b = body as BlockAction;
    const number = storyNumber(action);
    if (number === null) return void (await privately(respond, noteMessage(EXPIRED)));
    try {
      const story = await deps.backlog.markReady({
        teamId: teamOf(b),
        userId: b.user.id,
        storyNumber: number,
      });
      await privately(respond, noteMessage(`✅ *#${story.number}* is ready to plan.`));
    } catch (error) {
      if (!(error instanceof NotReadyError)) throw error;
      await privately(respond, notReadyMessage(error.story, error.readiness));
    }
    // Also after a refusal: the item then shows what it misses now (it may have been edited).
    await updateAgenda(client, b);
    await refreshHomes(client, deps, teamOf(b)); // Home marks ready stories
  });

  r.action(RefineIds.estimate, async ({ ack, action, body, respond }) => {
    await ack();
    const b = body as BlockAction;
    const number = storyNumber(action);
    if (number === null) return void (await privately(respond, noteMessage(EXPIRED)));
    const teamId = teamOf(b);
    const board = await deps.poker.start({
      teamId,
      channelId: b.channel?.id ?? "",
      userId: b.user.id,
      storyNumber: number,
      invited: [],
      deadlineMinutes: null,
    });
    await deps.pokerBoard.publish(teamId, board.session.id);
  });
}
