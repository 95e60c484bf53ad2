/**
 * Headline figures as JSON lines (one per figure) for `npm run bench` runners to collect:
 * `{"bench":"ack","figure":"story_ack_p99_ratio","value":1.21,"goal":"<=1.3","ok":true}`.
 * Human-readable tables go to stderr so stdout stays machine-readable.
 */

export interface Figure {
  bench: string;
  figure: string;
  value: number;
  /** `<=N` or `>=N`. */
  goal: string;
  ok: boolean;
}

/** Prints one figure line and returns it (so a bench can exit non-zero when any `ok` is false). */
export function printFigure(
  bench: string,
  figure: string,
  value: number,
  goal: `<=${number}` | `>=${number}`,
): Figure {
  const limit = Number(goal.slice(2));
  const ok = Number.isFinite(value) && (goal.startsWith("<=") ? value <= limit : value >= limit);
  const line: Figure = { bench, figure, value: Math.round(value * 100) / 100, goal, ok };
  process.stdout.write(`${JSON.stringify(line)}\n`);
  return line;
}
