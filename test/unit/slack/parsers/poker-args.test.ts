import { describe, expect, it } from "vitest";
import { parsePokerArgs } from "../../../../src/slack/parsers/poker-args.js";

describe("parsePokerArgs", () => {
  it("reads the story, invited people and a deadline", () => {
    expect(parsePokerArgs("#12 <@U1|ana> <@U2> 1h30m")).toEqual({
      storyNumber: 12,
      invited: ["U1", "U2"],
      deadlineMinutes: 90,
    });
    expect(parsePokerArgs("7")).toEqual({ storyNumber: 7, invited: [], deadlineMinutes: null });
  });
  it("explains bad input", () => {
    expect(parsePokerArgs("")).toHaveProperty("error");
    expect(parsePokerArgs("12 soon")).toHaveProperty("error");
    expect(parsePokerArgs("12 9000h")).toHaveProperty("error");
  });
});

describe("parsePokerArgs limits (from the domain)", () => {
  it("refuses a deadline beyond 7 days and too many people", () => {
    expect(parsePokerArgs("12 0m")).toEqual({ error: "The deadline must be between 1 minute and 7 days." });
    const many = Array.from({ length: 51 }, (_, i) => `<@U${i}>`).join(" ");
    expect(parsePokerArgs(`12 ${many}`)).toEqual({ error: "Invite at most 50 people to one session." });
  });
});
