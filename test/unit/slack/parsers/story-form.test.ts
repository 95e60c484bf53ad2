/**
 * The story modal's state, read before the ack of every submission: what Slack sends becomes raw
 * form input, and anything shaped otherwise reads as an empty field (the domain then says what is
 * missing) rather than an exception.
 */
import { describe, expect, it } from "vitest";
import { STORY_INPUT_ACTION, StoryBlocks } from "../../../../src/slack/ids.js";
import {
  mayNameRequest,
  readStoryForm,
  readStoryMetadata,
  readStoryPlacement,
} from "../../../../src/slack/parsers/story-form.js";
import { storyModal } from "../../../../src/views/story-modal.view.js";

const text = (value: unknown) => ({ [STORY_INPUT_ACTION]: { type: "plain_text_input", value } });
const select = (value: unknown) => ({
  [STORY_INPUT_ACTION]: { type: "static_select", selected_option: value === null ? null : { value } },
});

describe("readStoryForm", () => {
  it("reads each text input and select as Slack sends them", () => {
    const form = readStoryForm({
      [StoryBlocks.title]: text("Export the backlog"),
      [StoryBlocks.persona]: text("product owner"),
      [StoryBlocks.want]: text("a CSV"),
      [StoryBlocks.benefit]: text(null),
      [StoryBlocks.acceptanceCriteria]: text("- one\n- two"),
      [StoryBlocks.priority]: select("high"),
      [StoryBlocks.estimate]: select(null),
      [StoryBlocks.labels]: text("export, csv"),
      [StoryBlocks.placement]: select("top"),
    });
    expect(form).toEqual({
      title: "Export the backlog",
      persona: "product owner",
      want: "a CSV",
      benefit: null,
      acceptanceCriteria: "- one\n- two",
      priority: "high",
      estimate: null,
      labels: "export, csv",
    });
  });

  it("reads anything shaped otherwise as empty fields, never throwing", () => {
    const empty = {
      title: null,
      persona: null,
      want: null,
      benefit: null,
      acceptanceCriteria: null,
      priority: null,
      estimate: null,
      labels: null,
    };
    for (const values of [null, undefined, "x", 42, [], {}, { [StoryBlocks.title]: null }]) {
      expect(readStoryForm(values)).toEqual(empty);
    }
    expect(
      readStoryForm({
        [StoryBlocks.title]: text(42),
        [StoryBlocks.persona]: { other_action: { value: "ignored" } },
        [StoryBlocks.want]: "not an object",
        [StoryBlocks.priority]: select(7),
        [StoryBlocks.estimate]: { [STORY_INPUT_ACTION]: { selected_option: "5" } },
      }),
    ).toEqual(empty);
  });
});

describe("readStoryPlacement", () => {
  it("is the selected placement, or null", () => {
    expect(readStoryPlacement({ [StoryBlocks.placement]: select("top") })).toBe("top");
    expect(readStoryPlacement({ [StoryBlocks.placement]: select("") })).toBeNull();
    expect(readStoryPlacement({ [StoryBlocks.placement]: select(null) })).toBeNull();
    expect(readStoryPlacement(null)).toBeNull();
  });
});

describe("mayNameRequest (before the ack, without parsing the metadata)", () => {
  it("is true for a modal that accepts a request, and false for a plain one whatever its texts say", () => {
    const accepting = storyModal({ channelId: "C1", requestId: 7 }).private_metadata;
    expect(mayNameRequest(accepting)).toBe(true);
    expect(readStoryMetadata(accepting).requestId).toBe(7);
    const sneaky = storyModal({
      channelId: "C1",
      source: {
        channelId: "C1",
        messageTs: "1.2",
        threadTs: null,
        permalink: 'https://x.slack.com/"requestId":1',
      },
    }).private_metadata;
    expect(mayNameRequest(sneaky)).toBe(false);
    expect(readStoryMetadata(sneaky).requestId ?? null).toBeNull();
    expect(mayNameRequest(undefined)).toBe(false);
  });
});
