import { describe, expect, it } from "vitest";
import { cleanLine, cleanText, parseStoryForm } from "../../../src/domain/story.schema.js";
import { ValidationError } from "../../../src/lib/errors.js";

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
