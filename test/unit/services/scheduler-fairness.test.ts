/**
 * A tick serves workspaces in turn: workspace B's few prompt jobs due at 09:00 don't wait behind
 * workspace A's many due at the same minute. Real SQLite; the per-team selection of
 * `schedule-lanes.repository.ts`, as the app wires it.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createScheduleLaneRepository } from "../../../src/db/schedule-lanes.repository.js";
import { createSchedulingUnitOfWork } from "../../../src/db/scheduling-stores.js";
import { FakeClock } from "../../../src/lib/clock.js";
import { createLogger } from "../../../src/lib/logger.js";
import { createSchedulerService } from "../../../src/services/scheduler.service.js";
import type { ScheduleSpec } from "../../../src/services/scheduling.ports.js";
import { createTestDatabase, type TestDatabase } from "../../support/db.js";

const logger = createLogger("silent");

describe("scheduler tick fairness between workspaces", () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase("memory");
  });
  afterEach(() => db.dispose());

  it("runs one due job of each team in turn, every job once, in order within a team", async () => {
    const clock = new FakeClock("2026-11-30T06:00:00Z");
    const scheduler = createSchedulerService({
      uow: createSchedulingUnitOfWork(db.db),
      lanes: createScheduleLaneRepository(db.db),
      clock,
      logger,
      batchSize: 7, // smaller than A's due jobs: B must still come early, from the first round
    });
    const ran: string[] = [];
    scheduler.registerJob("test.prompt", async (ctx) => void ran.push(`${ctx.teamId}:${ctx.refId}`));
    const spec = (teamId: string, refId: string): ScheduleSpec => ({
      teamId,
      jobKind: "test.prompt",
      refId,
      recurrence: { kind: "weekly", days: [1, 2, 3, 4, 5], time: "09:00" },
      timeZone: "Europe/Berlin",
      label: "prompt",
    });
    // A's schedules were created first (lower ids): oldest-first order would run all 20 before B's.
    for (let i = 0; i < 20; i++) await scheduler.upsert(spec("TA", `a${String(i).padStart(2, "0")}`));
    for (let i = 0; i < 3; i++) await scheduler.upsert(spec("TB", `b${i}`));
    const stats = await scheduler.tick(new Date("2026-11-30T08:00:00Z"));
    expect(stats).toMatchObject({ due: 23, ran: 23, failed: 0 });
    expect(ran.slice(0, 6)).toEqual(["TA:a00", "TB:b0", "TA:a01", "TB:b1", "TA:a02", "TB:b2"]);
    expect(new Set(ran).size).toBe(23);
    const aOrder = ran.filter((r) => r.startsWith("TA"));
    expect(aOrder).toEqual([...aOrder].sort());
    expect(await scheduler.tick(new Date("2026-11-30T08:00:00Z"))).toMatchObject({ due: 0, ran: 0 });
  });
});
