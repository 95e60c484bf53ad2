/**
 * The outbox's per-workspace selection, beside `outbox.repository.ts`: which teams have messages
 * due, and one team's due messages. The outbox serves workspaces in turn from these, so one
 * workspace's fan-out never sits in front of another's prompts in a single "oldest first" batch.
 * Same rules as `listDue` there (pending, due, and per conversation nothing earlier backing off).
 */
import type { Kysely } from "kysely";
import type { OutboxLaneStore } from "../services/outbox.service.js";
import type { Database } from "./database.js";
import { toOutboxEntry } from "./outbox.repository.js";

const iso = (d: Date) => d.toISOString();

export function createOutboxLaneRepository(db: Kysely<Database>): OutboxLaneStore {
  return {
    async listDueTeams(now, limit) {
      const rows = await db
        .selectFrom("outbox")
        .select(["team_id", (eb) => eb.fn.min("id").as("first_id")])
        .where("state", "=", "pending")
        .where("next_attempt_at", "<=", iso(now))
        .groupBy("team_id")
        // The team whose oldest due message has waited longest first.
        .orderBy("first_id")
        .limit(limit)
        .execute();
      return rows.map((r) => r.team_id);
    },

    async listDueForTeam(teamId, now, limit) {
      const rows = await db
        .selectFrom("outbox")
        .selectAll()
        .where("team_id", "=", teamId)
        .where("state", "=", "pending")
        .where("next_attempt_at", "<=", iso(now))
        // Per conversation, order holds: a row waits while an earlier one is backing off.
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom("outbox as earlier")
                .select("earlier.id")
                .where("earlier.team_id", "=", teamId)
                .whereRef("earlier.channel", "=", "outbox.channel")
                .where("earlier.state", "=", "pending")
                .whereRef("earlier.id", "<", "outbox.id")
                .where("earlier.next_attempt_at", ">", iso(now)),
            ),
          ),
        )
        .orderBy("id")
        .limit(limit)
        .execute();
      return rows.map(toOutboxEntry);
    },
  };
}
