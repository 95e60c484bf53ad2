import type { Generated, Selectable } from "kysely";

/** Row shape of `backlog_events` (append-only history). */
export interface BacklogEventTable {
  id: Generated<number>;
  team_id: string;
  story_id: number | null;
  kind: string;
  /** JSON object with the event's details. */
  data: string;
  actor: string;
  at: string;
}
export type BacklogEventRow = Selectable<BacklogEventTable>;
