import type { ColumnType, Selectable } from "kysely";

/** bigint ms epochs: numbers in, number or string out (PostgreSQL returns bigint as a string). */
type Ms = ColumnType<number | string, number, number>;

/**
 * Row shape of `slack_pacing`: a workspace's Slack budget for one method, shared by every replica.
 * `next_at`: earliest start of the next call (GCRA theoretical arrival time); `held_until`: end of a
 * 429's Retry-After. Both ms since the epoch.
 */
export interface SlackPacingTable {
  team_id: string;
  bucket: string;
  next_at: Ms;
  held_until: Ms;
}
export type SlackPacingRow = Selectable<SlackPacingTable>;
