import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { STORY_LIMITS } from "../../../src/domain/story.js";
import {
  cleanLine,
  cleanText,
  isCertainlyValidStoryForm,
  parseStoryForm,
  storyDraftAsTyped,
} from "../../../src/domain/story.schema.js";
import { ValidationError } from "../../../src/lib/errors.js";
import { HOSTILE_LINE } from "../../support/hostile-text.js";

const valid = {
  title: "Export the backlog",
  persona: "product owner",
  want: "export the backlog as CSV",
  benefit: "I can share it",
  acceptanceCriteria: "- Given a backlog\n- When I export\n\n3) Then I get a file",
  estimate: "5",
  priority: "high",
  labels: "Billing, #mobile, billing",
};

function fieldErrors(input: Parameters<typeof parseStoryForm>[0]): Record<string, string> {
  try {
    parseStoryForm(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).fieldErrors;
  }
  throw new Error("expected a validation error");
}

describe("parseStoryForm", () => {
  it("normalises a valid story", () => {
    const draft = parseStoryForm(valid);
    expect(draft).toEqual({
      title: "Export the backlog",
      persona: "product owner",
      want: "export the backlog as CSV",
      benefit: "I can share it",
      acceptanceCriteria: ["Given a backlog", "When I export", "Then I get a file"],
      estimate: 5,
      priority: "high",
      labels: ["billing", "mobile"],
    });
  });

  it("treats an empty or 'none' estimate as not estimated and defaults priority to medium", () => {
    expect(parseStoryForm({ ...valid, estimate: "none", priority: null }).estimate).toBeNull();
    expect(parseStoryForm({ ...valid, estimate: "" }).priority).toBe("high");
    expect(parseStoryForm({ ...valid, priority: "" }).priority).toBe("medium");
  });

  it("reports every bad field at once", () => {
    const errors = fieldErrors({
      ...valid,
      title: "x".repeat(151),
      persona: "x".repeat(5000),
      want: "x".repeat(5000),
      estimate: "4",
    });
    expect(Object.keys(errors).sort()).toEqual(["estimate", "persona", "title", "want"]);
    expect(errors.title).toMatch(/150 characters/);
    expect(errors.estimate).toMatch(/1, 2, 3, 5, 8, 13, 21/);
  });

  it("captures fast: only the title is required (the Definition of Ready flags the rest)", () => {
    const draft = parseStoryForm({ title: "Dark mode", persona: "", want: null, benefit: null });
    expect(draft).toMatchObject({ title: "Dark mode", persona: "", want: "", benefit: "" });
    expect(fieldErrors({ title: "" })).toHaveProperty("title");
  });

  it("rejects a non-numeric estimate and an unknown priority", () => {
    expect(fieldErrors({ ...valid, estimate: "lots" })).toHaveProperty("estimate");
    expect(fieldErrors({ ...valid, priority: "urgent!!" })).toHaveProperty("priority");
  });

  it("accepts a title of exactly 150 characters (emoji count as one, like Slack's input counter)", () => {
    expect(parseStoryForm({ ...valid, title: "a".repeat(150) }).title).toHaveLength(150);
    expect(parseStoryForm({ ...valid, title: "😀".repeat(150) }).title).toHaveLength(300);
    expect(fieldErrors({ ...valid, title: "😀".repeat(151) })).toHaveProperty("title");
  });

  it("limits the number of acceptance criteria and labels", () => {
    const many = Array.from({ length: 21 }, (_, i) => `criterion ${i}`).join("\n");
    expect(fieldErrors({ ...valid, acceptanceCriteria: many })).toHaveProperty("acceptanceCriteria");
    const labels = Array.from({ length: 11 }, (_, i) => `l${i}`).join(",");
    expect(fieldErrors({ ...valid, labels })).toHaveProperty("labels");
  });
});

describe("cleaning", () => {
  it("strips control characters but keeps newlines in multi-line text", () => {
    expect(cleanText("a\u0000b\u0007c\r\nd\te")).toBe("abc\nd\te");
    expect(cleanLine("  a \n\n b\u001b[31m ")).toBe("a b[31m");
  });
});

describe("isCertainlyValidStoryForm (the story modal's check before its ack)", () => {
  // Text that cleaning changes: control characters, CR/LF, list markers, spaces, emoji, RTL.
  const piece = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom(
      "",
      " ",
      "\n",
      "\r\n",
      "\r",
      "\t",
      "\u0000",
      "\u0007",
      "\u001b[31m",
      "\u0085",
      "\u00a0",
      "\u2028",
      "\u200b",
      "\ufeff",
      "- ",
      "1) ",
      "* ",
      ",",
      ", ,",
      "#",
      "😀",
      "\u202eevil",
      HOSTILE_LINE,
    ),
  );
  const text = (max: number) =>
    fc.oneof(
      fc.array(piece, { maxLength: 12 }).map((parts) => parts.join("")),
      fc.string({ unit: "grapheme", maxLength: max + 5 }),
      fc.nat({ max: max + 3 }).map((n) => "a".repeat(n)),
      fc.nat({ max: max + 3 }).map((n) => "😀".repeat(n)),
    );
  const maybe = (arb: fc.Arbitrary<string>) => fc.option(arb, { nil: null });
  // Lines around the count limit: many short ones, some empty, joined by any line break.
  const lines = (count: number, each: number) =>
    fc
      .array(fc.oneof(text(each), fc.string({ minLength: 1, maxLength: 3 })), {
        minLength: count - 3,
        maxLength: count + 2,
      })
      .chain((ls) => fc.constantFrom("\n", "\r\n", "\r").map((sep) => ls.join(sep)));
  const form = fc.record({
    title: maybe(text(STORY_LIMITS.title)),
    persona: maybe(text(STORY_LIMITS.persona)),
    want: maybe(text(40)),
    benefit: maybe(text(40)),
    acceptanceCriteria: maybe(fc.oneof(lines(STORY_LIMITS.criteria, 30), text(STORY_LIMITS.criterion))),
    estimate: maybe(fc.constantFrom("", "none", "None", "1", "2", "4", "5", "21", "x", " 5")),
    priority: maybe(fc.constantFrom("", "high", "HIGH", "medium", "urgent", " low")),
    labels: maybe(
      fc.oneof(
        text(STORY_LIMITS.label),
        fc.array(text(8), { maxLength: 13 }).map((ls) => ls.join(",")),
      ),
    ),
  });

  it("never accepts a form that the full parse refuses", () => {
    fc.assert(
      fc.property(form, (input) => {
        if (isCertainlyValidStoryForm(input)) expect(() => parseStoryForm(input)).not.toThrow();
      }),
      { numRuns: 20_000 },
    );
  });

  it("accepts the forms people submit, and at each limit exactly", () => {
    expect(isCertainlyValidStoryForm(valid)).toBe(true);
    expect(isCertainlyValidStoryForm({ title: "Export", persona: null, want: null, estimate: null })).toBe(
      true,
    );
    const atLimits = {
      ...valid,
      title: "a".repeat(STORY_LIMITS.title),
      acceptanceCriteria: Array.from({ length: STORY_LIMITS.criteria }, () =>
        "c".repeat(STORY_LIMITS.criterion),
      ).join("\n"),
      labels: Array.from({ length: STORY_LIMITS.labels }, (_, i) =>
        `${i}`.padEnd(STORY_LIMITS.label, "x"),
      ).join(","),
    };
    expect(isCertainlyValidStoryForm(atLimits)).toBe(true);
    expect(() => parseStoryForm(atLimits)).not.toThrow();
  });

  it("leaves every refused form, and doubtful ones, to the full parse", () => {
    for (const input of [
      { ...valid, title: "   \u0007 " },
      { ...valid, title: null },
      { ...valid, title: "a".repeat(STORY_LIMITS.title + 1) },
      { ...valid, estimate: "4" },
      { ...valid, priority: "urgent" },
      { ...valid, labels: Array.from({ length: STORY_LIMITS.labels + 1 }, (_, i) => `l${i}`).join(",") },
      { ...valid, acceptanceCriteria: "c".repeat(STORY_LIMITS.criterion + 1) },
      {
        ...valid,
        acceptanceCriteria: Array.from({ length: STORY_LIMITS.criteria + 1 }, () => "c").join("\r"),
      },
    ])
      expect(isCertainlyValidStoryForm(input)).toBe(false);
  });
});

describe("storyDraftAsTyped (giving someone their text back)", () => {
  it("cleans like the parse, keeps what the parse would refuse, and never invents an estimate", () => {
    const draft = storyDraftAsTyped({ ...valid, title: "a".repeat(200), estimate: "4", priority: "urgent" });
    expect(draft.title).toHaveLength(200);
    expect(draft.estimate).toBeNull();
    expect(draft.priority).toBe("medium");
    expect(draft.acceptanceCriteria).toEqual(["Given a backlog", "When I export", "Then I get a file"]);
    expect(draft.labels).toEqual(["billing", "mobile"]);
  });
});
