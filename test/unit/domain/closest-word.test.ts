import { describe, expect, it } from "vitest";
import { closestWord, editDistance } from "../../../src/domain/closest-word.js";

describe("closestWord", () => {
  const scrum = ["help", "roles", "status"];
  const backlog = ["triage", "archived", "ready", "size", "dor", "method", "score", "suggest"];

  it("finds the subcommand behind a slip: a swap, a missing or an extra letter", () => {
    expect(closestWord("rlose", scrum)).toBe("roles");
    expect(closestWord("stauts", scrum)).toBe("status");
    expect(closestWord("hepl", scrum)).toBe("help");
    expect(closestWord("archvied", backlog)).toBe("archived");
    expect(closestWord("suggets", backlog)).toBe("suggest");
    expect(closestWord("Triag", backlog)).toBe("triage");
  });

  it("stays quiet when nothing is close (a search word, an exact match, nonsense)", () => {
    expect(closestWord("login", backlog)).toBeNull();
    expect(closestWord("invoices", backlog)).toBeNull();
    expect(closestWord("roles", scrum)).toBeNull();
    expect(closestWord("", scrum)).toBeNull();
    expect(closestWord("x".repeat(100), scrum)).toBeNull();
  });

  it("counts a swap of neighbours as one edit", () => {
    expect(editDistance("ab", "ba")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });
});
