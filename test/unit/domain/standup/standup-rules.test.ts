import { describe, expect, it } from "vitest";
import { createWorkCalendar, shouldPrompt } from "../../../../src/domain/schedule/index.js";
import {
  answerDay,
  closesAt,
  defaultSettings,
  isBlocker,
  offsetRecurrence,
  parseStandupSettings,
  personStats,
  promptInstant,
  standupDayOfOccurrence,
} from "../../../../src/domain/standup/index.js";
import { ValidationError } from "../../../../src/lib/errors.js";

describe("isBlocker", () => {
  it.each([
    "",
    "   ",
    "none",
    "None.",
    "no",
    "NO!",
    "nope",
    "n/a",
    "-",
    "No blockers",
    "nothing",
    "all good 👍",
    ":tada: none",
  ])("%j is not a blocker", (text) => expect(isBlocker(text)).toBe(false));
  it.each([
    "Waiting for API keys",
    "no idea how to fix the build",
    "CI is red",
    "none of the test envs work",
  ])("%j is a blocker", (text) => expect(isBlocker(text)).toBe(true));
});

const standup = {
  ...defaultSettings({}),
  promptTime: "09:00",
  closeAfterMinutes: 240,
  reminderAfterMinutes: 60,
};

describe("per-person prompt instants across three zones", () => {
  it("asks Tokyo, Berlin and New York at their own 09:00 on the same standup day (winter)", () => {
    expect(promptInstant(standup, "2026-11-30", "Asia/Tokyo").toISOString()).toBe("2026-11-30T00:00:00.000Z");
    expect(promptInstant(standup, "2026-11-30", "Europe/Berlin").toISOString()).toBe(
      "2026-11-30T08:00:00.000Z",
    );
    expect(promptInstant(standup, "2026-11-30", "America/New_York").toISOString()).toBe(
      "2026-11-30T14:00:00.000Z",
    );
  });

  it("follows each zone's own DST change: New York moves on 14 March 2027, Berlin on 28 March, Tokyo never", () => {
    // Between the two changes New York is already on summer time (UTC−4), Berlin still on winter (UTC+1).
    expect(promptInstant(standup, "2027-03-15", "America/New_York").toISOString()).toBe(
      "2027-03-15T13:00:00.000Z",
    );
    expect(promptInstant(standup, "2027-03-15", "Europe/Berlin").toISOString()).toBe(
      "2027-03-15T08:00:00.000Z",
    );
    expect(promptInstant(standup, "2027-03-29", "Europe/Berlin").toISOString()).toBe(
      "2027-03-29T07:00:00.000Z",
    );
    expect(promptInstant(standup, "2027-03-29", "Asia/Tokyo").toISOString()).toBe("2027-03-29T00:00:00.000Z");
  });

  it("closes the report after the LAST zone's prompt", () => {
    const zones = ["Asia/Tokyo", "Europe/Berlin", "America/New_York"];
    expect(closesAt(standup, zones, "2026-11-30").toISOString()).toBe("2026-11-30T18:00:00.000Z");
    expect(closesAt(standup, zones, "2027-03-15").toISOString()).toBe("2027-03-15T17:00:00.000Z");
  });

  it("shifts a close past midnight to the next weekday and maps it back to its standup day", () => {
    const late = { ...standup, days: [1, 5] as const, promptTime: "22:00", closeAfterMinutes: 240 };
    const { recurrence, dayShift } = offsetRecurrence(
      { ...late, days: [...late.days] },
      late.closeAfterMinutes,
    );
    expect(recurrence).toEqual({ kind: "weekly", days: [2, 6], time: "02:00" });
    expect(dayShift).toBe(1);
    expect(standupDayOfOccurrence("2026-12-01T02:00", dayShift)).toBe("2026-11-30");
  });
});

describe("which day an answer counts for", () => {
  const calendar = createWorkCalendar({ workDays: [1, 2, 3, 4, 5], holidays: ["2026-12-25"] });
  const closedAt1800 = (now: string) => (day: string) => day === now.slice(0, 10) && now >= `${day}T18:00`;
  it("today while today's report is open", () => {
    const now = new Date("2026-11-30T10:00:00Z");
    expect(answerDay({ now, zone: "Europe/Berlin", calendar, isClosed: () => false })).toBe("2026-11-30");
  });
  it("the next standup day in the evening after the close, skipping weekends and holidays", () => {
    expect(
      answerDay({
        now: new Date("2026-11-30T20:00:00Z"),
        zone: "UTC",
        calendar,
        isClosed: closedAt1800("2026-11-30T20:00"),
      }),
    ).toBe("2026-12-01");
    expect(
      answerDay({
        now: new Date("2026-12-04T20:00:00Z"),
        zone: "UTC",
        calendar,
        isClosed: closedAt1800("2026-12-04T20:00"),
      }),
    ).toBe("2026-12-07");
    expect(
      answerDay({
        now: new Date("2026-12-24T20:00:00Z"),
        zone: "UTC",
        calendar,
        isClosed: closedAt1800("2026-12-24T20:00"),
      }),
    ).toBe("2026-12-28");
  });
});

describe("away and holidays", () => {
  const calendar = createWorkCalendar({ workDays: [1, 2, 3, 4, 5], holidays: ["2026-12-24"] });
  const away = [{ from: "2026-12-28", to: "2027-01-02" }];
  it("never prompts on a holiday, a weekend, or inside an away range (both ends included)", () => {
    expect(shouldPrompt(calendar, away, "2026-12-23")).toBe(true);
    expect(shouldPrompt(calendar, away, "2026-12-24")).toBe(false);
    expect(shouldPrompt(calendar, away, "2026-12-26")).toBe(false);
    expect(shouldPrompt(calendar, away, "2026-12-28")).toBe(false);
    expect(shouldPrompt(calendar, away, "2027-01-01")).toBe(false);
    expect(shouldPrompt(calendar, away, "2027-01-04")).toBe(true);
  });
});

describe("parseStandupSettings", () => {
  const good = {
    channelId: "C0TEAM",
    participants: ["U01", "U02", "U01"],
    days: ["1", "2", "3", "4", "5"],
    promptTime: "09:30",
    timeZoneMode: "member",
    questions: ["Did?", "", "Blocked?"],
    requiredQuestions: [0],
    blockerQuestion: 2,
    closeAfterMinutes: "240",
    reminderAfterMinutes: "60",
  };
  it("drops empty questions and keeps the blocker index pointing at the right one", () => {
    const s = parseStandupSettings(good);
    expect(s.participants).toEqual(["U01", "U02"]);
    expect(s.questions).toEqual([
      { text: "Did?", required: true },
      { text: "Blocked?", required: false },
    ]);
    expect(s.blockerQuestion).toBe(1);
  });
  it("names every bad field", () => {
    try {
      parseStandupSettings({
        ...good,
        channelId: "",
        participants: [],
        timeZoneMode: "fixed",
        fixedTimeZone: "Mars/Olympus",
        reminderAfterMinutes: "300",
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect(Object.keys((error as ValidationError).fieldErrors).sort()).toEqual(
        ["channelId", "fixedTimeZone", "participants", "reminderAfterMinutes"].sort(),
      );
    }
  });
  it("refuses a reminder that would fall after midnight", () => {
    expect(() => parseStandupSettings({ ...good, promptTime: "23:30", closeAfterMinutes: "720" })).toThrow(
      /midnight/,
    );
  });
});

describe("participation stats", () => {
  it("counts only days the person was expected; the streak runs back from the latest day", () => {
    const days = [
      { day: "2026-11-30", expected: ["A", "B"], answered: ["A"] },
      { day: "2026-12-01", expected: ["B"], answered: ["B"] }, // A away
      { day: "2026-12-02", expected: ["A", "B"], answered: ["A", "B"] },
      { day: "2026-12-03", expected: ["A", "B"], answered: ["A", "B"] },
    ];
    expect(personStats("A", days)).toMatchObject({ expected: 3, answered: 3, rate: 1, streak: 3 });
    expect(personStats("B", days)).toMatchObject({ expected: 4, answered: 3, rate: 0.75, streak: 3 });
    expect(personStats("C", days)).toMatchObject({ expected: 0, rate: null, streak: 0 });
  });
});
