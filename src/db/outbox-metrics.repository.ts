/** What `/metrics` reads from the outbox at each scrape (see `app/metrics.ts`). */
import type { Kysely } from "kysely";
import type { Database } from "./database.js";

export interface OutboxBacklog {
  /** Rows still to be sent (state `pending`, including ones waiting for a retry). */
  pending: number;
  /** When the oldest of them was enqueued; null when none is pending. */
  oldestCreatedAt: Date | null;
}

/**
 * One query on the (state, created_at) index: a count of the pending range and its first entry.
 * Its cost grows with the pending rows only, never with the sent history.
 */
export function createOutboxBacklogReader(db: Kysely<Database>): () => Promise<OutboxBacklog> {
  return async () => {
    const row = await db
      .selectFrom("outbox")
      .where("state", "=", "pending")
      .select((eb) => [eb.fn.countAll<number>().as("pending"), eb.fn.min("created_at").as("oldest")])
      .executeTakeFirst();
    const oldest = row?.oldest ? new Date(String(row.oldest)) : null;
    return { pending: Number(row?.pending ?? 0), oldestCreatedAt: oldest };
  };
}
