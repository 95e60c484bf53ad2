import type { Generated } from "kysely";

/** Row shape of `retros`. */
export interface RetroTable {
  id: Generated<number>;
  team_id: string;
  channel_id: string;
  state: string;
  opened_by: string;
  created_at: string;
  revealed_at: string | null;
  closed_at: string | null;
}

/** Row shape of `retro_cards`: deliberately no author and no timestamp (anonymity). */
export interface RetroCardTable {
  id: Generated<number>;
  team_id: string;
  retro_id: number;
  category: string;
  text: string;
  /** Random, 16 hex digits: what buttons carry instead of `id` (the writing order). */
  public_id: string | null;
}

/** Row shape of `retro_votes`: one dot per person per card. */
export interface RetroVoteTable {
  team_id: string;
  retro_id: number;
  card_id: number;
  user_id: string;
}

/** Row shape of `retro_actions`. */
export interface RetroActionTable {
  id: Generated<number>;
  team_id: string;
  retro_id: number;
  text: string;
  owner_id: string;
  due_on: string;
  state: string;
  created_by: string;
  created_at: string;
  done_at: string | null;
}
