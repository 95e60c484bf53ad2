import { describe, expect, it } from "vitest";
import { checkReadiness } from "../../../src/domain/readiness.js";
import type { Story } from "../../../src/domain/story.js";
import { agendaStoryNumbers } from "../../../src/listeners/actions/refine.action.js";
import type { AgendaItem, RefinementAgenda } from "../../../src/services/refinement.service.js";
import { RefineIds } from "../../../src/slack/ids.js";
import { refinementAgendaMessage } from "../../../src/views/refinement.view.js";
import { LIMITS, validateMessageBlocks } from "../../support/block-kit-limits.js";

const story = (n: number, over: Partial<Story> = {}): Story => ({
  id: n,
  teamId: "T1",
  number: n,
  title: `Story ${n}`,
  persona: "customer",
  want: "export",
  benefit: "share",
  acceptanceCriteria: ["a file"],
  estimate: null,
  priority: "medium",
  status: "new",
  rank: n * 1024,
  labels: [],
  createdBy: "U1",
  sourcePermalink: null,
  createdAt: new Date("2026-11-01T00:00:00Z"),
  updatedAt: new Date("2026-11-01T00:00:00Z"),
  archivedAt: null,
  ...over,
});

const item = (s: Story, position = s.number): AgendaItem => ({
  story: s,
  position,
  missing: checkReadiness(s).missing,
});

type Block = {
  type: string;
  block_id?: string;
  text?: { text: string };
  elements?: { type: string; text?: unknown; action_id?: string; value?: string; style?: string }[];
};
const blocksOf = (agenda: RefinementAgenda) => refinementAgendaMessage(agenda).blocks as Block[];
const actionsOf = (blocks: Block[], n: number) =>
  blocks.find((b) => b.type === "actions" && b.block_id === `${RefineIds.itemBlockPrefix}${n}`);

describe("refinementAgendaMessage", () => {
  it("says there is nothing to refine when every item is ready", () => {
    const message = refinementAgendaMessage({ items: [], more: 0 });
    expect(message.text).toBe("Backlog refinement: nothing to refine");
    expect(JSON.stringify(message.blocks)).toContain("Nothing to refine");
    expect(validateMessageBlocks(message.blocks)).toEqual([]);
  });

  it("gives each not-ready item Open, Edit, Mark ready and Estimate, valued with its number", () => {
    const blocks = blocksOf({ items: [item(story(7)), item(story(9, { persona: "" }))], more: 0 });
    for (const n of [7, 9]) {
      const actions = actionsOf(blocks, n);
      expect(actions?.elements?.map((e) => e.action_id)).toEqual([
        RefineIds.open,
        RefineIds.edit,
        RefineIds.markReady,
        RefineIds.estimate,
      ]);
      expect(actions?.elements?.every((e) => e.value === String(n))).toBe(true);
      // Mark ready isn't highlighted while points are missing.
      expect(actions?.elements?.find((e) => e.action_id === RefineIds.markReady)?.style).toBeUndefined();
    }
    const text = JSON.stringify(blocks);
    expect(text).toContain("not estimated");
    expect(text).toContain("the persona");
  });

  it("shows an item marked ready as ready, with Open and Edit only, and counts it", () => {
    const ready = story(2, { estimate: 3, status: "ready" });
    const fixed = story(3, { estimate: 5 });
    const blocks = blocksOf({ items: [item(story(1)), item(ready), item(fixed)], more: 4 });
    const section = (n: number) =>
      blocks.find((b) => b.type === "section" && b.text?.text.startsWith(`*#${n}*`))?.text?.text ?? "";
    expect(section(2)).toContain("Ready to plan");
    expect(section(2)).not.toContain("not estimated");
    expect(actionsOf(blocks, 2)?.elements?.map((e) => e.action_id)).toEqual([RefineIds.open, RefineIds.edit]);
    // Meets the Definition of Ready but isn't marked yet: Mark ready is the primary button.
    expect(section(3)).toContain("Meets the Definition of Ready now");
    expect(actionsOf(blocks, 3)?.elements?.find((e) => e.action_id === RefineIds.markReady)?.style).toBe(
      "primary",
    );
    expect(section(1)).toContain("not estimated");
    const text = JSON.stringify(blocks);
    expect(text).toContain("1 of 3 marked ready so far");
    expect(text).toContain("and 4 more not ready");
    expect(refinementAgendaMessage({ items: [item(ready)], more: 0 }).text).toContain("every item");
  });

  it("stays within Block Kit limits for a large backlog of long, emoji and non-Latin titles", () => {
    const titles = [
      "🚀".repeat(150),
      "Экспорт отчётов ".repeat(10),
      "<!channel> *bold* & `code`",
      "x".repeat(150),
    ];
    const items = Array.from({ length: 100 }, (_, i) =>
      item(
        story(i + 1, {
          title: titles[i % titles.length] ?? "",
          labels: ["billing", "テスト"],
          want: "what? ".repeat(150),
          acceptanceCriteria: ["TBD ".repeat(100)],
          estimate: i % 2 ? 21 : null,
          persona: "",
          benefit: "",
        }),
      ),
    );
    const message = refinementAgendaMessage({ items, more: 400 });
    const blocks = message.blocks as Block[];
    expect(validateMessageBlocks(blocks)).toEqual([]);
    expect(blocks.length).toBeLessThanOrEqual(LIMITS.messageBlocks);
    for (const b of blocks.filter((x) => x.type === "actions")) {
      expect(b.elements?.length ?? 0).toBeLessThanOrEqual(LIMITS.actionsElements);
    }
    // 20 items listed, the 80 others counted with the 400 beyond.
    expect(blocks.filter((b) => b.type === "actions")).toHaveLength(20);
    expect(JSON.stringify(blocks)).toContain("and 480 more not ready");
    // User text can't ping anyone.
    expect(JSON.stringify(blocks)).not.toContain("<!channel>");
  });

  it("lists its items in block ids the listener reads back, in order", () => {
    const numbers = [12, 3, 45, 7];
    const message = refinementAgendaMessage({
      items: numbers.map((n) => item(story(n, n === 45 ? { estimate: 2, status: "ready" } : {}))),
      more: 0,
    });
    expect(agendaStoryNumbers({ blocks: message.blocks })).toEqual(numbers);
    expect(agendaStoryNumbers({ blocks: "nope" })).toEqual([]);
    expect(agendaStoryNumbers(undefined)).toEqual([]);
  });
});
