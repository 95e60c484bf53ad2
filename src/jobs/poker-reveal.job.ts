/** Reveals poker sessions whose deadline has passed and refreshes their messages. */
import type { PokerService } from "../services/poker.service.js";
import type { JobHandler } from "../services/scheduling.ports.js";
import type { PokerBoardPublisher } from "../slack/poker-board.js";

export function pokerRevealJob(deps: { poker: PokerService; pokerBoard: PokerBoardPublisher }): JobHandler {
  return async (ctx) => {
    for (const { teamId, sessionId } of await deps.poker.revealDue(ctx.now)) {
      await deps.pokerBoard.publish(teamId, sessionId);
    }
  };
}
