/**
 * `scheduleOnce`: one run at one instant, named by its local minute in a zone (standup prompts
 * after a zone change, poker reveals). Fixed instants across zones and DST, over real SQLite.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSchedulingUnitOfWork } from "../../../src/db/scheduling-stores.js";
import { FakeClock } from "../../../src/lib/clock.js";
import { createLogger } from "../../../src/lib/logger.js";
import {
  createSchedulerService,
  oneShotRule,
  type SchedulerService,
} from "../../../src/services/scheduler.service.js";
import type { JobContext, OneShotSpec } from "../../../src/services/scheduling.ports.js";
import { createTestDatabase, type TestDatabase } from "../../support/db.js";

const T = "T0001";
const once = (at: string, timeZone: string): OneShotSpec => ({
  teamId: T,
  jobKind: "test.once",
  refId: "r1",
  at: new Date(at),
  timeZone,
  label: "once",
});

describe("scheduleOnce over real SQLite", () => {
  let db: TestDatabase;
  let clock: FakeClock;
  let calls: JobContext[];
  let scheduler: SchedulerService;

  beforeEach(async () => {
    db = await createTestDatabase("file");
    clock = new FakeClock("2026-01-01T00:00:00Z");
    calls = [];
    scheduler = createSchedulerService({
      uow: createSchedulingUnitOfWork(db.db),
      clock,
      logger: createLogger("silent"),
    });
    scheduler.registerJob("test.once", async (ctx) => {
      calls.push(ctx);
    });
  });
  afterEach(() => db.dispose());

  /** Ticks just before and at `due`, then a year later; returns what ran. */
  async function runAround(due: string) {
    const at = new Date(due);
    expect((await scheduler.tick(new Date(at.getTime() - 1))).ran).toBe(0);
    expect((await scheduler.tick(at)).ran).toBe(1);
    expect((await scheduler.tick(new Date(at.getTime() + 366 * 86_400_000))).ran).toBe(0);
    return calls.map((c) => ({ localDue: c.localDue, timeZone: c.timeZone, dueAt: c.dueAt.toISOString() }));
  }

  it("fires once at the minute of the instant, rounded up, with the local minute as identity (Berlin, winter)", async () => {
    const { nextDueAt } = await scheduler.scheduleOnce(once("2026-12-02T08:00:30Z", "Europe/Berlin"));
    expect(nextDueAt?.toISOString()).toBe("2026-12-02T08:01:00.000Z");
    expect(await runAround("2026-12-02T08:01:00Z")).toEqual([
      { localDue: "2026-12-02T09:01", timeZone: "Europe/Berlin", dueAt: "2026-12-02T08:01:00.000Z" },
    ]);
    expect((await scheduler.list(T))[0]?.nextDueAt).toBeNull();
  });

  it("reads summer time on the day clocks go forward (Berlin 29 Mar, New York 8 Mar)", async () => {
    await scheduler.scheduleOnce({ ...once("2026-03-08T14:00:00Z", "America/New_York"), refId: "r2" });
    expect(await runAround("2026-03-08T14:00:00Z")).toEqual([
      { localDue: "2026-03-08T10:00", timeZone: "America/New_York", dueAt: "2026-03-08T14:00:00.000Z" },
    ]);
    calls = [];
    // 01:00Z is 03:00 CEST, the first minute after Berlin's gap.
    await scheduler.scheduleOnce(once("2026-03-29T01:00:00Z", "Europe/Berlin"));
    expect(await runAround("2026-03-29T01:00:00Z")).toEqual([
      { localDue: "2026-03-29T03:00", timeZone: "Europe/Berlin", dueAt: "2026-03-29T01:00:00.000Z" },
    ]);
  });

  it("on the day clocks go back, fires at each pass of the repeated minute, never at the other", async () => {
    // Berlin, 25 Oct 2026: 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET).
    const first = oneShotRule(new Date("2026-10-25T00:30:00Z"), "Europe/Berlin");
    expect(first).toMatchObject({
      recurrence: { kind: "cron", expression: "30 2 25 10 *" },
      timeZone: "Europe/Berlin",
    });
    // The second pass can't be named in Berlin (its rules name the first pass): UTC names it.
    const second = oneShotRule(new Date("2026-10-25T01:30:00Z"), "Europe/Berlin");
    expect(second).toMatchObject({
      recurrence: { kind: "cron", expression: "30 1 25 10 *" },
      timeZone: "UTC",
    });

    await scheduler.scheduleOnce(once("2026-10-25T01:30:00Z", "Europe/Berlin"));
    expect((await scheduler.tick(new Date("2026-10-25T00:30:00Z"))).ran).toBe(0);
    expect(await runAround("2026-10-25T01:30:00Z")).toEqual([
      { localDue: "2026-10-25T01:30", timeZone: "UTC", dueAt: "2026-10-25T01:30:00.000Z" },
    ]);
    calls = [];
    await scheduler.scheduleOnce({ ...once("2026-10-25T00:30:00Z", "Europe/Berlin"), refId: "r2" });
    expect(await runAround("2026-10-25T00:30:00Z")).toEqual([
      { localDue: "2026-10-25T02:30", timeZone: "Europe/Berlin", dueAt: "2026-10-25T00:30:00.000Z" },
    ]);
  });

  it("names the local day and year, not UTC's (Auckland new year, Kolkata half-hour offset)", async () => {
    // 11:00Z on 31 Dec 2026 is midnight on 1 Jan 2027 in Auckland (NZDT, +13).
    await scheduler.scheduleOnce(once("2026-12-31T11:00:00Z", "Pacific/Auckland"));
    expect(await runAround("2026-12-31T11:00:00Z")).toEqual([
      { localDue: "2027-01-01T00:00", timeZone: "Pacific/Auckland", dueAt: "2026-12-31T11:00:00.000Z" },
    ]);
    calls = [];
    await scheduler.scheduleOnce({ ...once("2026-12-02T03:30:00Z", "Asia/Kolkata"), refId: "r2" });
    expect(await runAround("2026-12-02T03:30:00Z")).toEqual([
      { localDue: "2026-12-02T09:00", timeZone: "Asia/Kolkata", dueAt: "2026-12-02T03:30:00.000Z" },
    ]);
  });

  it("a second call for the same job and ref moves the run; an instant already past never fires", async () => {
    await scheduler.scheduleOnce(once("2026-12-02T08:00:00Z", "UTC"));
    await scheduler.scheduleOnce(once("2026-12-02T09:00:00Z", "UTC"));
    expect(await scheduler.list(T)).toHaveLength(1);
    expect((await scheduler.tick(new Date("2026-12-02T08:30:00Z"))).ran).toBe(0);
    expect(await runAround("2026-12-02T09:00:00Z")).toEqual([
      { localDue: "2026-12-02T09:00", timeZone: "UTC", dueAt: "2026-12-02T09:00:00.000Z" },
    ]);

    clock.set("2026-12-03T10:00:00Z");
    const { nextDueAt } = await scheduler.scheduleOnce({
      ...once("2026-12-03T09:59:00Z", "UTC"),
      refId: "r2",
    });
    expect(nextDueAt).toBeNull();
    expect((await scheduler.tick(new Date("2026-12-03T10:05:00Z"))).ran).toBe(0);
  });
});
