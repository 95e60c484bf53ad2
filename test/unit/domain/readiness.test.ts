import { describe, expect, it } from "vitest";
import { checkReadiness, investHints, openQuestions } from "../../../src/domain/readiness.js";

const ready = {
  title: "Export the backlog",
  persona: "product owner",
  want: "export the backlog as CSV",
  benefit: "I can share it with finance",
  acceptanceCriteria: ["Given a backlog, when I export, then I get a CSV"],
  estimate: 5 as const,
};

describe("checkReadiness", () => {
  it("passes a complete, estimated, small story without questions", () => {
    const r = checkReadiness(ready);
    expect(r.ready).toBe(true);
    expect(r.missing).toEqual([]);
    expect(r.points.map((p) => p.id)).toEqual([
      "persona",
      "want",
      "benefit",
      "acceptance_criteria",
      "estimated",
      "size_limit",
      "no_open_questions",
    ]);
  });

  it("lists every missing point of a title-only story", () => {
    const r = checkReadiness({
      ...ready,
      persona: "",
      want: " ",
      benefit: "",
      acceptanceCriteria: [],
      estimate: null,
    });
    expect(r.ready).toBe(false);
    expect(r.missing.map((p) => p.id)).toEqual([
      "persona",
      "want",
      "benefit",
      "acceptance_criteria",
      "estimated",
      "size_limit",
    ]);
    expect(r.missing.every((p) => typeof p.missing === "string" && p.missing.length > 0)).toBe(true);
  });

  it("enforces the size limit inclusively", () => {
    expect(checkReadiness({ ...ready, estimate: 8 }, { sizeLimit: 8, disabled: [] }).ready).toBe(true);
    const big = checkReadiness({ ...ready, estimate: 13 }, { sizeLimit: 8, disabled: [] });
    expect(big.missing.map((p) => p.id)).toEqual(["size_limit"]);
    expect(big.missing[0]?.missing).toContain("limit of 8");
  });

  it("finds open questions: a line ending in ?, TBD, Q:", () => {
    expect(openQuestions({ ...ready, want: "export\nwhich columns?" })).toEqual(["which columns?"]);
    expect(openQuestions({ ...ready, acceptanceCriteria: ["TBD with finance", "ok"] })).toEqual([
      "TBD with finance",
    ]);
    expect(openQuestions(ready)).toEqual([]);
    // A question mark in the middle of a sentence is not an open question.
    expect(openQuestions({ ...ready, want: "show “why?” tooltips on scores" })).toEqual([]);
    const r = checkReadiness({ ...ready, benefit: "finance can reconcile? not sure" });
    expect(r.ready).toBe(true);
    const q = checkReadiness({ ...ready, acceptanceCriteria: ["Which format?", "Q: who signs off"] });
    expect(q.missing.map((p) => p.id)).toEqual(["no_open_questions"]);
    expect(q.missing[0]?.missing).toContain("and 1 more");
  });

  it("skips checks the team switched off", () => {
    const r = checkReadiness({ ...ready, benefit: "" }, { sizeLimit: 8, disabled: ["benefit"] });
    expect(r.ready).toBe(true);
    expect(r.points.some((p) => p.id === "benefit")).toBe(false);
  });
});

describe("investHints", () => {
  it("gives hints a rule can check, none for a good story", () => {
    expect(investHints(ready)).toEqual([]);
    const letters = investHints({
      ...ready,
      title: "Login and signup and reset",
      want: "log in, depends on #4",
      benefit: "",
      acceptanceCriteria: ["it is fast"],
      estimate: null,
    }).map((h) => h.letter);
    expect(letters).toEqual(["I", "V", "E", "S", "T"]);
  });
});
