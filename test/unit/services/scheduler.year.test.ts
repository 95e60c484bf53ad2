/**
 * A simulated year through the scheduler SERVICE and the database (not just the pure domain):
 * 12 zones, a Tuesday–Saturday team work week with holidays, and daily schedules at the local
 * times each zone's DST changes make missing or ambiguous. The clock ticks at every expected due
 * instant plus every 6 hours in between; each occurrence must run exactly once, at its instant.
 *
 * Expected instants are computed here from `Intl` (see `wall-clock.ts`), independently of the
 * `@date-fns/tz` code under test.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSchedulingUnitOfWork } from "../../../src/db/scheduling-stores.js";
import { FakeClock } from "../../../src/lib/clock.js";
import { createLogger } from "../../../src/lib/logger.js";
import { createSchedulerService, type SchedulerService } from "../../../src/services/scheduler.service.js";
import type { JobContext } from "../../../src/services/scheduling.ports.js";
import { createTestDatabase, type TestDatabase } from "../../support/db.js";
import { datesOfYear, wallClock } from "../domain/schedule/wall-clock.js";

const T = "T0001";
const HOLIDAYS = [
  "2026-01-01",
  "2026-04-03",
  "2026-05-01",
  "2026-10-03",
  "2026-12-24",
  "2026-12-25",
  "2026-12-31",
];
const TUE_TO_SAT = [2, 3, 4, 5, 6];

/** Zone → daily local times around its DST changes (gap and overlap), written down from the tz database. */
const ZONES: Record<string, string[]> = {
  "Europe/Berlin": ["02:30"], // 2026-03-29 02:00→03:00 (gap), 2026-10-25 03:00→02:00 (overlap)
  "America/New_York": ["02:30", "01:30"], // 03-08 gap 02:00–03:00, 11-01 overlap 01:00–02:00
  "America/Sao_Paulo": [],
  "Asia/Kolkata": [],
  "Australia/Lord_Howe": ["02:15", "01:45"], // 10-04 gap 02:00–02:30, 04-05 overlap 01:30–02:00
  "Pacific/Chatham": ["03:00"], // 09-27 gap 02:45–03:45, 04-05 overlap 02:45–03:45
  "Europe/London": ["01:30"], // 03-29 gap 01:00–02:00, 10-25 overlap 01:00–02:00
  "America/Los_Angeles": ["02:30", "01:30"],
  "America/St_Johns": ["02:30", "01:30"],
  "Asia/Tokyo": [],
  "Asia/Kathmandu": [],
  "Pacific/Pago_Pago": [],
};

const YEAR = datesOfYear(2026);
const MINUTE = 60_000;

/**
 * The instant a local wall time fires, from Intl only: the earliest instant whose wall clock is
 * `local`; if none (a DST gap), the same for the next minute, and so on.
 */
function expectedInstant(local: string, zone: string): Date {
  let wall = Date.parse(`${local}:00Z`);
  for (let guard = 0; guard < 240; guard++, wall += MINUTE) {
    const target = new Date(wall).toISOString().slice(0, 16);
    const candidates: number[] = [];
    // Real offsets lie within -12h..+14h; scan in 15-minute steps (every offset in use is a multiple).
    for (let off = -12 * 60; off <= 14 * 60; off += 15) {
      const instant = wall - off * MINUTE;
      if (wallClock(new Date(instant), zone) === target) candidates.push(instant);
    }
    if (candidates.length > 0) return new Date(Math.min(...candidates));
  }
  throw new Error(`no instant for ${local} in ${zone}`);
}

interface Expected {
  scheduleId: number;
  localDue: string;
  dueAt: number;
}

describe("scheduler service over SQLite: a simulated year in 12 zones", () => {
  let db: TestDatabase;
  let scheduler: SchedulerService;
  const clock = new FakeClock("2025-12-30T00:00:00Z");
  const calls: JobContext[] = [];
  const expected: Expected[] = [];

  beforeAll(async () => {
    db = await createTestDatabase("memory");
    const uow = createSchedulingUnitOfWork(db.db);
    await uow.read.calendars.setWorkDays(T, TUE_TO_SAT, clock.now());
    for (const date of HOLIDAYS) await uow.read.calendars.addHoliday(T, date, "holiday");
    scheduler = createSchedulerService({ uow, clock, logger: createLogger("silent") });
    scheduler.registerJob("sim", async (ctx) => {
      calls.push(ctx);
    });

    for (const [zone, dstTimes] of Object.entries(ZONES)) {
      const start = expectedInstant("2026-01-01T00:00", zone);
      const end = new Date(expectedInstant("2027-01-01T00:00", zone).getTime() - 1);
      const weekly = await scheduler.upsert({
        teamId: T,
        jobKind: "sim",
        refId: `${zone}:standup`,
        recurrence: { kind: "weekly", days: [1, 2, 3, 4, 5, 6], time: "09:00" },
        timeZone: zone,
        startAt: start,
        endAt: end,
        label: `standup ${zone}`,
        useTeamCalendar: true,
      });
      for (const { date, weekday } of YEAR) {
        if (!TUE_TO_SAT.includes(weekday) || HOLIDAYS.includes(date)) continue;
        const local = `${date}T09:00`;
        expected.push({
          scheduleId: weekly.id,
          localDue: local,
          dueAt: expectedInstant(local, zone).getTime(),
        });
      }
      for (const time of dstTimes) {
        const [hh, mm] = time.split(":");
        const daily = await scheduler.upsert({
          teamId: T,
          jobKind: "sim",
          refId: `${zone}:${time}`,
          recurrence: { kind: "cron", expression: `${Number(mm)} ${Number(hh)} * * *` },
          timeZone: zone,
          startAt: start,
          endAt: end,
          label: `daily ${time} ${zone}`,
        });
        for (const { date } of YEAR) {
          const local = `${date}T${time}`;
          expected.push({
            scheduleId: daily.id,
            localDue: local,
            dueAt: expectedInstant(local, zone).getTime(),
          });
        }
      }
    }
  }, 120_000);
  afterAll(() => db.dispose());

  it("runs every occurrence exactly once, at its instant, and records each run", async () => {
    const ticks = new Set(expected.map((e) => e.dueAt));
    const first = Date.parse("2025-12-30T00:00:00Z");
    const last = Date.parse("2027-01-02T00:00:00Z");
    for (let t = first; t <= last; t += 6 * 3600_000 + 7 * MINUTE) ticks.add(t);
    for (const t of [...ticks].sort((a, b) => a - b)) {
      clock.set(new Date(t));
      await scheduler.tick(new Date(t));
    }

    const actual = calls
      .map((c) => ({ scheduleId: c.scheduleId, localDue: c.localDue, dueAt: c.dueAt.getTime() }))
      .sort((a, b) => a.scheduleId - b.scheduleId || a.dueAt - b.dueAt);
    const want = [...expected].sort((a, b) => a.scheduleId - b.scheduleId || a.dueAt - b.dueAt);
    expect(actual.length).toBe(want.length);
    expect(actual).toEqual(want);
    // Each ran at its due instant (the tick at exactly that instant), never early, never late.
    for (const c of calls) expect(c.now.getTime()).toBe(c.dueAt.getTime());

    // The spot checks a reader can verify by hand.
    const at = (refId: string, localDue: string) =>
      calls.find((c) => c.refId === refId && c.localDue === localDue)?.dueAt.toISOString();
    expect(at("Europe/Berlin:02:30", "2026-03-29T02:30")).toBe("2026-03-29T01:00:00.000Z"); // gap → 03:00 CEST
    expect(at("Europe/Berlin:02:30", "2026-10-25T02:30")).toBe("2026-10-25T00:30:00.000Z"); // first 02:30 (CEST)
    expect(
      calls.filter((c) => c.refId === "Europe/Berlin:02:30" && c.localDue.startsWith("2026-10-25")),
    ).toHaveLength(1);
    expect(at("Europe/Berlin:standup", "2026-03-31T09:00")).toBe("2026-03-31T07:00:00.000Z");
    expect(at("Europe/Berlin:standup", "2026-03-28T09:00")).toBe("2026-03-28T08:00:00.000Z"); // a Saturday, CET
    expect(at("Europe/Berlin:standup", "2026-03-30T09:00")).toBeUndefined(); // Monday: not a work day
    expect(at("Europe/Berlin:standup", "2026-04-03T09:00")).toBeUndefined(); // holiday
    expect(at("America/New_York:01:30", "2026-11-01T01:30")).toBe("2026-11-01T05:30:00.000Z"); // EDT, once
    expect(at("Australia/Lord_Howe:02:15", "2026-10-04T02:15")).toBe("2026-10-03T15:30:00.000Z"); // → 02:30 +11
    expect(at("Pacific/Chatham:03:00", "2026-09-27T03:00")).toBe("2026-09-26T14:00:00.000Z"); // → 03:45 +13:45
    expect(at("Asia/Kolkata:standup", "2026-06-02T09:00")).toBe("2026-06-02T03:30:00.000Z");

    const runs = await createSchedulingUnitOfWork(db.db).read.schedules.listRuns({
      teamId: T,
      limit: 100_000,
    });
    expect(runs).toHaveLength(want.length);
    expect(runs.every((r) => r.state === "done")).toBe(true);
  }, 300_000);
});
