/** scripts/run-built.mjs: `npm start` without a build says what to do instead of a module error. */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../support/process.js";

const tree = mkdtempSync(join(tmpdir(), "scrumbot-run-built-"));
afterAll(() => rmSync(tree, { recursive: true, force: true }));
mkdirSync(join(tree, "scripts"));
writeFileSync(join(tree, "package.json"), JSON.stringify({ type: "module" }));
copyFileSync(join(repoRoot, "scripts", "run-built.mjs"), join(tree, "scripts", "run-built.mjs"));
const run = (...args: string[]) =>
  spawnSync(process.execPath, [join(tree, "scripts", "run-built.mjs"), ...args], { encoding: "utf8" });

describe("scripts/run-built.mjs", () => {
  it("says there is no build yet and how to make one", () => {
    const r = run("main");
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("scrumbot has no build yet (dist/src/main.js is missing)");
    expect(r.stderr).toContain("npm run build");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("runs the built entry with the arguments as if it were run directly", () => {
    mkdirSync(join(tree, "dist", "src", "cli"), { recursive: true });
    writeFileSync(
      join(tree, "dist", "src", "cli", "index.js"),
      // The same self-check src/cli/index.ts uses to know it was run, not imported.
      'console.log(JSON.stringify({ self: import.meta.url === "file://" + process.argv[1], args: process.argv.slice(2) }));',
    );
    const r = run("cli", "export", "--team", "T1");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ self: true, args: ["export", "--team", "T1"] });
    expect(run("nope").status).toBe(2);
  });
});
