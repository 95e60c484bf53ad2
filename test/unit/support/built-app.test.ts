/** The benchmarks run the app's build, and rebuild it when the sources are newer than the build. */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildIsStale } from "../../../bench/support/built-app.js";

let root: string;
const at = (path: string, seconds: number) => utimesSync(join(root, path), seconds, seconds);
const write = (path: string, seconds: number) => {
  mkdirSync(join(root, path, ".."), { recursive: true });
  writeFileSync(join(root, path), "x");
  at(path, seconds);
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "scrumbot-built-app-"));
  write("src/app.ts", 1_000);
  write("src/lib/clock.ts", 1_000);
  write("package.json", 1_000);
  at("src/lib", 1_000);
  at("src", 1_000);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("buildIsStale", () => {
  it("is stale with no build", () => {
    expect(buildIsStale(root)).toBe(true);
  });

  it("is fresh when the build is newer than every source", () => {
    write("dist/src/main.js", 2_000);
    expect(buildIsStale(root)).toBe(false);
  });

  it("is stale when a source deep in the tree changed after the build", () => {
    write("dist/src/main.js", 2_000);
    at("src/lib/clock.ts", 3_000);
    expect(buildIsStale(root)).toBe(true);
  });

  it("is stale when a file was added or removed after the build (its directory changed)", () => {
    write("dist/src/main.js", 2_000);
    at("src/lib", 3_000);
    expect(buildIsStale(root)).toBe(true);
  });

  it("is stale when package.json changed after the build", () => {
    write("dist/src/main.js", 2_000);
    at("package.json", 3_000);
    expect(buildIsStale(root)).toBe(true);
  });
});
