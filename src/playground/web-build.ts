/**
 * Finds the built page (dist/playground-web), building it with Vite first when it is missing or
 * older than its sources, so `npm install && npm run playground` works on a fresh clone.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root: the nearest folder above this file with a package.json (src/ or dist/src/). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("package.json not found above the playground");
    dir = up;
  }
  return dir;
}

function newestMtime(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** True when the built page is missing or older than anything under web/. */
export function webBuildIsStale(root = repoRoot()): boolean {
  const built = join(root, "dist", "playground-web", "index.html");
  const sources = join(root, "web");
  if (!existsSync(built)) return true;
  return existsSync(sources) && newestMtime(sources) > statSync(built).mtimeMs;
}

/** Builds the page when stale; returns the folder to serve. */
export async function ensureWebBuild(log: (line: string) => void, root = repoRoot()): Promise<string> {
  const out = join(root, "dist", "playground-web");
  if (webBuildIsStale(root)) {
    log("Building the playground page (vite build)…");
    // vite is a dev dependency: only the playground and `npm run build` need it.
    const { build } = await import("vite");
    await build({ configFile: join(root, "web", "vite.config.ts"), logLevel: "warn" });
  }
  return out;
}
