/** Server-side caps on stored text and on how much one team may create. */
import { describe, expect, it } from "vitest";
import { checkFeedback, checkSprintNote, SPRINT_LIMITS } from "../../../src/domain/sprint.js";
import { checkTeamStandupCaps, STANDUP_LIMITS } from "../../../src/domain/standup/index.js";
import { ValidationError } from "../../../src/lib/errors.js";

function fieldErrors(fn: () => void): Record<string, string> {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error.fieldErrors;
    throw error;
  }
  return {};
}

describe("sprint review note and feedback", () => {
  it("refuses a reason or link over the limit, and a link that isn't one", () => {
    const long = "x".repeat(SPRINT_LIMITS.note + 1);
    expect(fieldErrors(() => checkSprintNote({ demoLink: null, notDoneReason: long }))).toEqual({
      notDoneReason: `Keep the reason under ${SPRINT_LIMITS.note} characters.`,
    });
    const link = `https://example.com/${"a".repeat(SPRINT_LIMITS.demoLink)}`;
    expect(fieldErrors(() => checkSprintNote({ demoLink: link, notDoneReason: null })).demoLink).toMatch(
      /under 500 characters/,
    );
    expect(fieldErrors(() => checkSprintNote({ demoLink: "ftp://x", notDoneReason: null }))).toEqual({
      demoLink: "A link starts with https://",
    });
    expect(fieldErrors(() => checkSprintNote({ demoLink: "https://x.io/d", notDoneReason: "ok" }))).toEqual(
      {},
    );
  });

  it("refuses empty or too long feedback", () => {
    expect(fieldErrors(() => checkFeedback(""))).toEqual({ text: "Write your feedback first." });
    expect(fieldErrors(() => checkFeedback("y".repeat(SPRINT_LIMITS.feedback + 1))).text).toMatch(
      /under 1000 characters \(it has 1001\)/,
    );
    expect(fieldErrors(() => checkFeedback("Nice demo"))).toEqual({});
  });
});

describe("team standup caps", () => {
  const standup = (id: number, people: number) => ({
    id,
    participants: Array.from({ length: people }, (_, i) => `U${id}P${i}`),
  });

  it("refuses a standup beyond the team's limit, but allows editing one", () => {
    const existing = Array.from({ length: STANDUP_LIMITS.standupsPerTeam }, (_, i) => standup(i + 1, 1));
    expect(fieldErrors(() => checkTeamStandupCaps(existing, { participants: ["U1"] }, null)).name).toMatch(
      /already has 50 standups/,
    );
    expect(fieldErrors(() => checkTeamStandupCaps(existing, { participants: ["U1", "U2"] }, 3))).toEqual({});
  });

  it("refuses seats beyond the team's limit and says how many are left", () => {
    const existing = [standup(1, 1000), standup(2, 990)];
    const people = (n: number) => Array.from({ length: n }, (_, i) => `UNEW${i}`);
    expect(fieldErrors(() => checkTeamStandupCaps(existing, { participants: people(10) }, null))).toEqual({});
    expect(fieldErrors(() => checkTeamStandupCaps(existing, { participants: people(11) }, null))).toEqual({
      participants:
        "The team's standups may have 2000 participants in all; 10 seats are left. Pick fewer people or remove some from another standup.",
    });
    // Editing standup 2 frees its own seats.
    expect(fieldErrors(() => checkTeamStandupCaps(existing, { participants: people(1000) }, 2))).toEqual({});
  });
});
