/**
 * Headline figures of a benchmark: one JSON line each, e.g.
 * `{"bench":"ack","figure":"story_ack_p99_ratio","value":1.21,"goal":"<=1.3","ok":true}`,
 * and a non-zero exit code when any goal was missed (`npm run bench` reports which).
 */

export type Goal = `<=${number}` | `>=${number}` | `==${number}` | `<${number}` | `>${number}`;

let missed = 0;

function meets(value: number, goal: Goal): boolean {
  const m = /^(<=|>=|==|<|>)(-?[\d.]+)$/.exec(goal);
  if (!m) throw new Error(`bench: unreadable goal ${goal}`);
  const limit = Number(m[2]);
  switch (m[1]) {
    case "<=":
      return value <= limit;
    case ">=":
      return value >= limit;
    case "<":
      return value < limit;
    case ">":
      return value > limit;
    default:
      return value === limit;
  }
}

/** Prints the figure's JSON line; a missed goal makes the process exit non-zero (at its end). */
export function headline(bench: string, figure: string, value: number, goal: Goal): boolean {
  const rounded = Number.isFinite(value) ? Math.round(value * 1000) / 1000 : value;
  const ok = Number.isFinite(value) && meets(value, goal);
  process.stdout.write(`${JSON.stringify({ bench, figure, value: rounded, goal, ok })}\n`);
  if (!ok) {
    missed++;
    process.exitCode = 1;
  }
  return ok;
}

/** How many goals this process missed so far. */
export function missedGoals(): number {
  return missed;
}

/** `BENCH_QUICK=1`: a smoke run (smaller N, fewer rounds) for `npm run bench` on a busy machine. */
export const QUICK = process.env.BENCH_QUICK === "1";

/**
 * A figure reported beside the goals, without one of its own (e.g. a latency at the rate another
 * figure found): the same JSON line with `"goal":"none"`, never a miss.
 */
export function inform(bench: string, figure: string, value: number): void {
  const rounded = Number.isFinite(value) ? Math.round(value * 1000) / 1000 : value;
  process.stdout.write(`${JSON.stringify({ bench, figure, value: rounded, goal: "none", ok: true })}\n`);
}
