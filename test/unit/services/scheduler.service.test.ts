import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../../src/db/connection.js";
import { createSchedulingUnitOfWork } from "../../../src/db/scheduling-stores.js";
import { InvalidScheduleError } from "../../../src/domain/schedule/index.js";
import { FakeClock } from "../../../src/lib/clock.js";
import { createLogger } from "../../../src/lib/logger.js";
import { createSchedulerService, type SchedulerService } from "../../../src/services/scheduler.service.js";
import type { JobContext, ScheduleSpec } from "../../../src/services/scheduling.ports.js";
import { createTestDatabase, type TestDatabase } from "../../support/db.js";

const T = "T0001";
const logger = createLogger("silent");
const HOUR = 3600_000;

const berlin9: ScheduleSpec = {
  teamId: T,
  jobKind: "standup.prompt",
  refId: "s1",
  recurrence: { kind: "weekly", days: [1, 2, 3, 4, 5], time: "09:00" },
  timeZone: "Europe/Berlin",
  label: "Daily standup",
};

describe("scheduler service over real SQLite", () => {
  let db: TestDatabase;
  let clock: FakeClock;
  let calls: JobContext[];

  function newScheduler(database = db.db): SchedulerService {
    const s = createSchedulerService({ uow: createSchedulingUnitOfWork(database), clock, logger });
    s.registerJob("standup.prompt", async (ctx) => {
      calls.push(ctx);
    });
    return s;
  }
  const runs = () => createSchedulingUnitOfWork(db.db).read.schedules.listRuns({ teamId: T });

  beforeEach(async () => {
    db = await createTestDatabase("file");
    clock = new FakeClock("2026-11-30T06:00:00Z"); // Monday 07:00 Berlin
    calls = [];
  });
  afterEach(() => db.dispose());

  it("stores the next run, fires at the due instant (not before), once", async () => {
    const scheduler = newScheduler();
    const { nextDueAt } = await scheduler.upsert(berlin9);
    expect(nextDueAt?.toISOString()).toBe("2026-11-30T08:00:00.000Z");
    expect((await scheduler.tick(new Date("2026-11-30T07:59:59.999Z"))).due).toBe(0);
    expect(calls).toHaveLength(0);
    const due = new Date("2026-11-30T08:00:00Z");
    expect(await scheduler.tick(due)).toMatchObject({ due: 1, ran: 1 });
    expect(await scheduler.tick(due)).toMatchObject({ due: 0, ran: 0 });
    expect(calls).toEqual([
      expect.objectContaining({ localDue: "2026-11-30T09:00", dueAt: due, now: due, refId: "s1", teamId: T }),
    ]);
    expect((await scheduler.list(T))[0]?.nextDueAt?.toISOString()).toBe("2026-12-01T08:00:00.000Z");
  });

  it("rejects invalid rules with a typed error and stores nothing", async () => {
    const scheduler = newScheduler();
    await expect(scheduler.upsert({ ...berlin9, timeZone: "Mars/Olympus" })).rejects.toThrow(
      InvalidScheduleError,
    );
    await expect(
      scheduler.upsert({ ...berlin9, recurrence: { kind: "cron", expression: "61 * * * *" } }),
    ).rejects.toThrow(InvalidScheduleError);
    expect(await scheduler.list(T)).toEqual([]);
  });

  it("after downtime, catches up within grace and records older occurrences as skipped", async () => {
    const before = newScheduler();
    await before.upsert({ ...berlin9, graceMs: 2 * HOUR });
    await before.tick(new Date("2026-11-30T08:00:00Z")); // Monday runs
    // Down from Monday 09:01 to Thursday 10:30 Berlin (09:30Z): Tue and Wed are beyond grace, Thu is 1.5 h late.
    clock.set("2026-12-03T09:30:00Z");
    const after = newScheduler(); // a fresh process on the same database
    const stats = await after.catchUp(clock.now());
    expect(stats).toMatchObject({ ran: 1, skipped: 2 });
    expect(calls.map((c) => [c.localDue, c.now.toISOString()])).toEqual([
      ["2026-11-30T09:00", "2026-11-30T08:00:00.000Z"],
      ["2026-12-03T09:00", "2026-12-03T09:30:00.000Z"],
    ]);
    const byLocal = Object.fromEntries((await runs()).map((r) => [r.localDue, [r.state, r.reason]]));
    expect(byLocal).toEqual({
      "2026-11-30T09:00": ["done", null],
      "2026-12-01T09:00": ["skipped", "missed_beyond_grace"],
      "2026-12-02T09:00": ["skipped", "missed_beyond_grace"],
      "2026-12-03T09:00": ["done", null],
    });
  });

  it("re-upserting an unchanged rule at start-up keeps the gap to catch up; a changed rule starts fresh", async () => {
    const scheduler = newScheduler();
    await scheduler.upsert(berlin9);
    clock.set("2026-11-30T09:00:00Z"); // 1 h after Monday's due time; no tick ran
    await scheduler.upsert({ ...berlin9, label: "renamed" });
    await scheduler.catchUp(clock.now());
    expect(calls.map((c) => c.localDue)).toEqual(["2026-11-30T09:00"]);

    await scheduler.upsert({
      ...berlin9,
      recurrence: { kind: "weekly", days: [1, 2, 3, 4, 5], time: "09:30" },
    });
    clock.set("2026-12-01T08:30:00Z");
    await scheduler.tick(clock.now());
    expect(calls.map((c) => c.localDue)).toEqual(["2026-11-30T09:00", "2026-12-01T09:30"]);
  });

  async function crashDuringRun(spec: ScheduleSpec): Promise<void> {
    const crashed = createSchedulerService({ uow: createSchedulingUnitOfWork(db.db), clock, logger });
    crashed.registerJob("standup.prompt", () => new Promise<void>(() => {})); // never finishes: the process "dies"
    await crashed.upsert(spec);
    void crashed.tick(new Date("2026-11-30T08:00:00Z"));
    for (let i = 0; i < 200 && (await runs()).length < 1; i++) await new Promise((r) => setTimeout(r, 5));
    expect((await runs()).map((r) => r.state)).toEqual(["running"]);
  }

  it("re-runs an occurrence a crash left running when still within grace", async () => {
    await crashDuringRun(berlin9);
    clock.set("2026-11-30T08:05:00Z");
    await newScheduler().catchUp(clock.now());
    expect(calls.map((c) => [c.refId, c.localDue, c.now.toISOString()])).toEqual([
      ["s1", "2026-11-30T09:00", "2026-11-30T08:05:00.000Z"],
    ]);
    expect((await runs())[0]).toMatchObject({ state: "done" });
  });

  it("records an interrupted occurrence beyond grace as skipped, with the reason", async () => {
    await crashDuringRun({ ...berlin9, graceMs: 60_000 });
    clock.set("2026-11-30T08:05:00Z");
    await newScheduler().catchUp(clock.now());
    expect(calls).toHaveLength(0);
    expect((await runs())[0]).toMatchObject({ state: "skipped", reason: "interrupted_beyond_grace" });
  });

  it("two processes ticking at the same instant run each occurrence once (unique claim)", async () => {
    const a = newScheduler();
    const second = openDatabase(db.path);
    const b = newScheduler(second.db);
    for (let i = 0; i < 40; i++) await a.upsert({ ...berlin9, refId: `p${i}` });
    const due = new Date("2026-11-30T08:00:00Z");
    const [sa, sb, sa2] = await Promise.all([a.tick(due), b.tick(due), a.tick(due)]);
    expect(calls).toHaveLength(40);
    expect(new Set(calls.map((c) => c.refId)).size).toBe(40);
    expect((sa?.ran ?? 0) + (sb?.ran ?? 0) + (sa2?.ran ?? 0)).toBe(40);
    expect((await runs()).filter((r) => r.state === "done")).toHaveLength(40);
    await second.close();
  });

  it("records a failing job as failed with its error, and keeps scheduling", async () => {
    const scheduler = createSchedulerService({ uow: createSchedulingUnitOfWork(db.db), clock, logger });
    scheduler.registerJob("standup.prompt", async () => {
      throw new Error("boom");
    });
    await scheduler.upsert(berlin9);
    expect(await scheduler.tick(new Date("2026-11-30T08:00:00Z"))).toMatchObject({ failed: 1 });
    expect((await runs())[0]).toMatchObject({ state: "failed", error: "boom" });
    expect((await scheduler.list(T))[0]?.nextDueAt?.toISOString()).toBe("2026-12-01T08:00:00.000Z");
  });

  it("follows the team calendar: holidays added later are skipped, removed ones fire again", async () => {
    const uow = createSchedulingUnitOfWork(db.db);
    const scheduler = newScheduler();
    await scheduler.upsert({ ...berlin9, useTeamCalendar: true });
    await uow.read.calendars.addHoliday(T, "2026-11-30", "team day");
    await scheduler.recomputeTeam(T);
    expect((await scheduler.list(T))[0]?.nextLocalDue).toBe("2026-12-01T09:00");
    await scheduler.tick(new Date("2026-11-30T08:00:00Z"));
    expect(calls).toHaveLength(0);
    await uow.read.calendars.removeHoliday(T, "2026-11-30");
    await scheduler.recomputeTeam(T);
    expect((await scheduler.list(T))[0]?.nextLocalDue).toBe("2026-11-30T09:00");
  });

  it("removes schedules, and refuses a second handler for the same job kind", async () => {
    const scheduler = newScheduler();
    await scheduler.upsert(berlin9);
    await scheduler.remove(T, "standup.prompt", "s1");
    await scheduler.tick(new Date("2026-11-30T08:00:00Z"));
    expect(calls).toHaveLength(0);
    expect(() => scheduler.registerJob("standup.prompt", async () => {})).toThrow(/already registered/);
  });
});
