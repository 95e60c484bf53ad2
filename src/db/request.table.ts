import type { Generated, Selectable } from "kysely";

/** Row shape of `requests` (stakeholder requests in the PO's triage inbox). */
export interface RequestTable {
  id: Generated<number>;
  team_id: string;
  what: string;
  why: string;
  who_asks: string;
  urgency: string;
  requester_id: string;
  channel_id: string | null;
  status: string;
  decision_reason: string | null;
  /** 1 when the decider chose to share the reason with stakeholders (the digest). */
  reason_shared: Generated<number>;
  story_id: number | null;
  decided_by: string | null;
  decided_at: string | null;
  created_at: string;
}
export type RequestRow = Selectable<RequestTable>;
