import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCalendarRepository } from "../../../src/db/calendar.repository.js";
import { InvalidScheduleError, shouldPrompt } from "../../../src/domain/schedule/index.js";
import type { CalendarStore } from "../../../src/services/scheduling-store.ports.js";
import { createTestDatabase, type TestDatabase } from "../../support/db.js";

const at = new Date("2026-11-28T10:00:00Z");

describe("calendar repository over real SQLite", () => {
  let db: TestDatabase;
  let calendars: CalendarStore;
  beforeEach(async () => {
    db = await createTestDatabase("memory");
    calendars = createCalendarRepository(db.db);
  });
  afterEach(() => db.dispose());

  it("defaults to Monday–Friday, stores a Tuesday–Saturday week and holidays per team", async () => {
    expect(await calendars.workCalendar("T1")).toEqual({ workDays: [1, 2, 3, 4, 5], holidays: [] });
    await calendars.setWorkDays("T1", [6, 2, 3, 4, 5, 3], at);
    await calendars.addHoliday("T1", "2026-12-25", "Christmas");
    await calendars.addHoliday("T1", "2026-12-24", "Christmas Eve");
    expect(await calendars.workCalendar("T1")).toEqual({
      workDays: [2, 3, 4, 5, 6],
      holidays: ["2026-12-24", "2026-12-25"],
    });
    expect(await calendars.workCalendar("T2")).toEqual({ workDays: [1, 2, 3, 4, 5], holidays: [] });
    await calendars.removeHoliday("T1", "2026-12-24");
    expect(await calendars.listHolidays("T1")).toEqual([{ date: "2026-12-25", name: "Christmas" }]);
    await expect(calendars.setWorkDays("T1", [], at)).rejects.toThrow(InvalidScheduleError);
    await expect(calendars.addHoliday("T1", "2026-02-30", "nope")).rejects.toThrow(InvalidScheduleError);
  });

  it("stores away ranges per person and feeds the prompt rule", async () => {
    const id = await calendars.addAway("T1", "U1", { from: "2026-12-21", to: "2026-12-31" }, "holiday", at);
    await calendars.addAway("T1", "U1", { from: "2026-08-03", to: "2026-08-14" }, "summer", at);
    await calendars.addAway("T1", "U2", { from: "2026-12-01", to: "2026-12-01" }, "", at);
    expect((await calendars.awayRanges("T1", "U1", "2026-12-01")).map((r) => r.id)).toEqual([id]);
    const away = await calendars.awayRanges("T1", "U1");
    expect(away).toHaveLength(2);
    const week = await calendars.workCalendar("T1");
    expect(shouldPrompt(week, away, "2026-12-22")).toBe(false);
    expect(shouldPrompt(week, away, "2027-01-04")).toBe(true);
    await calendars.removeAway("T1", id);
    expect(await calendars.awayRanges("T1", "U1", "2026-12-01")).toEqual([]);
    expect(await calendars.awayRanges("T2", "U1")).toEqual([]);
  });
});
