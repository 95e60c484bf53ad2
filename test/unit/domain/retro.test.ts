import { describe, expect, it } from "vitest";
import {
  canVote,
  groupCards,
  type RetroCard,
  validateAction,
  validateCard,
} from "../../../src/domain/retro.js";
import { ValidationError } from "../../../src/lib/errors.js";

const card = (id: number, category: RetroCard["category"], text: string, votes: number): RetroCard => ({
  id: id.toString(16).padStart(16, "0"),
  retroId: 1,
  category,
  text,
  votes,
});

describe("retro domain", () => {
  it("validates cards: column and non-empty text within the limit", () => {
    expect(validateCard({ category: "idea", text: "  Mob on Fridays  " })).toEqual({
      category: "idea",
      text: "Mob on Fridays",
    });
    const e = (() => {
      try {
        validateCard({ category: "nope", text: "x".repeat(501) });
      } catch (error) {
        return error as ValidationError;
      }
    })();
    expect(e).toBeInstanceOf(ValidationError);
    expect(Object.keys(e?.fieldErrors ?? {}).sort()).toEqual(["category", "text"]);
  });

  it("groups by column, most votes first, ties by text rather than by writing order", () => {
    const g = groupCards([
      card(1, "well", "b", 1),
      card(2, "improve", "z", 0),
      card(3, "well", "a", 1),
      card(4, "well", "c", 3),
    ]);
    expect(g.well.map((c) => c.text)).toEqual(["c", "a", "b"]);
    expect(g.improve.map((c) => c.text)).toEqual(["z"]);
    expect(g.idea).toEqual([]);
  });

  it("keeps a fixed order while voting is open (text, then public id), whatever the votes", () => {
    const cards = [card(9, "well", "b", 5), card(2, "well", "a", 0), card(1, "well", "b", 0)];
    expect(groupCards(cards, false).well.map((c) => [c.text, c.votes])).toEqual([
      ["a", 0],
      ["b", 0],
      ["b", 5],
    ]);
    expect(groupCards(cards, true).well.map((c) => [c.text, c.votes])).toEqual([
      ["b", 5],
      ["a", 0],
      ["b", 0],
    ]);
  });

  it("allows 3 dots per person", () => {
    expect([0, 1, 2, 3].map(canVote)).toEqual([true, true, true, false]);
  });

  it("validates action items: text, a user as owner, a due date not in the past", () => {
    expect(validateAction({ text: "Fix CI", ownerId: "U1", dueOn: "2026-12-10" }, "2026-12-01")).toEqual({
      text: "Fix CI",
      ownerId: "U1",
      dueOn: "2026-12-10",
    });
    expect(() =>
      validateAction({ text: "Fix CI", ownerId: "U1", dueOn: "2026-11-30" }, "2026-12-01"),
    ).toThrow(ValidationError);
    expect(() => validateAction({ text: "", ownerId: "nobody", dueOn: "2026-02-30" }, "2026-01-01")).toThrow(
      ValidationError,
    );
  });
});
