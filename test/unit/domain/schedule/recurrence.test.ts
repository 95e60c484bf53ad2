import { describe, expect, it } from "vitest";
import {
  InvalidScheduleError,
  isValidTimeOfDay,
  parseTimeOfDay,
  type ScheduleErrorReason,
  type ScheduleRule,
  validateScheduleRule,
} from "../../../../src/domain/schedule/index.js";
import { AppError } from "../../../../src/lib/errors.js";
import { utc } from "./wall-clock.js";

function reasonOf(
  rule: ScheduleRule,
): { reason: ScheduleErrorReason; field: string; message: string } | null {
  try {
    validateScheduleRule(rule);
    return null;
  } catch (error) {
    if (!(error instanceof InvalidScheduleError)) throw error;
    return { reason: error.reason, field: error.field, message: error.userMessage };
  }
}

const weekly = (time: string, days: number[] = [1]): ScheduleRule => ({
  recurrence: { kind: "weekly", days: days as never, time },
  timeZone: "Europe/Berlin",
});

describe("time of day", () => {
  it.each(["00:00", "09:05", "23:59", "12:30"])("accepts %s", (text) => {
    expect(isValidTimeOfDay(text)).toBe(true);
  });
  it.each(["9:00", "24:00", "09:60", "0900", "09:00:00", " 09:00", "", "ab:cd"])("rejects %j", (text) => {
    expect(isValidTimeOfDay(text)).toBe(false);
    expect(() => parseTimeOfDay(text)).toThrow(InvalidScheduleError);
  });
  it("parses hour and minute", () => {
    expect(parseTimeOfDay("07:45")).toEqual({ hour: 7, minute: 45 });
  });
});

describe("validateScheduleRule", () => {
  it("accepts valid weekly and cron rules", () => {
    expect(reasonOf(weekly("09:00", [0, 6]))).toBeNull();
    expect(
      reasonOf({ recurrence: { kind: "cron", expression: "0 9 * * 1-5" }, timeZone: "Asia/Kathmandu" }),
    ).toBeNull();
    expect(
      reasonOf({ ...weekly("09:00"), start: utc("2026-01-01T00:00:00Z"), end: utc("2026-01-01T00:00:00Z") }),
    ).toBeNull();
    expect(reasonOf({ ...weekly("09:00"), start: null, end: null, graceMs: 0 })).toBeNull();
  });

  it("names what is wrong", () => {
    expect(reasonOf(weekly("25:00"))).toMatchObject({ reason: "invalid_time", field: "time" });
    expect(reasonOf(weekly("09:00", []))).toMatchObject({ reason: "invalid_weekdays", field: "days" });
    expect(reasonOf(weekly("09:00", [7]))).toMatchObject({ reason: "invalid_weekdays", field: "days" });
    expect(reasonOf({ ...weekly("09:00"), timeZone: "Berlin" })).toMatchObject({
      reason: "invalid_time_zone",
      field: "timeZone",
    });
    expect(reasonOf({ recurrence: { kind: "cron", expression: "0 9 * *" }, timeZone: "UTC" })).toMatchObject({
      reason: "invalid_cron",
      field: "expression",
    });
    expect(
      reasonOf({ ...weekly("09:00"), start: utc("2026-02-01T00:00:00Z"), end: utc("2026-01-01T00:00:00Z") }),
    ).toMatchObject({ reason: "invalid_bounds", field: "end" });
    expect(reasonOf({ ...weekly("09:00"), start: new Date(Number.NaN) })).toMatchObject({
      reason: "invalid_bounds",
    });
    expect(reasonOf({ ...weekly("09:00"), graceMs: -1 })).toMatchObject({ reason: "invalid_grace" });
    expect(reasonOf({ recurrence: { kind: "monthly" } as never, timeZone: "UTC" })).toMatchObject({
      reason: "invalid_recurrence",
    });
  });

  it("throws an AppError with code 'validation' and a user-facing message", () => {
    try {
      validateScheduleRule(weekly("9am"));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      const e = error as InvalidScheduleError;
      expect(e.code).toBe("validation");
      expect(e.name).toBe("InvalidScheduleError");
      expect(e.userMessage).toBe("“9am” is not a valid time. Use 24-hour HH:MM, for example 09:30 or 17:00.");
      expect(e.fieldErrors).toEqual({ time: e.userMessage });
    }
  });
});
