import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  everyoneVoted,
  POKER_CARDS,
  POKER_MAX_DEADLINE_MINUTES,
  POKER_MAX_INVITED,
  pokerStartProblem,
  summarizeVotes,
} from "../../../src/domain/poker.js";
import { STORY_POINTS } from "../../../src/domain/story.js";

const v = (...values: string[]) =>
  values.map((value) => ({ value }) as { value: (typeof POKER_CARDS)[number] });

describe("summarizeVotes", () => {
  it("suggests the median rounded up to a card and flags wide spreads", () => {
    expect(summarizeVotes(v("3", "5", "5", "8"))).toMatchObject({ suggested: 5, min: 3, max: 8, wide: true });
    expect(summarizeVotes(v("2", "3", "5", "8")).suggested).toBe(5); // median 4 → 5
    expect(summarizeVotes(v("3", "5"))).toMatchObject({ suggested: 5, spreadSteps: 1, wide: false });
    expect(summarizeVotes(v("8", "8", "8"))).toMatchObject({ consensus: true, suggested: 8 });
  });

  it("ignores ? and coffee for the numbers but counts them", () => {
    const s = summarizeVotes(v("?", "coffee", "coffee"));
    expect(s).toMatchObject({ suggested: null, min: null, unsure: 1, coffee: 2, wide: false });
  });

  it("always suggests a card between the lowest and highest vote", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...POKER_CARDS), { maxLength: 30 }), (cards) => {
        const s = summarizeVotes(cards.map((value) => ({ value })));
        if (s.suggested === null) return s.numeric.length === 0;
        return (
          (STORY_POINTS as readonly number[]).includes(s.suggested) &&
          s.suggested >= (s.min ?? 0) &&
          s.suggested <= (s.max ?? 0)
        );
      }),
    );
  });
});

describe("everyoneVoted", () => {
  it("is never true for an open session", () => {
    expect(everyoneVoted({ invited: [] }, [])).toBe(false);
    const at = new Date(0);
    expect(
      everyoneVoted({ invited: ["U1", "U2"] }, [
        { userId: "U1", value: "3", reason: "", votedAt: at },
        { userId: "U2", value: "?", reason: "", votedAt: at },
      ]),
    ).toBe(true);
  });
});

describe("pokerStartProblem", () => {
  it("accepts a deadline from a minute to 7 days and up to the invite limit", () => {
    expect(pokerStartProblem({ invited: [], deadlineMinutes: null })).toBeNull();
    expect(pokerStartProblem({ invited: [], deadlineMinutes: 1 })).toBeNull();
    expect(pokerStartProblem({ invited: [], deadlineMinutes: POKER_MAX_DEADLINE_MINUTES })).toBeNull();
    const invited = Array.from({ length: POKER_MAX_INVITED }, (_, i) => `U${i}`);
    expect(pokerStartProblem({ invited, deadlineMinutes: null })).toBeNull();
  });
  it("says what to fix otherwise", () => {
    expect(pokerStartProblem({ invited: [], deadlineMinutes: 0 })).toMatch(/between 1 minute and 7 days/);
    expect(pokerStartProblem({ invited: [], deadlineMinutes: POKER_MAX_DEADLINE_MINUTES + 1 })).toMatch(
      /7 days/,
    );
    const invited = Array.from({ length: POKER_MAX_INVITED + 1 }, (_, i) => `U${i}`);
    expect(pokerStartProblem({ invited, deadlineMinutes: null })).toBe(
      `Invite at most ${POKER_MAX_INVITED} people to one session.`,
    );
  });
});
