import { describe, expect, it } from "vitest";
import type { BurndownPoint } from "../../../src/domain/sprint.js";
import { burndownPng, burndownSvg, yTicks } from "../../../src/views/burndown.view.js";
import { hostileText } from "../../support/hostile-text.js";

/** 56 days (the longest sprint), the last third still ahead. */
const points: BurndownPoint[] = Array.from({ length: 56 }, (_, i) => ({
  date: `2026-${String(11 + Math.floor(i / 30)).padStart(2, "0")}-${String((i % 30) + 1).padStart(2, "0")}`,
  ideal: 1000 - (1000 * i) / 55,
  remaining: i < 38 ? 1000 - i * 11 : null,
}));
const title = `Burndown · ${hostileText(200)}\u0000\u0008\u000b\u001f\ud800 "quoted" & <svg onload=alert(1)>`;

describe("burndown chart", () => {
  it("puts a hostile sprint name in the SVG as text only: escaped, no XML-invalid characters", () => {
    const svg = burndownSvg(points, title);
    const titleNode = /<text x="60" y="28"[^>]*>([^<]*)<\/text>/.exec(svg)?.[1];
    expect(titleNode).toBeDefined();
    expect(titleNode).toContain("&lt;!channel&gt;");
    expect(titleNode?.length).toBeLessThan(1000);
    expect(svg).not.toContain("<svg onload");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: checking they are gone
    expect(svg).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]|[\ud800-\udbff](?![\udc00-\udfff])/);
    // Exactly one root element: the title can't close or open tags.
    expect(svg.match(/<svg /g)).toHaveLength(1);
  });

  it("renders to a PNG with such a title, for 56 days and for an empty sprint", () => {
    for (const ps of [points, []]) {
      const png = burndownPng(ps, title);
      expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
      expect(png.length).toBeGreaterThan(1000);
    }
  });

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
