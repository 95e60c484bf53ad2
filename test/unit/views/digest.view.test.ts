import { describe, expect, it } from "vitest";
import { aggregateChanges, type DigestEvent, type StoryNow } from "../../../src/domain/digest/index.js";
import { forecastBacklog } from "../../../src/domain/forecast/index.js";
import { checkReadiness } from "../../../src/domain/readiness.js";
import type { Story } from "../../../src/domain/story.js";
import type { DigestModel } from "../../../src/services/digest.service.js";
import { digestMessage, digestNoticeMessage } from "../../../src/views/digest.view.js";
import { digestSetupModal } from "../../../src/views/digest-setup.view.js";
import { validateMessageBlocks, validateView } from "../../support/block-kit-limits.js";

const story = (n: number, over: Partial<Story> = {}): Story => ({
  id: n,
  teamId: "T1",
  number: n,
  title: `Story ${n} ${"with a long title ".repeat(8)}`.slice(0, 150),
  persona: "",
  want: "",
  benefit: "",
  acceptanceCriteria: [],
  estimate: n % 4 === 0 ? null : 3,
  priority: "high",
  status: n % 3 === 0 ? "ready" : "new",
  rank: n * 1024,
  labels: [],
  createdBy: "U1",
  sourcePermalink: null,
  createdAt: new Date("2026-11-01T00:00:00Z"),
  updatedAt: new Date("2026-11-01T00:00:00Z"),
  archivedAt: null,
  ...over,
});

/** A model over `n` stories where every story changed in every way the digest reports. */
function bigModel(n: number, history: number[]): DigestModel {
  const stories = Array.from({ length: n }, (_, i) => story(i + 1));
  const queue = stories.map((s) => ({ id: s.id, points: s.estimate }));
  const result = forecastBacklog({
    velocityHistory: history,
    queue,
    sprint: { kind: "between_sprints", sprintLengthDays: 14, nextSprintStart: "2026-12-07" },
    seed: 7,
    limit: 20,
  });
  const events: DigestEvent[] = [];
  let id = 1;
  const kinds = ["created", "moved", "status", "archived", "estimated", "priority"] as const;
  for (const s of stories) {
    const kind = kinds[s.id % kinds.length] ?? "created";
    const data: Record<string, unknown> =
      kind === "created"
        ? { number: s.number, title: s.title }
        : kind === "moved"
          ? { fromPosition: s.id + 50, toPosition: s.id % 2 ? s.id : s.id + 100 }
          : kind === "status"
            ? { from: "ready", to: s.id % 4 ? "done" : "in_progress" }
            : kind === "estimated"
              ? { from: 3, to: 8 }
              : kind === "priority"
                ? { from: "low", to: "critical" }
                : {};
    events.push({ id: id++, storyId: s.id, kind, data });
  }
  for (let r = 1; r <= 500; r++) {
    events.push({
      id: id++,
      storyId: null,
      kind: "request_declined",
      data: { requestId: r, reason: "<!channel> no", reasonShared: true },
    });
  }
  const now = new Map<number, StoryNow>(
    stories.map((s) => [
      s.id,
      { id: s.id, number: s.number, title: s.title, position: s.id, status: s.status },
    ]),
  );
  const set = aggregateChanges(events, now);
  return {
    teamId: "T1",
    generatedAt: new Date("2026-12-07T14:00:00Z"),
    timeZone: "America/New_York",
    sections: ["goals", "sprint", "top", "changes"],
    goals: Array.from({ length: 30 }, (_, i) => ({
      title: `Goal ${i}`,
      metrics: ["Churn below 2%", "NPS 40+"],
    })),
    sprint: {
      name: "Sprint 12",
      goal: "Ship <!here> CSV export",
      startedOn: "2026-11-30",
      endsOn: "2026-12-13",
      donePoints: 8,
      plannedPoints: 20,
      doneItems: 2,
      plannedItems: 6,
    },
    top: {
      items: stories.slice(0, 20).map((s, i) => ({
        story: s,
        position: i + 1,
        // Stories marked ready here meet the Definition of Ready; the others miss most of it.
        readiness: checkReadiness(
          s.status === "ready"
            ? { ...s, persona: "buyer", want: "pay", benefit: "faster", acceptanceCriteria: ["ok"] }
            : s,
        ),
        forecast: result.kind === "forecast" ? (result.items[i] ?? null) : null,
        medianCount: Math.floor((i + 1) / 4),
        priorityReason: null,
      })),
      openTotal: n,
      result,
      sprintsFinished: history.length,
    },
    changes: {
      set,
      since: new Date("2026-11-30T14:00:00Z"),
      requestTitles: new Map(Array.from({ length: 500 }, (_, i) => [i + 1, `Request ${i + 1} 🎉`])),
    },
    homeUrl: "slack://app?team=T1&id=A1&tab=home",
  };
}

describe("digestMessage", () => {
  it("stays inside Slack's limits with 10,000 stories that all changed", () => {
    const model = bigModel(
      10_000,
      Array.from({ length: 200 }, (_, i) => 20 + (i % 7)),
    );
    const msg = digestMessage(model);
    expect(validateMessageBlocks(msg.blocks)).toEqual([]);
    expect(msg.blocks.length).toBeLessThanOrEqual(50);
    expect(msg.text.length).toBeLessThanOrEqual(300);
    const json = JSON.stringify(msg.blocks);
    expect(json).toContain("…and");
    expect(json).not.toContain("<!channel>");
    expect(json).not.toContain("<!here>");
    expect(json).toContain("slack://app?team=T1&id=A1&tab=home");
    expect(json).toContain("What changed since Mon 30 Nov 2026");
  });

  it("renders every section in a fixed order and is deterministic", () => {
    const model = bigModel(40, [10, 12, 9, 11]);
    const a = JSON.stringify(digestMessage(model));
    expect(JSON.stringify(digestMessage(model))).toBe(a);
    const order = ["Product goals", "Current sprint", "Next up", "What changed"].map((h) => a.indexOf(h));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    expect(a).toContain("50% by");
    expect(a).toContain("2 of 6 items done");
    expect(a).not.toContain("points");
  });

  it("says 'not enough history yet' once instead of dates, and omits sections not chosen or unavailable", () => {
    const model = bigModel(30, [10, 12]);
    model.goals = null;
    model.sections = ["top", "changes"];
    const json = JSON.stringify(digestMessage(model));
    expect(json).toContain("Not enough history yet");
    expect(json.match(/Not enough history yet/g)).toHaveLength(1);
    expect(json).not.toContain("50% by");
    expect(json).not.toContain("Product goals");
    expect(json).not.toContain("Current sprint");
  });

  it("shows the priority label for items without a method's inputs, and says why for items with them", () => {
    const model = bigModel(5, [10, 12, 9]);
    const [first, second] = model.top.items;
    if (!first || !second) throw new Error("two items expected");
    first.priorityReason =
      "WSJF 2.6: cost of delay 13 (business value 5 + time criticality 5 + risk reduction 3) ÷ job size 5.";
    second.priorityReason = `RICE <!channel> & ${"very long ".repeat(40)}`;
    const msg = digestMessage(model);
    expect(validateMessageBlocks(msg.blocks)).toEqual([]);
    const lines = JSON.stringify(msg.blocks)
      .split("\\n")
      .filter((l) => l.length > 0);
    const linesAfter = (needle: string) => lines.slice(lines.findIndex((l) => l.includes(needle)) + 1);
    // Item 1: the reason replaces the label.
    const one = linesAfter("*1.* #1 ");
    expect(one[0]).toBe("Not ready to start yet");
    expect(one[1]).toBe(
      "Why here: WSJF 2.6: cost of delay 13 (business value 5 + time criticality 5 + risk reduction 3) ÷ job size 5.",
    );
    // Item 2: escaped (no channel ping) and capped.
    const two = linesAfter("*2.* #2 ");
    expect(two[1]).toContain("Why here: RICE &lt;!channel&gt; &amp; very long");
    expect(two[1]?.length).toBeLessThanOrEqual("Why here: ".length + 200);
    // Item 3 has no inputs: the label as before, and no reason line.
    const three = linesAfter("*3.* #3 ");
    expect(three[0]).toBe("High priority · ready to start");
    expect(three[1]).not.toContain("Why here");
    expect(JSON.stringify(msg.blocks).match(/Why here/g)).toHaveLength(2);

    // 20 items, each with a maximal reason and title: still a valid message with every item shown.
    const big = bigModel(10_000, [10, 12, 9]);
    for (const item of big.top.items) item.priorityReason = `WSJF ${"9,999,999.99 + ".repeat(30)}`;
    const bigMsg = digestMessage(big);
    expect(validateMessageBlocks(bigMsg.blocks)).toEqual([]);
    expect(JSON.stringify(bigMsg.blocks).match(/Why here/g)).toHaveLength(20);
  });

  it("says nothing changed when the window is empty", () => {
    const model = bigModel(5, [10, 12, 9]);
    model.changes.set = aggregateChanges([], new Map(), 99);
    const json = JSON.stringify(digestMessage(model));
    expect(json).toContain("Nothing changed in the backlog");
  });
});

describe("digestNoticeMessage", () => {
  it("names the channel, the fix, and where the digest did go", () => {
    const msg = digestNoticeMessage({ channel: "C2", reason: "not_in_channel", delivered: ["C1"] });
    expect(msg.text).toContain("<#C2>");
    expect(msg.text).toContain("/invite @Scrumbot");
    expect(msg.text).toContain("did go to <#C1>");
    expect(validateMessageBlocks(msg.blocks)).toEqual([]);
  });
});

describe("digestSetupModal", () => {
  it("is a valid modal, prefilled from the current settings", () => {
    const view = digestSetupModal({
      current: {
        channels: ["C1", "C2"],
        days: [1, 4],
        time: "09:00",
        timeZone: "America/New_York",
        sections: ["top", "changes"],
        topN: 5,
      },
      defaultTimeZone: "UTC",
      metadata: { appId: "A1", channelId: "C1" },
    });
    expect(validateView(view)).toEqual([]);
    expect(JSON.stringify(view)).toContain("America/New_York");
  });
});
