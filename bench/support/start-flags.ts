/**
 * The Node flags the app runs with in production, read from `npm start` in a checkout's
 * package.json (the one place they are written; deploy/scrumbot.service repeats them and a test
 * keeps the two equal). Benchmarks start the real app and the bare Bolt app with them, so a figure
 * measures the app as it is deployed and the baseline under the same runtime settings.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The `--flags` between `node` and the script in a `node [flags…] script …` command. */
export function nodeFlagsOf(command: string): string[] {
  const words = command.trim().split(/\s+/);
  if (words[0] !== "node") return [];
  const flags: string[] = [];
  for (const word of words.slice(1)) {
    if (!word.startsWith("--")) break;
    flags.push(word);
  }
  return flags;
}

/** `npm start`'s Node flags in the checkout at `root` (none when it has no start script). */
export function startFlags(root: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    scripts?: { start?: string };
  };
  return nodeFlagsOf(pkg.scripts?.start ?? "");
}
