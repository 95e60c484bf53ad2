/**
 * The app as `npm start` runs it, for benchmarks: the compiled `dist/src/main.js` of a checkout,
 * built with its own `npm run build` when the build is missing or older than the sources.
 *
 * Why not the TypeScript sources through tsx (as the tests run them): tsx compiles with esbuild's
 * `keepNames`, which wraps every named function and class in a `__name(fn, "name")` call, made
 * again each time a closure is created. A request to the app creates dozens (listeners, the
 * registry's ack wrapper, middleware), so under tsx the app paid per request for something a
 * deployment never runs, and the bare Bolt app it is compared with (plain JavaScript) did not.
 * `BENCH_APP_TSX=1` runs the sources through tsx instead (no build; what the benches did before).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const RUN_SOURCES = process.env.BENCH_APP_TSX === "1";

/** What a benchmark spawns: `node [...loader] entry`, in `root`. */
export interface AppEntry {
  /** Node arguments before the entry: tsx's loader for the sources, nothing for a build. */
  loader: string[];
  entry: string;
  /** "built" or "tsx", for the benchmark's table. */
  kind: "built" | "tsx";
}

/** The sources and settings a build is made from. */
const INPUTS = [
  "src",
  "db",
  "manifest",
  "package.json",
  "package-lock.json",
  "tsconfig.json",
  "tsconfig.build.json",
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file changes its directory's mtime
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** True when `root`'s dist/src/main.js is missing or older than any of its inputs. */
export function buildIsStale(root: string): boolean {
  const entry = join(root, "dist/src/main.js");
  if (!existsSync(entry)) return true;
  const built = statSync(entry).mtimeMs;
  return INPUTS.some((input) => newestMtime(join(root, input)) > built);
}

/**
 * The app entry to benchmark in the checkout at `root`, building it first when needed. The
 * build's output goes to stderr: a benchmark's stdout carries only its JSON headline lines.
 */
export function appEntry(root: string): AppEntry {
  if (RUN_SOURCES) return { loader: ["--import", "tsx"], entry: join(root, "src/main.ts"), kind: "tsx" };
  if (buildIsStale(root)) {
    console.error(`building ${root} (npm run build) to benchmark what npm start runs…`);
    const result = spawnSync("npm", ["run", "build"], { cwd: root, stdio: ["ignore", 2, 2] });
    if (result.status !== 0)
      throw new Error(
        `npm run build failed in ${root} (exit ${result.status}); fix the build, or run the sources with BENCH_APP_TSX=1`,
      );
  }
  return { loader: [], entry: join(root, "dist/src/main.js"), kind: "built" };
}
