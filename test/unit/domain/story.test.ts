import { describe, expect, it } from "vitest";
import { isStoryPoints, userStorySentence } from "../../../src/domain/story.js";

describe("userStorySentence", () => {
  it("builds the classic sentence with the right article", () => {
    expect(
      userStorySentence({
        persona: "product owner",
        want: "sort the backlog",
        benefit: "the team knows what's next",
      }),
    ).toBe("As a product owner, I want to sort the backlog, so that the team knows what's next.");
    expect(userStorySentence({ persona: "admin", want: "to reset passwords", benefit: "" })).toBe(
      "As an admin, I want to reset passwords.",
    );
  });

  it("chooses a or an by sound", () => {
    const as = (persona: string) => userStorySentence({ persona, want: "", benefit: "" });
    expect(as("user")).toBe("As a user.");
    expect(as("UX designer")).toBe("As a UX designer.");
    expect(as("European customer")).toBe("As a European customer.");
    expect(as("hourly worker")).toBe("As an hourly worker.");
    expect(as("SRE")).toBe("As an SRE.");
    expect(as("HR manager")).toBe("As an HR manager.");
    expect(as("owner")).toBe("As an owner.");
    expect(as("Finance member")).toBe("As a Finance member.");
  });

  it("doesn't double the words people already typed", () => {
    expect(
      userStorySentence({ persona: "As the PO", want: "I want to plan", benefit: "so that we ship!" }),
    ).toBe("As the PO, I want to plan, so that we ship!");
  });

  it("is empty when nothing is filled in", () => {
    expect(userStorySentence({ persona: "", want: "", benefit: "" })).toBe("");
  });
});

describe("isStoryPoints", () => {
  it("accepts Fibonacci points only", () => {
    expect([1, 2, 3, 5, 8, 13, 21].every(isStoryPoints)).toBe(true);
    expect([0, 4, 20, 34, -1, 1.5].some(isStoryPoints)).toBe(false);
  });
});
