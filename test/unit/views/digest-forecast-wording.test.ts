import { describe, expect, it } from "vitest";
import { forecastBacklog, type ItemForecast } from "../../../src/domain/forecast/index.js";
import type { Story } from "../../../src/domain/story.js";
import type { QueueForecast } from "../../../src/services/forecast.service.js";
import {
  forecastDates,
  forecastLine,
  formatPlainDate,
  medianNote,
  storyForecastMessage,
} from "../../../src/views/forecast.view.js";
import { validateMessageBlocks } from "../../support/block-kit-limits.js";

const item = (p50: number, p85: number, p95: number): ItemForecast => {
  const end = (k: number) => `2026-12-${String(6 + 14 * (k - 1)).padStart(2, "0")}`;
  const f = (k: number) => ({
    kind: "by_sprint" as const,
    sprint: k,
    endDate: k > 2 ? "2027-01-03" : end(k),
  });
  return {
    id: 1,
    position: 1,
    points: 3,
    estimated: true,
    cumulativePoints: 3,
    p50: f(p50),
    p85: f(p85),
    p95: f(p95),
  };
};

describe("forecast wording", () => {
  it("formats dates without locale", () => {
    expect(formatPlainDate("2027-01-03")).toBe("Sun 3 Jan 2027");
  });

  it("gives the three probabilities as dates, with sprints on request", () => {
    expect(forecastDates(item(1, 2, 3))).toBe(
      "50% by Sun 6 Dec 2026 · 85% by Sun 20 Dec 2026 · 95% by Sun 3 Jan 2027",
    );
    expect(forecastDates(item(1, 2, 3), { withSprint: true })).toContain(
      "85% by the sprint ending Sun 20 Dec 2026",
    );
  });

  it("collapses to one date when all probabilities agree", () => {
    expect(forecastDates(item(2, 2, 2))).toBe("Done by Sun 20 Dec 2026 (95% likely)");
  });

  it("says 'not enough history yet' with fewer than 3 finished sprints", () => {
    const result = forecastBacklog({
      velocityHistory: [10, 12],
      queue: [{ id: 1, points: 3 }],
      sprint: { kind: "between_sprints", sprintLengthDays: 14, nextSprintStart: "2026-12-07" },
      seed: 1,
    });
    expect(forecastLine(result, null, 0)).toBe(
      "Not enough history yet: dates appear once the team has finished 3 sprints (2 so far).",
    );
  });

  it("notes unestimated items counted at the median story size", () => {
    const result = forecastBacklog({
      velocityHistory: [10, 10, 10],
      queue: [
        { id: 1, points: null },
        { id: 2, points: 5 },
        { id: 3, points: null },
        { id: 4, points: 2 },
        { id: 5, points: 8 },
      ],
      sprint: { kind: "between_sprints", sprintLengthDays: 14, nextSprintStart: "2026-12-07" },
      seed: 1,
    });
    expect(result.kind).toBe("forecast");
    expect(medianNote(result, 2)).toBe(
      "Counts 2 unestimated items up to here at 5 pts each, the median story size.",
    );
    expect(medianNote(result, 0)).toBeNull();
    if (result.kind !== "forecast") return;
    // 10 points a sprint in every trial; sprint 1 runs 7–20 Dec, sprint 2 ends 3 Jan.
    // Item 3 needs 5 (median) + 5 + 5 (median) = 15 points → sprint 2 in every trial.
    expect(forecastLine(result, result.items[2] ?? null, 2)).toBe(
      "Done by Sun 3 Jan 2027 (95% likely). Counts 2 unestimated items up to here at 5 pts each, the median story size.",
    );
  });

  it("renders /forecast for a queued story with sprint numbers, inside Slack's limits", () => {
    const s = {
      id: 2,
      number: 42,
      title: "Export <!channel>",
      status: "ready",
      archivedAt: null,
    } as unknown as Story;
    const result = forecastBacklog<number>({
      velocityHistory: [5, 10, 15],
      queue: [
        { id: 1, points: 8 },
        { id: 2, points: null },
      ],
      sprint: { kind: "between_sprints", sprintLengthDays: 14, nextSprintStart: "2026-12-07" },
      seed: 3,
    });
    const forecast = {
      result,
      queue: [],
      openTotal: 2,
      sprintsFinished: 3,
      current: null,
      medianCountUpTo: () => 1,
    } as QueueForecast;
    const msg = storyForecastMessage({
      kind: "queued",
      story: s,
      queuePosition: 2,
      backlogPosition: 5,
      forecast,
    });
    const json = JSON.stringify(msg.blocks);
    expect(json).toContain("#42 Export &lt;!channel&gt;");
    expect(json).toContain("by the sprint ending ");
    expect(json).not.toMatch(/\bsprint [0-9]/);
    expect(json).toContain("Counts 1 unestimated item up to here at 8 pts each");
    expect(json).toContain("1 open item ahead of it");
    expect(validateMessageBlocks(msg.blocks)).toEqual([]);
  });
});
