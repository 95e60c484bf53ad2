/**
 * Outbox claims (src/db/outbox-claim.ts). On PostgreSQL: two pools (two "processes") claiming at
 * once never get the same row, and a claim whose lease ended is taken over by another claimant.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "../../../src/db/connection.js";
import { claimOutboxRows } from "../../../src/db/outbox-claim.js";
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

async function seed(n: number): Promise<void> {
  const at = NOW.toISOString();
  const rows = Array.from({ length: n }, (_, i) => ({
    team_id: "T1",
    idempotency_key: `k${i}`,
    // One conversation per row: per-conversation order doesn't hold anything back here.
    channel: `C${i}`,
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
});
