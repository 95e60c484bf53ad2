import type { Generated } from "kysely";

/** Row shape of `poker_sessions`. `invited` is a JSON array of user ids. */
export interface PokerSessionTable {
  id: Generated<number>;
  team_id: string;
  channel_id: string;
  story_id: number;
  facilitator_id: string;
  invited: string;
  round: number;
  state: string;
  deadline_at: string | null;
  message_ts: string | null;
  accepted_estimate: number | null;
  accepted_by: Generated<string | null>;
  created_at: string;
  revealed_at: string | null;
  closed_at: string | null;
}

/** Row shape of `poker_votes`: one per person per round. */
export interface PokerVoteTable {
  team_id: string;
  session_id: number;
  round: number;
  user_id: string;
  value: string;
  reason: string;
  voted_at: string;
}
