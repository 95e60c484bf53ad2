/** Nearest-rank percentile (`pct` 0–100) of unsorted values; NaN when there are none. The benches' one definition. */
export function percentile(values: readonly number[], pct: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((pct / 100) * sorted.length) - 1))] ?? Number.NaN
  );
}
