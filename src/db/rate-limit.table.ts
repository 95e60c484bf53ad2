/** Row shape of `rate_limits`: one person's current fixed window for one limited command. */
export interface RateLimitTable {
  /** The limit's name (`poker`, `request`, …). */
  kind: string;
  team_id: string;
  user_id: string;
  /** Milliseconds since the epoch when the current window began. */
  window_start: number;
  /** Uses counted in that window (refused ones included; they never reset it). */
  uses: number;
}
