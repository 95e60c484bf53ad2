import type { Generated, Selectable } from "kysely";

/** Row shape of `digests` (one per team). JSON columns hold strings. */
export interface DigestTable {
  id: Generated<number>;
  team_id: string;
  owner_id: string;
  app_id: string | null;
  channels: string;
  days: string;
  time: string;
  time_zone: string;
  sections: string;
  top_n: number;
  created_at: string;
  updated_at: string;
}
export type DigestRow = Selectable<DigestTable>;

/** Row shape of `digest_runs`: one per (channel, occurrence). */
export interface DigestRunTable {
  id: Generated<number>;
  team_id: string;
  channel: string;
  occurrence: string;
  after_event_id: number;
  last_event_id: number;
  outcome: string;
  since_at: string | null;
  created_at: string;
}
export type DigestRunRow = Selectable<DigestRunTable>;
