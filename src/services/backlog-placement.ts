/**
 * Putting one story at a 1-based position: the rank between its new neighbours, rebalancing
 * the team's ranks once when no integer is free. Shared by moves (`/backlog` buttons) and by
 * accepting a request at a chosen place, so both order the backlog the same way.
 */
import { rankBetween, rankWindow } from "../domain/ordering.js";
import type { BacklogRepository } from "./backlog.ports.js";

type PlacementRepository = Pick<BacklogRepository, "neighboursAt" | "ranksBetween" | "setRank" | "rebalance">;

/** Sets the story's rank so it sits at position `to`; the caller holds the team lock. */
export async function placeStoryAt(
  backlog: PlacementRepository,
  teamId: string,
  storyId: number,
  to: number,
): Promise<{ rank: number; rebalanced: boolean }> {
  const pick = async () => {
    const { lower, upper } = await backlog.neighboursAt(teamId, storyId, to);
    const [lo, hi] = rankWindow(lower, upper);
    return rankBetween(lower, upper, await backlog.ranksBetween(teamId, lo, hi));
  };
  let rank = await pick();
  let rebalanced = false;
  if (rank === null) {
    // Make room where the story goes (a local renumbering; the whole team only if that fails).
    const { lower, upper } = await backlog.neighboursAt(teamId, storyId, to);
    await backlog.rebalance(teamId, lower ?? (upper === null ? null : upper - 1));
    rebalanced = true;
    rank = await pick();
  }
  if (rank === null) throw new Error(`no free rank after rebalancing team ${teamId}`);
  await backlog.setRank(teamId, storyId, rank);
  return { rank, rebalanced };
}
