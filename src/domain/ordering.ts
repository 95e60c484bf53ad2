/**
 * Backlog order as pure rank arithmetic. Ranks are sparse integers (gaps of `RANK_GAP`), unique
 * per team (archived stories keep theirs), lower = higher in the backlog. Positions are 1-based
 * among active stories and always derived from ranks, never stored.
 *
 * A move picks a free integer between the two new neighbours; when none is left (after many moves
 * into the same spot) the caller rebalances every rank of the team to `i × RANK_GAP` in the same
 * transaction and picks again.
 */

export const RANK_GAP = 1024;

/** What a person asked for on the `/backlog` buttons. */
export type MoveRequest =
  | { kind: "top" }
  | { kind: "up" }
  | { kind: "down" }
  | { kind: "bottom" }
  | { kind: "to"; position: number };

export const MOVE_KINDS = ["top", "up", "down", "bottom", "to"] as const;

/**
 * The 1-based position a story ends at. Out-of-range targets are clamped (position 0 → 1,
 * 999 in a backlog of 10 → 10), so a stale button never fails, it does the nearest thing.
 * @param current the story's position now (1..total)
 * @param total active stories, including this one
 */
export function targetPosition(current: number, total: number, move: MoveRequest): number {
  const clamp = (p: number) => Math.min(Math.max(1, Math.trunc(p)), Math.max(1, total));
  switch (move.kind) {
    case "top":
      return 1;
    case "up":
      return clamp(current - 1);
    case "down":
      return clamp(current + 1);
    case "bottom":
      return clamp(total);
    case "to":
      return Number.isFinite(move.position) ? clamp(move.position) : current;
  }
}

/**
 * A free integer rank strictly between `lower` and `upper` (the new neighbours' ranks; `null` =
 * no neighbour on that side), avoiding `taken` (ranks of archived stories in between).
 * Picks the middle of the widest free stretch, so repeated moves into one spot halve the gap
 * (≈10 moves per 1024 gap before a rebalance). Returns `null` when no integer is free.
 *
 * Example: between 1024 and 2048 → 1536; with 1536 taken → 1280 (middle of 1025..1535, the
 * first of the two equal stretches); above a top rank of 1024 with no neighbour → 0.
 */
export function rankBetween(
  lower: number | null,
  upper: number | null,
  taken: Iterable<number> = [],
): number | null {
  if (lower === null && upper === null) return RANK_GAP;
  const [lo, hi] = rankWindow(lower, upper);
  if (hi - lo < 2) return null;
  const blocked = [...taken].filter((r) => r > lo && r < hi).sort((a, b) => a - b);
  let best: number | null = null;
  let bestWidth = 0;
  let prev = lo;
  for (const r of [...blocked, hi]) {
    const width = r - prev - 1; // free integers strictly between prev and r
    if (width > bestWidth) {
      bestWidth = width;
      best = prev + Math.ceil(width / 2);
    }
    prev = r;
  }
  return best;
}

/**
 * The open interval a new rank is searched in. A missing side becomes a virtual neighbour two
 * gaps beyond, so "to top" above rank 1024 lands at 0 (one gap above) when nothing is in the way.
 */
export function rankWindow(lower: number | null, upper: number | null): [number, number] {
  if (lower === null && upper === null) return [0, 2 * RANK_GAP];
  const lo = lower ?? (upper as number) - 2 * RANK_GAP;
  const hi = upper ?? (lower as number) + 2 * RANK_GAP;
  return [lo, hi];
}

/** Evenly spaced ranks for `count` stories in their current order: 1024, 2048, … */
export function rebalancedRanks(count: number): number[] {
  return Array.from({ length: count }, (_, i) => (i + 1) * RANK_GAP);
}

/**
 * The offset that moves every rank in `[min, max]` below both `min` and 0, so a rebalance can
 * first park all rows out of the way and then write `i × RANK_GAP` without ever tripping
 * UNIQUE(team_id, rank) (SQLite checks it row by row, not at the end of the statement).
 * Returns a negative number `d`; parked ranks are `rank + d ≤ min(min, 0) - 1`.
 */
export function parkingOffset(min: number, max: number): number {
  return -(Math.max(max, 0) - Math.min(min, 0) + 1);
}
