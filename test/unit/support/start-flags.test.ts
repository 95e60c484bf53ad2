/** The benchmarks start the apps with `npm start`'s Node flags: reading them from a command. */
import { describe, expect, it } from "vitest";
import { nodeFlagsOf, startFlags } from "../../../bench/support/start-flags.js";
import { repoRoot } from "../../support/process.js";

describe("nodeFlagsOf", () => {
  it("takes the flags between node and the script, not the script's own arguments", () => {
    expect(nodeFlagsOf("node --a=1 --b scripts/run-built.mjs main --c")).toEqual(["--a=1", "--b"]);
    expect(nodeFlagsOf("  node   scripts/run-built.mjs main")).toEqual([]);
  });

  it("reads nothing from a command that is not node", () => {
    expect(nodeFlagsOf("tsx --watch src/main.ts")).toEqual([]);
    expect(nodeFlagsOf("")).toEqual([]);
  });

  it("finds this checkout's npm start flags", () => {
    expect(startFlags(repoRoot)).toContain("--max-semi-space-size=32");
  });
});
