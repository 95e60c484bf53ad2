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
      board({ session: session({ state: "revealed", revealedAt: AT }), revealed: { votes, summary } }),
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
