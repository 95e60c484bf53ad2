import { describe, expect, it } from "vitest";
import {
  POKER_CARDS,
  POKER_MAX_INVITED,
  POKER_REASON_MAX,
  type PokerSession,
  summarizeVotes,
} from "../../../src/domain/poker.js";
import type { PokerBoard } from "../../../src/services/poker.service.js";
import { pokerMessage, pokerVotedMessage, pokerVoteModal } from "../../../src/views/poker.view.js";
import { hostileText } from "../../support/hostile-text.js";
import { AT, expectSafeMessage, expectSafeView, maxStory, shownMarkers } from "./fixtures.js";

const voters = Array.from({ length: POKER_MAX_INVITED }, (_, i) => `U${String(i).padStart(4, "0")}`);
const session = (over: Partial<PokerSession> = {}): PokerSession => ({
  id: 3,
  teamId: "T1",
  channelId: "C1",
  storyId: 1,
  facilitatorId: "U0PO",
  invited: voters,
  round: 9,
  state: "voting",
  deadlineAt: AT,
  messageTs: "1.2",
  acceptedEstimate: null,
  acceptedBy: null,
  createdAt: AT,
  revealedAt: null,
  closedAt: null,
  ...over,
});
const story = maxStory(1);
const votes = voters.map((userId, i) => ({
  userId,
  value: POKER_CARDS[i % POKER_CARDS.length]!,
  reason: hostileText(POKER_REASON_MAX),
  votedAt: AT,
}));
const summary = summarizeVotes(votes);
const board = (over: Partial<PokerBoard> = {}): PokerBoard => ({
  session: session(),
  story,
  voters,
  revealed: null,
  ...over,
});

describe("poker views at maximal input with hostile text", () => {
  it("voting, revealed (50 hostile reasons), accepted and cancelled boards", () => {
    expectSafeMessage(pokerMessage(board()));
    const revealed = pokerMessage(
      board({
        session: session({ state: "revealed", revealedAt: AT }),
        revealed: { votes, summary, currentEstimate: 5 },
      }),
    );
    expectSafeMessage(revealed);
    expect(shownMarkers(revealed.blocks)).toBeGreaterThan(0); // reasons shown, escaped
    expectSafeMessage(pokerMessage(board({ session: session({ state: "accepted", acceptedEstimate: 8 }) })));
    expectSafeMessage(pokerMessage(board({ session: session({ state: "cancelled" }) })));
  });

  it("the vote modal and the private confirmation", () => {
    expectSafeView(pokerVoteModal(board(), "C1"));
    expectSafeMessage(pokerVotedMessage(12, "coffee"));
  });
});

describe("the voting board", () => {
  const cards = (message: ReturnType<typeof pokerMessage>) =>
    message.blocks.find((b) => b.type === "actions" && b.block_id === "poker_cards_3") as
      | {
          elements: {
            action_id: string;
            value: string;
            text: { text: string };
            accessibility_label?: string;
          }[];
        }
      | undefined;

  it("carries a button per card, each with a spoken label, and the user story with its criteria", () => {
    const message = pokerMessage(board());
    const row = cards(message);
    expect(row?.elements.map((e) => e.text.text)).toEqual(["1", "2", "3", "5", "8", "13", "21", "?", "☕"]);
    expect(row?.elements.map((e) => e.value)).toEqual(POKER_CARDS.map((c) => `3:${c}`));
    expect(row?.elements.map((e) => e.accessibility_label)).toContain("Vote 5 points");
    expect(row?.elements.map((e) => e.accessibility_label)).toContain("Vote: I need a break");
    const text = JSON.stringify(message.blocks);
    expect(text).toContain("Acceptance criteria");
    expect(text).toContain("&gt;"); // the sentence and criteria are there, escaped (hostile fixture)
  });

  it("never shows the story's current estimate before the reveal; shows it after", () => {
    const voting = JSON.stringify(pokerMessage(board()));
    expect(voting).not.toMatch(/estimated|currently|\bpts?\b/);
    const revealed = pokerMessage(
      board({
        session: session({ state: "revealed", revealedAt: AT }),
        revealed: { votes: [], summary: summarizeVotes([]), currentEstimate: 13 },
      }),
    );
    expect(JSON.stringify(revealed.blocks)).toContain("estimated at 13 pts before");
  });

  it("reads well with a title-only story (no sentence, no criteria)", () => {
    const bare = { ...story, persona: "", want: "", benefit: "", acceptanceCriteria: [] };
    const message = pokerMessage(board({ story: bare }));
    expectSafeMessage(message);
    expect(JSON.stringify(message.blocks)).toContain("No acceptance criteria yet");
  });
});
