/**
 * The render lease of a standup report's parent (issue 14: coalesced report refreshes across
 * replicas). Two "replicas", each with its own connection pool to one database: only one renders
 * at a time; a request made during the holder's render keeps the lease with the holder (it must
 * render again); a lease whose replica died is taken over once it ends.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "../../../src/db/connection.js";
import { createStandupRepository } from "../../../src/db/standup.repository.js";
import { createTestDatabase, type TestDatabase } from "../../support/db.js";

const LEASE = 30_000;
const T0 = new Date("2026-11-30T08:00:00Z");
const later = (ms: number) => new Date(T0.getTime() + ms);

let db: TestDatabase;
const pools: DatabaseHandle[] = [];
let reportId: number;
beforeEach(async () => {
  db = await createTestDatabase("file");
  const at = T0.toISOString();
  const standup = await db.db
    .insertInto("standups")
    .values({
      team_id: "T1",
      name: "Daily",
      channel_id: "C1",
      owner_id: "U1",
      participants: "[]",
      days: "[1,2,3,4,5]",
      prompt_time: "09:00",
      time_zone_mode: "member",
      fixed_time_zone: null,
      questions: "[]",
      blocker_question: null,
      close_after_minutes: 240,
      reminder_after_minutes: null,
      report_style: "thread",
      stale_blocker_days: 3,
      created_at: at,
      updated_at: at,
      deleted_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  reportId = (
    await createStandupRepository(db.db).ensureReport("T1", standup.id, "2026-11-30", later(4 * 3600_000), T0)
  ).id;
});
afterEach(async () => {
  for (const p of pools.splice(0)) await p.close();
  await db.dispose();
});

function replica() {
  const pool = openDatabase(db.path, { poolSize: 2 });
  pools.push(pool);
  return createStandupRepository(pool.db);
}

it("one replica renders at a time; a request during its render makes it render again", async () => {
  const [a, b] = [replica(), replica()];
  await a.requestRender(reportId);
  const [ca, cb] = await Promise.all([
    a.claimRender(reportId, "a", T0, LEASE),
    b.claimRender(reportId, "b", T0, LEASE),
  ]);
  // Exactly one of two simultaneous claims wins.
  expect([ca, cb].filter((c) => c !== null)).toHaveLength(1);
  const [holder, other, seen, otherName] = ca !== null ? [a, b, ca, "b"] : [b, a, cb ?? 0, "a"];
  const holderName = otherName === "a" ? "b" : "a";
  // The other replica's answer arrives during the holder's render: it only records the request.
  await other.requestRender(reportId);
  expect(await other.claimRender(reportId, otherName, later(100), LEASE)).toBeNull();
  // The holder may not let go: it must render again (the new request is newer than its render).
  expect(await holder.releaseRender(reportId, holderName, seen)).toBe(false);
  const again = await holder.claimRender(reportId, holderName, later(1000), LEASE);
  expect(again).toBe(seen + 1);
  expect(await holder.releaseRender(reportId, holderName, again ?? -1)).toBe(true);
  // Free again: the next refresh, on any replica, takes it.
  expect(await other.claimRender(reportId, otherName, later(2000), LEASE)).not.toBeNull();
});

it("a lease whose replica died is taken over once it ends, not before", async () => {
  const [a, b] = [replica(), replica()];
  await a.requestRender(reportId);
  expect(await a.claimRender(reportId, "a", T0, LEASE)).toBe(1);
  // `a` dies here. Until its lease ends, `b` only records requests.
  await b.requestRender(reportId);
  expect(await b.claimRender(reportId, "b", later(LEASE - 1), LEASE)).toBeNull();
  expect(await b.claimRender(reportId, "b", later(LEASE), LEASE)).toBe(2);
  // The dead replica's late release (it came back from a pause) no longer frees b's lease.
  expect(await a.releaseRender(reportId, "a", 2)).toBe(false);
  expect(await b.releaseRender(reportId, "b", 2)).toBe(true);
});
