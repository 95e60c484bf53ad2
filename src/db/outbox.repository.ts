/** `outbox` over kysely. Every lookup is scoped by team (or by the row id the worker holds). */
import type { Kysely } from "kysely";
import type { OutboxEntry, OutboxStore } from "../services/scheduling-store.ports.js";
import type { Database } from "./database.js";
import { dialectOf } from "./dialect.js";
import type { OutboxRow } from "./outbox.table.js";
import { claimOutboxRows, OUTBOX_LEASE_MS, PROCESS_CLAIMANT } from "./outbox-claim.js";

const iso = (d: Date) => d.toISOString();
/** A finished attempt gives its claim back: a retry may go to any replica. */
const RELEASED = { claimed_by: null, lease_until: null } as const;

function toEntry(row: OutboxRow): OutboxEntry {
  return {
    id: row.id,
    teamId: row.team_id,
    idempotencyKey: row.idempotency_key,
    channel: row.channel,
    text: row.text,
    blocks: row.blocks === null ? null : (JSON.parse(row.blocks) as unknown[]),
    threadOfKey: row.thread_of_key,
    updateOfKey: row.update_of_key,
    purpose: row.purpose,
    author: row.username === null ? null : { name: row.username, iconUrl: row.icon_url },
    state: row.state as OutboxEntry["state"],
    attempts: row.attempts,
    lastError: row.last_error,
    nextAttemptAt: new Date(row.next_attempt_at),
    sentChannel: row.sent_channel,
    ts: row.ts,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    sentAt: row.sent_at === null ? null : new Date(row.sent_at),
  };
}

export function createOutboxRepository(db: Kysely<Database>): OutboxStore {
  async function findByKey(teamId: string, idempotencyKey: string): Promise<OutboxEntry | null> {
    const row = await db
      .selectFrom("outbox")
      .selectAll()
      .where("team_id", "=", teamId)
      .where("idempotency_key", "=", idempotencyKey)
      .executeTakeFirst();
    return row ? toEntry(row) : null;
  }

  return {
    findByKey,

    async insertIfAbsent(entry) {
      const at = iso(entry.at);
      const result = await db
        .insertInto("outbox")
        .values({
          team_id: entry.teamId,
          idempotency_key: entry.idempotencyKey,
          channel: entry.channel,
          text: entry.text,
          blocks: entry.blocks === null ? null : JSON.stringify(entry.blocks),
          thread_of_key: entry.threadOfKey,
          update_of_key: entry.updateOfKey,
          purpose: entry.purpose,
          username: entry.author?.name ?? null,
          icon_url: entry.author?.iconUrl ?? null,
          state: "pending",
          attempts: 0,
          next_attempt_at: at,
          created_at: at,
          updated_at: at,
        })
        .onConflict((oc) => oc.columns(["team_id", "idempotency_key"]).doNothing())
        .executeTakeFirst();
      const created = Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
      const stored = await findByKey(entry.teamId, entry.idempotencyKey);
      if (!stored) throw new Error(`outbox row ${entry.idempotencyKey} vanished after insert`);
      return { entry: stored, created };
    },

    async supersedeUpdates(teamId, updateOfKey, keepId, at) {
      const result = await db
        .updateTable("outbox")
        .set({ state: "superseded", updated_at: iso(at) })
        .where("team_id", "=", teamId)
        .where("update_of_key", "=", updateOfKey)
        .where("state", "=", "pending")
        .where("id", "!=", keepId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async listDue(now, limit) {
      // A claim (lease), not a plain read: several replicas never send one row twice.
      return (await claimOutboxRows(db, { now, limit })).map(toEntry);
    },

    async beginAttempt(id, at, leaseMs = OUTBOX_LEASE_MS) {
      // Renews the lease just before the send; on PostgreSQL only while the claim is still ours
      // (a replica whose lease ran out must not send what another replica took over).
      let query = db
        .updateTable("outbox")
        .set((eb) => ({
          attempts: eb("attempts", "+", 1),
          updated_at: iso(at),
          claimed_by: PROCESS_CLAIMANT,
          lease_until: iso(new Date(at.getTime() + leaseMs)),
        }))
        .where("id", "=", id)
        .where("state", "=", "pending");
      if (dialectOf(db) === "postgres") query = query.where("claimed_by", "=", PROCESS_CLAIMANT);
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async markSent(id, sent, at) {
      // Unconditional on state: a message Slack accepted IS sent, even if it was superseded meanwhile.
      await db
        .updateTable("outbox")
        .set({
          state: "sent",
          sent_channel: sent.channel,
          ts: sent.ts,
          sent_at: iso(at),
          updated_at: iso(at),
          last_error: null,
          ...(sent.asBot ? { username: null, icon_url: null } : {}),
          ...RELEASED,
        })
        .where("id", "=", id)
        .execute();
    },

    async markFailed(id, error, at) {
      await db
        .updateTable("outbox")
        .set({ state: "failed", last_error: error, updated_at: iso(at), ...RELEASED })
        .where("id", "=", id)
        .execute();
    },

    async failPendingOfTeam(teamId, error, at) {
      const result = await db
        .updateTable("outbox")
        .set({ state: "failed", last_error: error, updated_at: iso(at) })
        .where("team_id", "=", teamId)
        .where("state", "=", "pending")
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async resetFailed(teamId, idempotencyKey, content, at) {
      const result = await db
        .updateTable("outbox")
        .set({
          state: "pending",
          attempts: 0,
          last_error: null,
          next_attempt_at: iso(at),
          updated_at: iso(at),
          ...(content
            ? { text: content.text, blocks: content.blocks ? JSON.stringify(content.blocks) : null }
            : {}),
        })
        .where("team_id", "=", teamId)
        .where("idempotency_key", "=", idempotencyKey)
        .where("state", "=", "failed")
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async scheduleRetry(id, error, nextAttemptAt, at) {
      await db
        .updateTable("outbox")
        .set({ last_error: error, next_attempt_at: iso(nextAttemptAt), updated_at: iso(at), ...RELEASED })
        .where("id", "=", id)
        .where("state", "=", "pending")
        .execute();
    },

    async recentFailures(teamId, limit) {
      const rows = await db
        .selectFrom("outbox")
        .selectAll()
        .where("team_id", "=", teamId)
        .where("state", "=", "failed")
        .orderBy("updated_at", "desc")
        .orderBy("id", "desc")
        .limit(limit)
        .execute();
      return rows.map(toEntry);
    },

    async countByState(teamId) {
      let query = db.selectFrom("outbox").select(["state", (eb) => eb.fn.countAll<number>().as("n")]);
      if (teamId !== undefined) query = query.where("team_id", "=", teamId);
      const rows = await query.groupBy("state").execute();
      return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
    },
  };
}

/** A stored row as the service sees it (also for the per-team selection in outbox-lanes.repository.ts). */
export { toEntry as toOutboxEntry };
