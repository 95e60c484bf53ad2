import { describe, expect, it } from "vitest";
import {
  RETRO_CATEGORIES,
  RETRO_LIMITS,
  type RetroAction,
  type RetroCard,
} from "../../../src/domain/retro.js";
import type { RetroBoard } from "../../../src/services/retro.service.js";
import {
  retroActionAssignedMessage,
  retroActionModal,
  retroBoardMessage,
  retroCardAddedView,
  retroCardModal,
  retroMyActionsMessage,
} from "../../../src/views/retro.view.js";
import { hostileText } from "../../support/hostile-text.js";
import { AT, expectSafeMessage, expectSafeView, shownMarkers } from "./fixtures.js";

const card = (id: number): RetroCard => ({
  id: id.toString(16).padStart(16, "0"),
  retroId: 1,
  category: RETRO_CATEGORIES[id % 3]!,
  text: hostileText(RETRO_LIMITS.cardText),
  votes: id % 7,
});
const action = (id: number): RetroAction => ({
  id,
  retroId: 1,
  text: hostileText(RETRO_LIMITS.actionText),
  ownerId: "U0DEV",
  dueOn: "2026-12-12",
  state: id % 2 ? "open" : "done",
  createdBy: "U0PO",
  createdAt: AT,
  doneAt: null,
});
const cards = Array.from({ length: 300 }, (_, i) => card(i + 1));
const board = (state: "revealed" | "closed"): RetroBoard => ({
  retro: { id: 1, teamId: "T1", channelId: "C1", state, createdAt: AT, revealedAt: AT, closedAt: null },
  groups: {
    well: cards.filter((c) => c.category === "well"),
    improve: cards.filter((c) => c.category === "improve"),
    idea: cards.filter((c) => c.category === "idea"),
  },
  cardCount: cards.length,
  voters: 40,
  actions: Array.from({ length: 100 }, (_, i) => action(i + 1)),
  carried: Array.from({ length: 100 }, (_, i) => action(i + 200)),
  votesPerPerson: RETRO_LIMITS.votesPerPerson,
});

describe("retro views at maximal input with hostile text", () => {
  it("the running and the closed board with 300 long cards and 200 action items", () => {
    for (const state of ["revealed", "closed"] as const) {
      const message = retroBoardMessage(board(state));
      expectSafeMessage(message);
      expect(shownMarkers(message.blocks)).toBeGreaterThan(0);
    }
  });

  it("the card and action modals, and the person's open action items", () => {
    expectSafeView(retroCardModal({ metadata: { channelId: "C1" }, waiting: 300 }));
    expectSafeView(retroCardAddedView(300));
    expectSafeView(
      retroActionModal({
        metadata: { retroId: 1, channelId: "C1", messageTs: "1.2" },
        defaultDue: "2026-12-12",
      }),
    );
    const mine = retroMyActionsMessage(Array.from({ length: 200 }, (_, i) => action(i + 1)));
    expectSafeMessage(mine);
    expect(shownMarkers(mine.blocks)).toBeGreaterThan(0);
    expectSafeMessage(retroMyActionsMessage([]));
  });

  it("the owner's DM: hostile action text shown, not live; the due day for people", () => {
    const dm = retroActionAssignedMessage({ ...action(1), dueOn: "2026-12-02" });
    expectSafeMessage(dm);
    expect(shownMarkers(dm.blocks)).toBeGreaterThan(0);
    expect(dm.text).toContain("due Wed 2 Dec");
  });
});
