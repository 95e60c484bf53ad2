/**
 * `/goal` arguments: "" or "list" → goals; "features" → features; "feature [G1] <title>" → a new
 * feature (optionally under goal 1); "G1" → edit goal 1; anything else → a new goal's statement.
 * Never throws: the feature title is validated by the domain (`parseFeatureTitle`).
 */
import { cleanLine } from "../../domain/story.schema.js";

export type GoalArgs =
  | { kind: "list" }
  | { kind: "features" }
  | { kind: "feature"; goalNumber: number | null; title: string }
  | { kind: "edit"; goalNumber: number }
  | { kind: "new"; statement: string };

export function parseGoalArgs(raw: string): GoalArgs {
  const text = cleanLine(raw);
  if (text === "" || /^list$/i.test(text)) return { kind: "list" };
  if (/^features$/i.test(text)) return { kind: "features" };
  const feature = /^feature\s+(?:g(\d{1,9})\s+)?(.*)$/i.exec(text);
  if (feature)
    return { kind: "feature", goalNumber: feature[1] ? Number(feature[1]) : null, title: feature[2] ?? "" };
  const edit = /^g(\d{1,9})$/i.exec(text);
  if (edit) return { kind: "edit", goalNumber: Number(edit[1]) };
  return { kind: "new", statement: text };
}
