/**
 * One vocabulary (the charter): plurals instead of "item(s)", dates for people ("Wed 2 Dec"),
 * never raw ISO dates, in everything people read. Scans the source of every module that
 * builds people-facing text, and renders the one formatter's outputs.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkReadiness } from "../../../src/domain/readiness.js";
import { formatDay, formatPoints, pluralise, readinessSummary } from "../../../src/views/format.js";

const ROOTS = ["src/views", "src/listeners", "src/services", "src/slack"];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/** Code lines (comments dropped) of every people-facing module. */
const sources = ROOTS.flatMap(files).map((path) => ({
  path,
  lines: readFileSync(path, "utf8")
    .split("\n")
    .map((line, i) => ({ n: i + 1, text: line }))
    .filter(({ text }) => !/^\s*(\/\/|\*|\/\*\*)/.test(text)),
}));

const hits = (pattern: RegExp) =>
  sources.flatMap(({ path, lines }) =>
    lines.filter(({ text }) => pattern.test(text)).map(({ n, text }) => `${path}:${n}: ${text.trim()}`),
  );

describe("one vocabulary", () => {
  it("says plurals, never “item(s)”", () => {
    // Only the literal text of strings: `${…}` interpolations are code (`ref(s)` is a call).
    const literalText = (line: string) =>
      (line.match(/`[^`]*`|"[^"]*"/g) ?? []).map((lit) => lit.replace(/\$\{[^}]*\}/g, "")).join(" ");
    const plurals = sources.flatMap(({ path, lines }) =>
      lines
        .filter(({ text }) => /[a-z]\(s\)/i.test(literalText(text)))
        .map(({ n, text }) => `${path}:${n}: ${text.trim()}`),
    );
    expect(plurals).toEqual([]);
  });

  it("never interpolates a raw YYYY-MM-DD date into text for people", () => {
    // `${sprint.endsOn}`, `${a.dueOn}`, `${x.toISOString().slice(0, 10)}` straight into a string.
    // (Slack's `<!date^…|fallback>` token is exempt: Slack shows the reader's own format.)
    const raw = hits(/\$\{[\w.?]*(?:On|Date)\}|\.toISOString\(\)\.slice\(0, ?10\)\}/).filter(
      (line) => !line.includes("<!date^"),
    );
    expect(raw).toEqual([]);
  });

  it("formats points, dates, plurals and readiness one way", () => {
    expect([formatPoints(1), formatPoints(5), formatPoints(0)]).toEqual(["1 pt", "5 pts", "0 pts"]);
    expect(formatDay("2026-12-02")).toBe("Wed 2 Dec");
    expect(formatDay("2027-01-08", "2026-12-02")).toBe("Fri 8 Jan 2027");
    expect(formatDay("2026-12-24", "2026-12-02")).toBe("Thu 24 Dec");
    expect([pluralise(1, "item"), pluralise(2, "item")]).toEqual(["1 item", "2 items"]);
    const story = {
      title: "Export",
      persona: "buyer",
      want: "export",
      benefit: "",
      acceptanceCriteria: ["ok"],
      estimate: null,
    };
    expect(readinessSummary(checkReadiness(story))).toBe("3 of 7 checks missing: benefit, estimate, size");
  });
});
