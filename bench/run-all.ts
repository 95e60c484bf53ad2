/**
 * `npm run bench`: runs every `bench/*.bench.ts` one after another (each in its own process, so
 * one's load never overlaps another's), then lists the headline figures and goals missed. Exits
 * non-zero when a benchmark failed or missed a goal. `BENCH_QUICK=1 npm run bench` is a smoke run.
 * `npm run bench -- fanout ack` runs only the benchmarks whose names contain one of the words.
 */
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL(".", import.meta.url));
const only = process.argv.slice(2);
const benches = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => !only.length || only.some((w) => f.includes(w)))
  .sort();

interface Outcome {
  file: string;
  code: number | null;
  seconds: number;
  figures: { figure: string; value: number; goal: string; ok: boolean }[];
}

function run(file: string): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", `${dir}${file}`], {
      stdio: ["ignore", "pipe", "inherit"],
      env: process.env,
    });
    const figures: Outcome["figures"] = [];
    let pending = "";
    child.stdout.on("data", (chunk: Buffer) => {
      process.stdout.write(chunk);
      pending += chunk.toString("utf8");
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        if (!line.startsWith('{"bench"')) continue;
        try {
          figures.push(JSON.parse(line));
        } catch {
          // a table line that happens to start like JSON: not a figure
        }
      }
    });
    child.on("exit", (code) =>
      resolve({ file, code, seconds: (performance.now() - started) / 1000, figures }),
    );
  });
}

const outcomes: Outcome[] = [];
for (const file of benches) {
  process.stdout.write(`\n=== ${file} ===\n`);
  outcomes.push(await run(file));
}
process.stdout.write("\n=== summary ===\n");
for (const o of outcomes) {
  const state = o.code === 0 ? "ok" : `FAILED (exit ${o.code})`;
  process.stdout.write(`${o.file.padEnd(22)} ${o.seconds.toFixed(0).padStart(4)} s  ${state}\n`);
  for (const f of o.figures) {
    process.stdout.write(`    ${f.ok ? "ok  " : "MISS"} ${f.figure} = ${f.value} (goal ${f.goal})\n`);
  }
}
if (outcomes.some((o) => o.code !== 0)) process.exitCode = 1;
