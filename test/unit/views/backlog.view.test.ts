import { describe, expect, it } from "vitest";
import {
  backlogLine,
  backlogMessage,
  CONTROLS_MAX_ENTRIES,
  MENU_MAX_ENTRIES,
} from "../../../src/views/backlog.view.js";
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
      expectSafeMessage(backlogMessage(page(MENU_MAX_ENTRIES), { controls }));
    }
    expectSafeMessage(backlogMessage(page(CONTROLS_MAX_ENTRIES), { controls: "po", mode: "reorder" }));
    const query = hostileText(500).split(" ");
    const searched = backlogMessage(page(MENU_MAX_ENTRIES, query), { controls: "po" });
    expectSafeMessage(searched);
    const ids = searched.blocks.map((b) => (b as { block_id?: string }).block_id ?? "");
    expect(Math.max(...ids.map((id) => id.length))).toBeLessThanOrEqual(255);
    expect(new Set(ids.filter(Boolean)).size).toBe(ids.filter(Boolean).length);
  });

  it("is light: a PO's page of 20 is one block per story, half the bytes of six buttons a row", () => {
    // Realistic rows (the six-button rows were 43 blocks and 29.5 KB for these 20 stories).
    const realistic = entries.slice(0, 20).map((e, i) => ({
      ...e,
      story: {
        ...e.story,
        title: `Export invoices as CSV for the finance team ${i}`,
        persona: "",
        want: "",
        benefit: "",
        labels: ["billing"],
        acceptanceCriteria: [],
      },
    }));
    const light = backlogMessage({ ...page(20), entries: realistic }, { controls: "po" });
    expect(light.blocks.length).toBeLessThanOrEqual(20 + 4);
    expect(JSON.stringify(light).length).toBeLessThan(15_000);
    const rows = light.blocks.filter((b) => b.type === "section" && "accessory" in b);
    expect(rows).toHaveLength(20);
  });

  it("counts only what it shows: one number per row, in backlog order", () => {
    const message = backlogMessage(page(3), { controls: "none" });
    const text = JSON.stringify(message.blocks);
    expect(text).toContain("in backlog order");
    expect(text).not.toContain("priority order");
    expect(text).not.toMatch(/\*\d+\.\* #/); // no "*21.* #1": the number is the story's
  });

  it("one line per story: title and labels escaped", () => {
    const line = backlogLine(entries[0]!);
    expect(liveMarkers(line)).toEqual([]);
    expect(shownMarkers(line)).toBeGreaterThan(0);
    expect(line).not.toMatch(/&amp;lt;[!@#]/); // a typed "<!here>" is escaped once, not twice
  });
});
