import { describe, expect, it } from "vitest";
import { backlogLine, backlogMessage, CONTROLS_MAX_ENTRIES } from "../../../src/views/backlog.view.js";
import { hostileText, liveMarkers } from "../../support/hostile-text.js";
import { expectSafeMessage, maxStory, shownMarkers } from "./fixtures.js";

const entries = Array.from({ length: 100 }, (_, i) => ({ story: maxStory(i + 1), position: i + 1 }));
const page = (n: number, words: string[] = []) => ({
  entries: entries.slice(0, n),
  matched: 10_000,
  total: 10_000,
  offset: 20,
  limit: n,
  words,
});

describe("backlog views at maximal input with hostile text", () => {
  it("a page of 100 hostile stories, and a hostile search, stay valid with nothing live", () => {
    const listing = backlogMessage(page(100));
    expectSafeMessage(listing);
    expect(shownMarkers(listing.blocks)).toBeGreaterThan(0);
    const query = hostileText(500).split(" ");
    expectSafeMessage(backlogMessage(page(100, query)));
    expectSafeMessage(backlogMessage({ ...page(0, query), matched: 0 }));
  });

  it("with controls for the product owner and for members, at the most stories that get them", () => {
    for (const controls of ["po", "member"] as const) {
      expectSafeMessage(backlogMessage(page(CONTROLS_MAX_ENTRIES), { controls }));
    }
  });

  it("one line per story: title and labels escaped", () => {
    const line = backlogLine(entries[0]!);
    expect(liveMarkers(line)).toEqual([]);
    expect(shownMarkers(line)).toBeGreaterThan(0);
    expect(line).not.toMatch(/&amp;lt;[!@#]/); // a typed "<!here>" is escaped once, not twice
  });
});
