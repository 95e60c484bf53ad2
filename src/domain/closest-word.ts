/**
 * "Did you mean …?": the known word closest to what someone typed, by edit distance
 * (insert, delete, replace, or swap two neighbours: "rlose" → "roles", "archvied" → "archived").
 * Pure; used by commands whose unknown words would otherwise get the whole help again.
 */

/** Optimal string alignment distance (Damerau–Levenshtein without repeated edits of a substring). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const up = d[i - 1] as number[];
      row[j] = Math.min((up[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (up[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j] ?? 0, ((d[i - 2] as number[])[j - 2] ?? 0) + 1);
      }
    }
  }
  return (d[a.length] as number[])[b.length] ?? 0;
}

/**
 * The candidate closest to `typed` (case-insensitive), or null when none is close enough: at most
 * 1 edit for words up to 4 letters, 2 up to 8, 3 beyond — close enough to be a slip, far enough
 * that a search word ("login") isn't taken for a subcommand ("logic").
 */
export function closestWord(typed: string, candidates: readonly string[]): string | null {
  const word = typed.toLowerCase();
  if (!word || word.length > 40) return null;
  const allowed = word.length <= 4 ? 1 : word.length <= 8 ? 2 : 3;
  let best: { word: string; distance: number } | null = null;
  for (const c of candidates) {
    const distance = editDistance(word, c.toLowerCase());
    if (distance <= allowed && (!best || distance < best.distance)) best = { word: c, distance };
  }
  return best && best.distance > 0 ? best.word : null;
}
