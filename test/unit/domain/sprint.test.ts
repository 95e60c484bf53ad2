import { describe, expect, it } from "vitest";
import {
  burndown,
  defaultSprintDates,
  parseSprintForm,
  reviewDateOf,
  type SprintItem,
  sprintProgress,
  velocityOf,
} from "../../../src/domain/sprint.js";
import type { Story, StoryPoints } from "../../../src/domain/story.js";
import { ValidationError } from "../../../src/lib/errors.js";

const item = (estimate: StoryPoints | null, doneAt: string | null): SprintItem => ({
  story: { estimate } as Story,
  status: doneAt ? "done" : "todo",
  addedAt: new Date("2026-12-01T00:00:00Z"),
  doneAt: doneAt ? new Date(doneAt) : null,
  outcome: null,
  notDoneReason: null,
  demoLink: null,
});
const utcDate = (d: Date) => d.toISOString().slice(0, 10);

describe("sprint rules", () => {
  it("defaults to two weeks, last day inclusive, across a month end", () => {
    expect(defaultSprintDates("2026-11-28")).toEqual({ startsOn: "2026-11-28", endsOn: "2026-12-11" });
  });

  it("ends on the last working day of the team's week, and holds the review on a working day", () => {
    const monFri = { workDays: [1, 2, 3, 4, 5] as const, holidays: [] };
    // Started Monday 30 Nov: Sunday 13 Dec would be the 14th day; Friday 11 Dec is the last working one.
    expect(defaultSprintDates("2026-11-30", monFri)).toEqual({
      startsOn: "2026-11-30",
      endsOn: "2026-12-11",
    });
    const tueSat = { workDays: [2, 3, 4, 5, 6] as const, holidays: [] };
    expect(defaultSprintDates("2026-11-30", tueSat).endsOn).toBe("2026-12-12");
    const withHoliday = { workDays: [1, 2, 3, 4, 5] as const, holidays: ["2026-12-11"] };
    expect(defaultSprintDates("2026-11-30", withHoliday).endsOn).toBe("2026-12-10");
    expect(reviewDateOf({ startsOn: "2026-11-30", endsOn: "2026-12-13" }, monFri)).toBe("2026-12-11");
    expect(reviewDateOf({ startsOn: "2026-11-30", endsOn: "2026-12-09" }, monFri)).toBe("2026-12-09");
  });

  it("draws the ideal line flat over days off", () => {
    const monFri = { workDays: [1, 2, 3, 4, 5] as const, holidays: [] };
    // Thu 3 Dec … Tue 8 Dec: working days after the first are Fri, Mon, Tue.
    const items = [item(3, null), item(3, null), item(3, null)];
    const points = burndown(
      { startsOn: "2026-12-03", endsOn: "2026-12-08" },
      items,
      "2026-12-03",
      utcDate,
      monFri,
    );
    expect(points.map((p) => p.ideal)).toEqual([9, 6, 6, 6, 3, 0]);
  });

  it("requires a goal and an end on or after the start", () => {
    const base = {
      name: "S1",
      goal: "Pay by card",
      startsOn: "2026-12-01",
      endsOn: "2026-12-14",
      reviewTime: "15:00",
    };
    expect(parseSprintForm(base).goal).toBe("Pay by card");
    expect(() => parseSprintForm({ ...base, goal: "  " })).toThrow(ValidationError);
    try {
      parseSprintForm({ ...base, endsOn: "2026-11-30" });
    } catch (e) {
      expect((e as ValidationError).fieldErrors).toHaveProperty("endsOn");
    }
  });

  it("velocity is the average of the last three closed sprints, none without history", () => {
    expect(velocityOf([])).toBeNull();
    expect(velocityOf([10, 20, 30, 1000])).toBe(20);
  });

  it("burns down by the day an item was done; future days have no actual value", () => {
    const items = [item(5, "2026-12-02T10:00:00Z"), item(3, null), item(null, "2026-12-01T09:00:00Z")];
    const points = burndown({ startsOn: "2026-12-01", endsOn: "2026-12-04" }, items, "2026-12-03", utcDate);
    expect(points.map((p) => p.remaining)).toEqual([8, 3, 3, null]);
    expect(points[0]?.ideal).toBe(8);
    expect(points[3]?.ideal).toBe(0);
    const progress = sprintProgress({ startsOn: "2026-12-01", endsOn: "2026-12-04" }, items, "2026-12-03");
    expect(progress).toMatchObject({
      donePoints: 5,
      remainingPoints: 3,
      daysLeft: 2,
      totalDays: 4,
      unestimatedItems: 1,
    });
  });
});
