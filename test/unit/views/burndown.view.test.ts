import { describe, expect, it } from "vitest";
import { burndownSvg, yTicks } from "../../../src/views/burndown.view.js";

describe("burndown chart", () => {
  it("labels days for people and puts y ticks on round, even steps", () => {
    const points = ["2026-12-01", "2026-12-02", "2026-12-03"].map((date, i) => ({
      date,
      ideal: 21 - i * 10.5,
      remaining: i === 0 ? 21 : null,
    }));
    const svg = burndownSvg(points, "Burndown");
    expect(svg).toContain(">Tue 1 Dec<");
    expect(svg).toContain(">Thu 3 Dec<");
    expect(svg).not.toContain(">12-01<");
    expect(yTicks(21)).toEqual([0, 5, 10, 15, 20, 25]);
    expect(yTicks(8)).toEqual([0, 2, 4, 6, 8]);
    expect(yTicks(0)).toEqual([0, 1]);
    expect(yTicks(130)).toEqual([0, 50, 100, 150]);
  });
});
