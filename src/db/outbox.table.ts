import type { Generated, Selectable } from "kysely";

/** Row shape of `outbox`: one Slack message, unique per (team, idempotency key). */
export interface OutboxTable {
  id: Generated<number>;
  team_id: string;
  idempotency_key: string;
  channel: string;
  text: string;
  /** JSON array of blocks, or null. */
  blocks: string | null;
  thread_of_key: string | null;
  update_of_key: string | null;
  purpose: string | null;
  /** Name to post as (`chat:write.customize`); once sent, the name Slack shows (null: the bot). */
  username: string | null;
  /** Avatar to post with, next to `username`. */
  icon_url: string | null;
  /** pending | sent | failed | superseded */
  state: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string;
  sent_channel: string | null;
  ts: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
  /** The replica that claimed the row for sending (see outbox-claim.ts), or null. */
  claimed_by: string | null;
  /** ISO instant the claim ends; after it another replica may take the row over. */
  lease_until: string | null;
}
export type OutboxRow = Selectable<OutboxTable>;
