/**
 * `npx tsx bench/logger.bench.ts`: cost of 100k `logger.info` calls, filtered out (level warn)
 * and written (level info) to an in-memory sink, so formatting is measured, not the terminal.
 * Each line carries a small context like the app's (ids, a count, a nested object).
 * `BENCH_STDERR=1 npx tsx bench/logger.bench.ts 2>/dev/null` writes to stderr (the real path) instead.
 */
import { createLogger } from "../src/lib/logger.js";
import { headline } from "./support/headline.js";

const LINES = Number(process.env.BENCH_LINES ?? 100_000);

function run(level: "info" | "warn"): { ms: number; bytes: number } {
  let bytes = 0;
  const logger = process.env.BENCH_STDERR
    ? createLogger(level)
    : createLogger(level, (line) => {
        bytes += line.length;
      });
  const ctx = {
    teamId: "T0001",
    standupId: 12,
    userId: "U123ABC",
    inFlight: 3,
    detail: { day: "2026-12-02" },
  };
  for (let i = 0; i < 2_000; i++) logger.info("warm-up", ctx); // JIT warm-up, not timed
  bytes = 0;
  const start = performance.now();
  for (let i = 0; i < LINES; i++) logger.info("standup: report refreshed", ctx);
  return { ms: performance.now() - start, bytes };
}

const perLine: Record<string, number> = {};
for (const level of ["warn", "info"] as const) {
  const best = [run(level), run(level), run(level)].sort((a, b) => a.ms - b.ms)[0];
  const what = level === "warn" ? "filtered (level warn)" : "written (level info)";
  perLine[level] = ((best?.ms ?? 0) * 1000) / LINES;
  console.log(
    `${LINES} info lines ${what}: ${best?.ms.toFixed(1)} ms (${(((best?.ms ?? 0) * 1000) / LINES).toFixed(2)} µs/line), ${best?.bytes} bytes`,
  );
}
// Goals: a filtered line costs next to nothing; a written one stays far below a request's budget.
headline("logger", "log_line_filtered_us", perLine.warn ?? Number.NaN, "<=1");
headline("logger", "log_line_written_us", perLine.info ?? Number.NaN, "<=20");
