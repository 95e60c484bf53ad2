/** Test setup: one exported story row (the CLI's file format), with overrides. */
import type { StoryRecord } from "../../src/domain/story-transfer.js";

export function storyRecord(over: Partial<StoryRecord> = {}): StoryRecord {
  return {
    number: 1,
    position: 1,
    title: "t",
    persona: "p",
    want: "w",
    benefit: "",
    acceptance_criteria: [],
    estimate: null,
    priority: "medium",
    status: "new",
    labels: [],
    created_by: "U1",
    created_at: "2026-11-28T12:00:00.000Z",
    updated_at: "2026-11-28T12:00:00.000Z",
    archived_at: null,
    source_permalink: null,
    ...over,
  };
}
