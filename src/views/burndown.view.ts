/**
 * The burndown chart: an SVG built here (pure, testable as text) rendered to PNG by resvg
 * (@resvg/resvg-js: a Rust renderer shipped prebuilt inside its platform npm package, so it
 * installs offline from the registry with no download step, no Cairo, no headless browser).
 */
import { Resvg } from "@resvg/resvg-js";
import type { BurndownPoint } from "../domain/sprint.js";
import { formatDay, truncate } from "./format.js";

const W = 800;
const H = 420;
const PAD = { left: 60, right: 24, top: 48, bottom: 56 };

/**
 * Text for an SVG text node or attribute: XML-escaped, and without characters XML forbids
 * (control characters, lone surrogates), which would make resvg refuse the whole chart.
 */
const xml = (s: string) =>
  s
    .replace(
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing exactly these is the point
      /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
      "",
    )
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");

/**
 * Evenly spaced y-axis ticks on a round step (1, 2, 5, 10, 20, 50 …) with at most 6 ticks,
 * the top one at or above `max`: 21 → 0 5 10 15 20 25 (not 0 5 11 16 21).
 */
export function yTicks(max: number): number[] {
  const top = Math.max(1, max);
  let step = 1;
  for (let magnitude = 1; ; magnitude *= 10) {
    const found = [1, 2, 5].map((f) => f * magnitude).find((s) => Math.ceil(top / s) <= 5);
    if (found) {
      step = found;
      break;
    }
  }
  const ticks: number[] = [];
  for (let v = 0; v < top + step; v += step) ticks.push(v);
  return ticks;
}

/** SVG of the ideal line (dashed grey) and the actual remaining points (blue) per sprint day. */
export function burndownSvg(points: BurndownPoint[], title: string): string {
  const ticks = yTicks(Math.max(0, ...points.map((p) => Math.max(p.ideal, p.remaining ?? 0))));
  const max = ticks[ticks.length - 1] ?? 1;
  const n = Math.max(1, points.length - 1);
  const x = (i: number) => PAD.left + ((W - PAD.left - PAD.right) * i) / n;
  const y = (v: number) => PAD.top + (H - PAD.top - PAD.bottom) * (1 - v / max);
  const ideal = points.map((p, i) => `${x(i).toFixed(1)},${y(p.ideal).toFixed(1)}`).join(" ");
  const actual = points
    .map((p, i) => (p.remaining === null ? null : `${x(i).toFixed(1)},${y(p.remaining).toFixed(1)}`))
    .filter((s): s is string => s !== null)
    .join(" ");
  const grid = ticks
    .map(
      (v) =>
        `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e5e7eb"/>` +
        `<text x="${PAD.left - 8}" y="${(y(v) + 4).toFixed(1)}" font-size="12" text-anchor="end" fill="#374151">${v}</text>`,
    )
    .join("");
  // "Wed 2 Dec" is wider than "12-02": at most 8 labels fit along the axis.
  const every = Math.max(1, Math.ceil(points.length / 8));
  const labels = points
    .map((p, i) =>
      (i % every === 0 && points.length - 1 - i >= every) || i === points.length - 1
        ? `<text x="${x(i).toFixed(1)}" y="${H - PAD.bottom + 18}" font-size="11" text-anchor="middle" fill="#374151">${formatDay(p.date)}</text>`
        : "",
    )
    .join("");
  const dots = points
    .map((p, i) =>
      p.remaining === null
        ? ""
        : `<circle cx="${x(i).toFixed(1)}" cy="${y(p.remaining).toFixed(1)}" r="3.5" fill="#2563eb"/>`,
    )
    .join("");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${PAD.left}" y="28" font-size="18" font-weight="bold" fill="#111827">${xml(truncate(title, 70))}</text>`,
    grid,
    labels,
    `<text x="${W - PAD.right}" y="${H - 12}" font-size="12" text-anchor="end" fill="#6b7280">story points remaining per day · dashed: ideal</text>`,
    `<polyline points="${ideal}" fill="none" stroke="#9ca3af" stroke-width="2" stroke-dasharray="6 5"/>`,
    actual ? `<polyline points="${actual}" fill="none" stroke="#2563eb" stroke-width="3"/>` : "",
    dots,
    "</svg>",
  ].join("");
}

/** PNG bytes of {@link burndownSvg}. */
export function burndownPng(points: BurndownPoint[], title: string): Buffer {
  const svg = burndownSvg(points, title);
  const resvg = new Resvg(svg, {
    background: "#ffffff",
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" },
  });
  return Buffer.from(resvg.render().asPng());
}
