/**
 * Counts statements run on a test's SQLite connection (better-sqlite3 caches prepared statements,
 * so runs are counted, not prepares): how many round trips a surface would make on PostgreSQL.
 */
import type { TestDatabase } from "./db.js";

export function countStatements(db: TestDatabase, cleanups: (() => Promise<void> | void)[]): { n: number } {
  const proto = Object.getPrototypeOf(db.sqlite.prepare("select 1")) as Record<string, unknown>;
  const counter = { n: 0 };
  const originals = new Map<string, unknown>();
  for (const m of ["all", "get", "run", "iterate"]) {
    const orig = proto[m] as (...a: unknown[]) => unknown;
    originals.set(m, orig);
    proto[m] = function (this: unknown, ...a: unknown[]) {
      counter.n++;
      return orig.apply(this, a);
    };
  }
  cleanups.push(() => {
    for (const [m, orig] of originals) proto[m] = orig;
  });
  return counter;
}
