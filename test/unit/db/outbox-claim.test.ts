/**
 * Outbox claims (src/db/outbox-claim.ts). On PostgreSQL: two pools (two "processes") claiming at
 * once never get the same row, and a claim whose lease ended is taken over by another claimant.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "../../../src/db/connection.js";
import { claimOutboxRows } from "../../../src/db/outbox-claim.js";
import { createOutboxLaneRepository } from "../../../src/db/outbox-lanes.repository.js";
import { createTestDatabase, onPostgres, type TestDatabase } from "../../support/db.js";

const NOW = new Date("2026-12-02T09:00:00Z");
let t: TestDatabase;
let second: DatabaseHandle | undefined;

beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await second?.close();
  second = undefined;
  await t.dispose();
});

async function seed(n: number, channels?: number): Promise<void> {
  const at = NOW.toISOString();
  const rows = Array.from({ length: n }, (_, i) => ({
    team_id: "T1",
    idempotency_key: `k${i}`,
    // One conversation per row: per-conversation order doesn't hold anything back here.
    channel: `C${channels ? i % channels : i}`,
    text: `m${i}`,
    state: "pending",
    attempts: 0,
    next_attempt_at: at,
    created_at: at,
    updated_at: at,
  }));
  await t.db.insertInto("outbox").values(rows).execute();
}

describe("claimOutboxRows", () => {
  it("claims due rows oldest first with the claimant and the lease end", async () => {
    await seed(3);
    const rows = await claimOutboxRows(t.db, { now: NOW, limit: 2, claimant: "A", leaseMs: 60_000 });
    expect(rows.map((r) => [r.idempotency_key, r.claimed_by, r.lease_until])).toEqual([
      ["k0", "A", "2026-12-02T09:01:00.000Z"],
      ["k1", "A", "2026-12-02T09:01:00.000Z"],
    ]);
  });

  it.skipIf(!onPostgres)("two pools claiming at once never claim one row twice (PostgreSQL)", async () => {
    await seed(200);
    second = openDatabase(t.path, { poolSize: 4 });
    const claimed: number[] = [];
    const claimer = (db: DatabaseHandle["db"], name: string) => async () => {
      for (;;) {
        const rows = await claimOutboxRows(db, { now: NOW, limit: 7, claimant: name, leaseMs: 60_000 });
        if (rows.length === 0) return;
        claimed.push(...rows.map((r) => r.id));
      }
    };
    await Promise.all([
      claimer(t.db, "A")(),
      claimer(second.db, "B")(),
      claimer(t.db, "A2")(),
      claimer(second.db, "B2")(),
    ]);
    expect(claimed).toHaveLength(200);
    expect(new Set(claimed).size).toBe(200);
  });

  it.skipIf(!onPostgres)(
    "skips rows under another claimant's lease and takes them over once it ends",
    async () => {
      await seed(2);
      await claimOutboxRows(t.db, { now: NOW, limit: 1, claimant: "dead", leaseMs: 60_000 });
      const during = await claimOutboxRows(t.db, {
        now: new Date(NOW.getTime() + 59_000),
        limit: 10,
        claimant: "B",
      });
      expect(during.map((r) => r.idempotency_key)).toEqual(["k1"]);
      const after = await claimOutboxRows(t.db, {
        now: new Date(NOW.getTime() + 60_000),
        limit: 10,
        claimant: "B",
      });
      expect(after.map((r) => [r.idempotency_key, r.claimed_by])).toEqual([["k0", "B"]]);
    },
  );

  it.skipIf(!onPostgres)(
    "a conversation's later message is not claimed beside an earlier one another replica holds",
    async () => {
      await seed(3, 2); // k0 and k2 in C0, k1 in C1
      await claimOutboxRows(t.db, { now: NOW, limit: 1, claimant: "A", leaseMs: 60_000 });
      const beside = await claimOutboxRows(t.db, { now: NOW, limit: 10, claimant: "B" });
      expect(beside.map((r) => r.idempotency_key)).toEqual(["k1"]);
    },
  );
});

describe.skipIf(!onPostgres)("one team's claims from several replicas (PostgreSQL)", () => {
  it("never hold messages of one conversation in two places at once", async () => {
    await seed(120, 4);
    second = openDatabase(t.path, { poolSize: 4 });
    /** Conversation → the replica holding messages of it, and how many. */
    const held = new Map<string, { by: string; n: number }>();
    const sent: string[] = [];
    const clashes: string[] = [];
    const replica = (db: DatabaseHandle["db"], name: string) => async () => {
      const lanes = createOutboxLaneRepository(db);
      for (;;) {
        const rows = await lanes.listDueForTeam("T1", NOW, 3, { leaseMs: 60_000 });
        if (rows.length === 0 && sent.length >= 120) return;
        for (const row of rows) {
          const h = held.get(row.channel);
          if (h && h.by !== name) clashes.push(`${row.idempotencyKey}: ${h.by} holds ${row.channel}`);
          held.set(row.channel, { by: name, n: (h?.by === name ? h.n : 0) + 1 });
        }
        await new Promise((r) => setTimeout(r, 1));
        for (const row of rows) {
          sent.push(row.idempotencyKey);
          await db
            .updateTable("outbox")
            .set({ state: "sent", claimed_by: null, lease_until: null })
            .where("id", "=", row.id)
            .execute();
          const h = held.get(row.channel);
          if (h && h.by === name && --h.n === 0) held.delete(row.channel);
        }
      }
    };
    await Promise.all([replica(t.db, "A")(), replica(second.db, "B")(), replica(t.db, "C")()]);
    expect(clashes).toEqual([]);
    expect(new Set(sent).size).toBe(120);
    // Per conversation, the order of enqueue.
    for (const c of [0, 1, 2, 3]) {
      const keys = sent.filter((k) => Number(k.slice(1)) % 4 === c).map((k) => Number(k.slice(1)));
      expect(keys).toEqual([...keys].sort((a, b) => a - b));
    }
  });
});
