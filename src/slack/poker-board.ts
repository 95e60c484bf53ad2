/**
 * Keeps a poker session's channel message in step with the database. Concurrent votes each ask
 * for a refresh; refreshes of one session are coalesced: while one `chat.update` is in flight,
 * further requests mark the session dirty and ONE more update with the latest state follows.
 * So twelve simultaneous votes cost at most two or three updates, and the last one always shows
 * every vote (never an older snapshot overtaking a newer one).
 */
import type { Logger } from "../lib/logger.js";
import type { PokerService } from "../services/poker.service.js";
import { pokerMessage } from "../views/poker.view.js";
import type { WorkspaceClients } from "./workspace-clients.js";

export interface PokerBoardPublisher {
  /** Posts the session message (first time) or updates it with the current state. */
  publish(teamId: string, sessionId: number): Promise<void>;
}

export function createPokerBoardPublisher(deps: {
  /** The session's workspace client (its token). */
  clients: WorkspaceClients;
  poker: PokerService;
  logger: Logger;
}): PokerBoardPublisher {
  const { clients, poker, logger } = deps;
  const running = new Map<string, { dirty: boolean; done: Promise<void> }>();

  async function render(teamId: string, sessionId: number): Promise<void> {
    const board = await poker.board(teamId, sessionId);
    const message = pokerMessage(board);
    const client = await clients.clientFor(teamId);
    if (board.session.messageTs) {
      await client.chat.update({
        channel: board.session.channelId,
        ts: board.session.messageTs,
        ...message,
      });
      return;
    }
    const posted = await client.chat.postMessage({ channel: board.session.channelId, ...message });
    if (posted.ts) await poker.setMessageTs(teamId, sessionId, posted.ts);
  }

  return {
    publish(teamId, sessionId) {
      const key = `${teamId}:${sessionId}`;
      const current = running.get(key);
      if (current) {
        current.dirty = true;
        return current.done;
      }
      const state = { dirty: false, done: Promise.resolve() };
      state.done = (async () => {
        try {
          do {
            state.dirty = false;
            await render(teamId, sessionId);
          } while (state.dirty);
        } catch (error) {
          logger.warn("poker message refresh failed", { teamId, sessionId, error });
          throw error;
        } finally {
          running.delete(key);
        }
      })();
      running.set(key, state);
      return state.done;
    },
  };
}
