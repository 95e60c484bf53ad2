import { describe, expect, it } from "vitest";
import { GOAL_LIMITS } from "../../../src/domain/goal.js";
import { RETRO_LIMITS } from "../../../src/domain/retro.js";
import { SPRINT_LIMITS } from "../../../src/domain/sprint.js";
import type { HomeModel } from "../../../src/services/home.service.js";
import { homeView } from "../../../src/views/home.view.js";
import { hostileText } from "../../support/hostile-text.js";
import { AT, expectSafeView, hostileRequest, maxStory, shownMarkers, sprintItem } from "./fixtures.js";

const entries = Array.from({ length: 100 }, (_, i) => ({ story: maxStory(i + 1), position: i + 1 }));

const model = (over: Partial<HomeModel> = {}): HomeModel => ({
  viewerId: "U0PO",
  role: "product_owner",
  backlogTop: entries,
  backlogTotal: 10_000,
  ownStories: entries,
  ownTotal: 5_000,
  triage: { count: 999, oldest: Array.from({ length: 100 }, (_, i) => hostileRequest(i + 1)) },
  goals: Array.from({ length: 50 }, () => ({
    title: hostileText(GOAL_LIMITS.statement),
    metrics: Array.from({ length: GOAL_LIMITS.metrics }, () => hostileText(GOAL_LIMITS.metric)),
  })),
  ready: Object.fromEntries(entries.map((e) => [e.story.id, e.story.id % 2 === 0])),
  actionItems: Array.from({ length: 100 }, (_, i) => ({
    id: i,
    retroId: 1,
    text: hostileText(RETRO_LIMITS.actionText),
    ownerId: "U0PO",
    dueOn: "2026-12-12",
    state: "open" as const,
    createdBy: "U0SM",
    createdAt: AT,
    doneAt: null,
  })),
  sprint: {
    name: hostileText(SPRINT_LIMITS.name),
    goal: hostileText(SPRINT_LIMITS.goal),
    items: entries.map((e) => sprintItem(e.story)),
  },
  quickActions: ["new_story", "backlog", "standup", "triage"],
  ...over,
});

describe("homeView at maximal input with hostile text", () => {
  it("stays within 100 blocks and every limit, showing typed text escaped", () => {
    const view = homeView(model());
    expectSafeView(view);
    expect(shownMarkers(view)).toBeGreaterThan(0);
  });

  it("an empty Home for a viewer", () => {
    expectSafeView(
      homeView(
        model({
          role: "viewer",
          backlogTop: [],
          backlogTotal: 0,
          ownStories: [],
          ownTotal: 0,
          triage: null,
          goals: [],
          actionItems: [],
          sprint: null,
        }),
      ),
    );
  });

  it("fits the person: no status menus for viewers, no second copy of the top for a PO who wrote it", () => {
    const menus = (v: ReturnType<typeof homeView>) =>
      JSON.stringify(v).split('"home_sprint_status"').length - 1;
    expect(menus(homeView(model({ role: "member" })))).toBeGreaterThan(0);
    const viewer = homeView(model({ role: "viewer" }));
    expectSafeView(viewer);
    expect(menus(viewer)).toBe(0);

    const top = entries.slice(0, 3);
    const same = homeView(model({ backlogTop: top, backlogTotal: 3, ownStories: top, ownTotal: 3 }));
    expectSafeView(same);
    expect(JSON.stringify(same)).toContain("The 3 stories at the top of the backlog above are yours.");
    // Each story is listed once.
    expect(JSON.stringify(same).split(`#${top[0]?.story.number} `).length - 1).toBe(1);
    const different = homeView(
      model({ backlogTop: top, backlogTotal: 3, ownStories: top.slice(1), ownTotal: 2 }),
    );
    expect(JSON.stringify(different)).not.toContain("above are yours");
  });

  it("shows the quick actions it is given, in one row of plain buttons under the role line", () => {
    const labels = (v: ReturnType<typeof homeView>) =>
      (v.blocks.filter((b) => b.block_id === "home_quick") as { elements: { text: { text: string } }[] }[])
        .flatMap((b) => b.elements)
        .map((e) => e.text.text);
    expect(labels(homeView(model()))).toEqual(["New story", "Open backlog", "Write my standup", "Triage"]);
    expect(homeView(model()).blocks.findIndex((b) => b.block_id === "home_quick")).toBe(2);
    expect(labels(homeView(model({ role: "viewer", quickActions: ["backlog"] })))).toEqual(["Open backlog"]);
    expect(labels(homeView(model({ quickActions: [] })))).toEqual([]);
  });
});
