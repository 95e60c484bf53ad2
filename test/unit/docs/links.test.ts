/** Every relative link in README.md and docs/ points at a file that exists (and at a heading that exists). */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../support/process.js";

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");

function anchorsOf(markdown: string): Set<string> {
  const headings = withoutCode(markdown)
    .split("\n")
    .filter((l) => /^#{1,6} /.test(l))
    .map((l) => slug(l.replace(/^#+ /, "")));
  return new Set(headings);
}

/** Code blocks and inline code hold examples, not links. */
function withoutCode(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, "").replace(/`[^`\n]*`/g, "");
}

/** Broken relative links of one markdown file, as "target (reason)". */
function brokenLinks(file: string, markdown = readFileSync(file, "utf8")): string[] {
  const broken: string[] = [];
  for (const [, target = ""] of withoutCode(markdown).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    if (/^[a-z]+:/i.test(target)) continue; // https:, mailto:
    const [path = "", anchor] = target.split("#");
    const resolved = path === "" ? file : resolve(dirname(file), decodeURI(path));
    if (!existsSync(resolved)) {
      broken.push(`${target} (no such file)`);
      continue;
    }
    if (anchor && resolved.endsWith(".md") && !anchorsOf(readFileSync(resolved, "utf8")).has(anchor))
      broken.push(`${target} (no heading #${anchor})`);
  }
  return broken;
}

const docs = join(repoRoot, "docs");
const files = [
  join(repoRoot, "README.md"),
  ...readdirSync(docs, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".md"))
    .map((f) => join(docs, f)),
];

describe("documentation links", () => {
  for (const file of files) {
    it(`${relative(repoRoot, file)}: every relative link resolves`, () => {
      expect(brokenLinks(file)).toEqual([]);
    });
  }

  it("catches a missing file, a missing heading, and ignores code and web links", () => {
    const file = join(docs, "README.md");
    const sample = [
      "[ok](operations.md#backups-and-restore) [web](https://example.com/x) `[code](nope.md)`",
      "[gone](nowhere.md) [bad anchor](operations.md#no-such-heading) [self](#scrumbot-documentation)",
    ].join("\n");
    expect(brokenLinks(file, sample)).toEqual([
      "nowhere.md (no such file)",
      "operations.md#no-such-heading (no heading #no-such-heading)",
    ]);
  });

  it("keeps the README short and points to every guide in docs/", () => {
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    expect(readme.length).toBeLessThan(12_000);
    for (const guide of ["backlog", "standups", "ceremonies", "digests", "operations", "development"])
      expect(readme).toContain(`(docs/${guide}.md)`);
  });
});
