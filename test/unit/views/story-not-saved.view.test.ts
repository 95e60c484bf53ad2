import { describe, expect, it } from "vitest";
import type { StoryDraft } from "../../../src/domain/story.js";
import { ActionIds } from "../../../src/slack/ids.js";
import { readStoryRetry, storyRetryValue } from "../../../src/slack/parsers/story-form.js";
import { storyNotSavedMessage } from "../../../src/views/story-not-saved.view.js";
import { expectSafeMessage, maxStory, shownMarkers } from "./fixtures.js";

/** The draft of a story with every text field at its maximum, hostile. */
const hostileDraft = (): StoryDraft => {
  const { title, persona, want, benefit, acceptanceCriteria, labels } = maxStory(1);
  return { title, persona, want, benefit, acceptanceCriteria, labels, estimate: 13, priority: "critical" };
};

const form = {
  title: "Export <!here> as CSV",
  persona: "product owner",
  want: "export",
  benefit: "share it",
  acceptanceCriteria: "Given a backlog\nThen a CSV",
  priority: "high" as const,
  estimate: 5,
  labels: "billing, reports",
};

describe("the message for a story that could not be saved", () => {
  it("shows every field of a maximal hostile story, escaped, within Slack's limits", () => {
    const message = storyNotSavedMessage({ draft: hostileDraft(), reason: "Try again.", retryValue: null });
    expectSafeMessage(message);
    expect(shownMarkers(message)).toBeGreaterThan(0);
    expect(JSON.stringify(message)).not.toContain(ActionIds.storyRetry);
    expect(JSON.stringify(message)).toContain("13 pts");
  });

  it("offers Try again only with a value, and says how to go on without one", () => {
    const draft = { ...hostileDraft(), acceptanceCriteria: [], labels: [] };
    const withButton = storyNotSavedMessage({ draft, reason: "Oops.", retryValue: "{}" });
    expect(JSON.stringify(withButton)).toContain(ActionIds.storyRetry);
    expect(JSON.stringify(withButton)).toContain("Press *Try again*");
    const without = storyNotSavedMessage({ draft, reason: "Oops.", retryValue: null });
    expect(JSON.stringify(without)).toContain("Copy it into `/story`");
  });
});

describe("the Try again button's value", () => {
  const metadata = { channelId: "C0TEAM", source: null };

  it("carries the form and where it came from back, unchanged", () => {
    const value = storyRetryValue(form, metadata);
    expect(value).not.toBeNull();
    expect(value?.length).toBeLessThanOrEqual(2000);
    expect(readStoryRetry(value ?? undefined)).toEqual({ form, metadata: { channelId: "C0TEAM" } });
  });

  it("is null when the form doesn't fit Slack's 2000 characters", () => {
    expect(storyRetryValue({ ...form, want: "w".repeat(1990) }, metadata)).toBeNull();
  });

  it("reads a forged or broken value as nothing", () => {
    expect(readStoryRetry("not json")).toBeNull();
    expect(readStoryRetry(undefined)).toBeNull();
    expect(readStoryRetry(JSON.stringify({ f: { ...form, priority: "urgent" }, m: metadata }))).toBeNull();
    expect(readStoryRetry(JSON.stringify({ f: form, m: { channelId: "<!channel>" } }))).toBeNull();
  });
});
