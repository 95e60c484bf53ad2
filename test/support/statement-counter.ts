/**
 * Counts statements run on a test's SQLite connection (better-sqlite3 caches prepared statements,
 * so runs are counted, not prepares): how many round trips a surface would make on PostgreSQL.
 * Call `restore()` when done (the count patches the shared statement prototype).
 */
import type { TestDatabase } from "./db.js";

export function countStatements(db: TestDatabase): { n: number; restore(): void } {
  const proto = Object.getPrototypeOf(db.sqlite.prepare("select 1")) as Record<string, unknown>;
  const originals = new Map<string, unknown>();
  const counter = {
    n: 0,
    restore() {
      for (const [m, orig] of originals) proto[m] = orig;
    },
  };
  for (const m of ["all", "get", "run", "iterate"]) {
    const orig = proto[m] as (...a: unknown[]) => unknown;
    originals.set(m, orig);
    proto[m] = function (this: unknown, ...a: unknown[]) {
      counter.n++;
      return orig.apply(this, a);
    };
  }
  return counter;
}
