import { describe, it } from "vitest";
import { storyModal } from "../../../src/views/story-modal.view.js";
import { hostileText } from "../../support/hostile-text.js";
import { expectSafeView } from "./fixtures.js";

const long = hostileText(5000);

describe("storyModal at maximal input with hostile text", () => {
  it("a new story prefilled with text longer than every field (message shortcut, accepted request)", () => {
    expectSafeView(
      storyModal({
        title: long,
        channelId: "C1",
        prefill: {
          persona: long,
          want: long,
          benefit: long,
          acceptanceCriteria: Array.from({ length: 40 }, () => hostileText(600)).join("\n"),
          priority: "critical",
          labels: long,
        },
        source: {
          channelId: "C1",
          messageTs: "1700000000.000100",
          threadTs: "1700000000.000001",
          permalink: `https://fake-team.slack.com/archives/C1/p1700000000000100?thread_ts=${"9".repeat(200)}`,
        },
        requestId: 999_999,
      }),
    );
  });

  it("editing a story with 99 hostile goals and features to link", () => {
    const options = Array.from({ length: 99 }, (_, i) => ({ id: i + 1, label: hostileText(300) }));
    expectSafeView(
      storyModal({
        title: long,
        channelId: null,
        prefill: { persona: long, want: long, benefit: long, acceptanceCriteria: long, labels: long },
        edit: {
          number: 123_456,
          estimate: 21,
          goals: options,
          features: options,
          goalId: 99,
          featureId: 1,
          responseUrl: `https://hooks.slack.com/actions/T1/${"9".repeat(60)}/${"x".repeat(24)}`,
        },
      }),
    );
  });
});
