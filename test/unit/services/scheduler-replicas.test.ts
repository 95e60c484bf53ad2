/**
 * Issue 14: scheduled occurrences run exactly once across replicas. Three scheduler instances,
 * each with its own connection pool to ONE database (as three replicas have), share a FakeClock
 * stepped over a simulated week that contains Europe's autumn DST change. Every step, all three
 * tick at the same instant. One replica "dies" in the middle of its first job (the job never
 * returns and the replica never ticks or heartbeats again): once its run lease has ended, another
 * replica takes the occurrence over. At the end every occurrence has completed exactly once.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "../../../src/db/connection.js";
import { createScheduleLaneRepository } from "../../../src/db/schedule-lanes.repository.js";
import { createSchedulingUnitOfWork } from "../../../src/db/scheduling-stores.js";
import { occurrencesBetween } from "../../../src/domain/schedule/index.js";
import { FakeClock } from "../../../src/lib/clock.js";
import { createLogger } from "../../../src/lib/logger.js";
import { createSchedulerService, type SchedulerService } from "../../../src/services/scheduler.service.js";
import type { ScheduleSpec } from "../../../src/services/scheduling.ports.js";
import { createTestDatabase, type TestDatabase } from "../../support/db.js";

const logger = createLogger("silent");
const START = "2026-10-21T22:00:00Z"; // Thursday 00:00 Berlin (CEST)
const END = "2026-10-28T22:00:00Z"; // a week later (CET since Sunday 25 October, 03:00 → 02:00)
/** The dead replica's lease: it never renews it, so the others may take over once it ends. */
const DEAD_LEASE_MS = 5 * 60_000;

const specs: ScheduleSpec[] = [
  // 02:30 happens twice in Berlin on 25 October: it runs once, at its first instant.
  { recurrence: { kind: "weekly", days: [0, 1, 2, 3, 4, 5, 6], time: "02:30" }, timeZone: "Europe/Berlin" },
  { recurrence: { kind: "weekly", days: [1, 2, 3, 4, 5], time: "09:00" }, timeZone: "Europe/Berlin" },
  { recurrence: { kind: "weekly", days: [1, 2, 3, 4, 5], time: "09:00" }, timeZone: "Europe/London" },
  { recurrence: { kind: "weekly", days: [1, 3, 5], time: "09:15" }, timeZone: "America/New_York" },
  { recurrence: { kind: "weekly", days: [0, 6], time: "10:00" }, timeZone: "Asia/Kolkata" },
  { recurrence: { kind: "weekly", days: [0, 1, 2, 3, 4, 5, 6], time: "23:45" }, timeZone: "Pacific/Chatham" },
  { recurrence: { kind: "cron", expression: "0 */4 * * *" }, timeZone: "UTC" },
  { recurrence: { kind: "cron", expression: "30 1,2,3 * * *" }, timeZone: "Europe/Berlin" },
].flatMap((s, i) =>
  // Three teams each, so the per-team lanes interleave.
  ["T1", "T2", "T3"].map((teamId) => ({
    teamId,
    jobKind: "test.job",
    refId: `s${i}`,
    recurrence: s.recurrence as ScheduleSpec["recurrence"],
    timeZone: s.timeZone as string,
    label: `schedule ${i}`,
  })),
);

describe("scheduler across replicas", () => {
  let db: TestDatabase;
  const pools: DatabaseHandle[] = [];
  beforeEach(async () => {
    db = await createTestDatabase("file");
  });
  afterEach(async () => {
    for (const p of pools.splice(0)) await p.close();
    await db.dispose();
  });

  it("three replicas over a simulated week with a DST change: every occurrence runs exactly once, a dead replica's run is taken over", async () => {
    const clock = new FakeClock(START);
    const completed: string[] = [];
    let deadJob: string | null = null;
    let died: () => void = () => {};
    const dying = new Promise<void>((resolve) => {
      died = resolve;
    });
    const replicas: SchedulerService[] = [];
    for (let r = 0; r < 3; r++) {
      const pool = openDatabase(db.path, { poolSize: 3 });
      pools.push(pool);
      const dies = r === 2;
      const s = createSchedulerService({
        uow: createSchedulingUnitOfWork(pool.db),
        lanes: createScheduleLaneRepository(pool.db),
        clock,
        logger,
        ...(dies ? { runLeaseMs: DEAD_LEASE_MS } : {}),
      });
      s.registerJob("test.job", async (ctx) => {
        const id = `${ctx.teamId}:${ctx.refId}:${ctx.localDue}`;
        if (dies) {
          deadJob = id;
          died();
          return new Promise<void>(() => {}); // the replica dies here: no return, no heartbeat
        }
        completed.push(id);
      });
      replicas.push(s);
    }
    for (const spec of specs) await replicas[0]?.upsert(spec);

    // Steps of 7 to 23 minutes (deterministic), every replica ticking at the same instant. Once
    // the third replica is dead its tick never returns: it isn't awaited and it never ticks again.
    const end = new Date(END).getTime();
    let step = 0;
    while (clock.now().getTime() < end) {
      clock.advance(Math.min((7 + ((step++ * 5) % 17)) * 60_000, end - clock.now().getTime()));
      const now = clock.now();
      const third = deadJob === null ? Promise.race([replicas[2]?.tick(now), dying]) : null;
      await Promise.all([replicas[0]?.tick(now), replicas[1]?.tick(now), third]);
    }
    // One more round once the dead lease has surely ended.
    clock.advance(DEAD_LEASE_MS);
    await Promise.all([replicas[0]?.tick(clock.now()), replicas[1]?.tick(clock.now())]);

    const expected = specs.flatMap((s) =>
      occurrencesBetween(
        { recurrence: s.recurrence, timeZone: s.timeZone },
        new Date(START),
        new Date(END),
      ).map((o) => `${s.teamId}:${s.refId}:${o.localDue}`),
    );
    expect(expected.length).toBeGreaterThan(250);
    // The ambiguous 02:30 of 25 October ran once; the nonexistent hour doesn't apply in autumn.
    expect(expected.filter((id) => id.startsWith("T1:s0:"))).toHaveLength(7);
    expect(deadJob).not.toBeNull();
    expect(completed).toContain(deadJob);
    expect([...completed].sort()).toEqual([...expected].sort());
    expect(new Set(completed).size).toBe(completed.length);
    // Recorded: every occurrence done once, none left running.
    const runs = await db.db.selectFrom("schedule_runs").select(["state"]).execute();
    expect(runs).toHaveLength(expected.length);
    expect(runs.every((r) => r.state === "done")).toBe(true);
  }, 90_000);
});
