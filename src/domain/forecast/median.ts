/**
 * The median of `values`: the middle value, or the mean of the two middle values when the count is
 * even (so [3, 5] → 4, even though 4 is not a Fibonacci size: it is a size, not an estimate).
 * `null` for no values. Does not modify `values`.
 */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
