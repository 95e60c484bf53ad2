/** Stakeholder requests in SQLite, scoped by `team_id`; one mapping (`toRequest`). */
import type { Kysely } from "kysely";
import type { RequestStatus, StakeholderRequest, Urgency } from "../domain/request.js";
import type { RequestRepository } from "../services/request.service.js";
import type { Database } from "./database.js";
import type { RequestRow } from "./request.table.js";

export function createRequestRepository(db: Kysely<Database>): RequestRepository {
  return {
    async insert({ teamId, draft, requesterId, channelId, at }) {
      const row = await db
        .insertInto("requests")
        .values({
          team_id: teamId,
          what: draft.what,
          why: draft.why,
          who_asks: draft.whoAsks,
          urgency: draft.urgency,
          requester_id: requesterId,
          channel_id: channelId,
          status: "open",
          created_at: at.toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRequest(row);
    },

    async find(teamId, id) {
      const row = await db
        .selectFrom("requests")
        .selectAll()
        .where("team_id", "=", teamId)
        .where("id", "=", id)
        .executeTakeFirst();
      return row ? toRequest(row) : null;
    },

    async listOpen(teamId, offset, limit) {
      const rows = await db
        .selectFrom("requests")
        .selectAll()
        .where("team_id", "=", teamId)
        .where("status", "=", "open")
        .orderBy("id")
        .limit(limit)
        .offset(offset)
        .execute();
      return rows.map(toRequest);
    },

    async countOpen(teamId) {
      const r = await db
        .selectFrom("requests")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("team_id", "=", teamId)
        .where("status", "=", "open")
        .executeTakeFirst();
      return Number(r?.n ?? 0);
    },

    async decide({ teamId, id, status, reason, reasonShared = false, storyId, by, at }) {
      // Only an open request can be decided: two POs clicking at once → one wins, one gets 0 rows.
      const r = await db
        .updateTable("requests")
        .set({
          status,
          decision_reason: reason,
          reason_shared: reasonShared ? 1 : 0,
          story_id: storyId,
          decided_by: by,
          decided_at: at.toISOString(),
        })
        .where("team_id", "=", teamId)
        .where("id", "=", id)
        .where("status", "=", "open")
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}

export function toRequest(row: RequestRow): StakeholderRequest {
  return {
    id: row.id,
    teamId: row.team_id,
    what: row.what,
    why: row.why,
    whoAsks: row.who_asks,
    urgency: row.urgency as Urgency,
    requesterId: row.requester_id,
    channelId: row.channel_id,
    status: row.status as RequestStatus,
    decisionReason: row.decision_reason,
    storyId: row.story_id,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at ? new Date(row.decided_at) : null,
    createdAt: new Date(row.created_at),
  };
}
