/**
 * PostgreSQL connections that keep the app's statements prepared (named), so the server parses and
 * plans each one once per connection instead of on every run.
 *
 * Why: kysely sends every query as an unnamed extended-protocol statement, which the server parses
 * and plans anew each time. For the app's short indexed statements that was a third of a backend's
 * CPU per statement (measured: 190 → 110 µs for a role lookup, 360 → 240 µs for a backlog page, and
 * 10–20% less in the client), which is most of what PostgreSQL costs over SQLite per request.
 *
 * Bounded: only parameterised SELECT/INSERT/UPDATE/DELETE/WITH statements of at most
 * `MAX_PARAMETERS` values (a 1,000-row insert's text is used once), and at most `MAX_PER_CONNECTION`
 * names per connection (the rest run unnamed, as before).
 *
 * A schema change under a prepared `select *` (another replica migrated during a rolling deploy)
 * makes the server answer "cached plan must not change result type": that text then runs unnamed
 * on this connection from then on. Outside a transaction the statement is simply run again; inside
 * one the transaction has failed, and `runTransaction` runs it again (`isRetryableConflict`).
 * A schema change on the connection itself (a migration: `alter`, `create`, `drop`) starts a new
 * generation of names on it, so nothing prepared before the change is run after it, even inside the
 * migration's transaction.
 * Turn this off (`DATABASE_PREPARED_STATEMENTS=off`) behind a pooler that does not keep
 * prepared statements across transactions (PgBouncer in transaction mode before 1.21).
 */
import { createHash } from "node:crypto";
import pg from "pg";

const MAX_PARAMETERS = 64;
const MAX_PER_CONNECTION = 256;
const BEGIN = /^\s*(begin|start\s+transaction)\b/i;
const END = /^\s*(commit|end|rollback)\s*;?\s*$/i;
const DDL = /^\s*(alter|create|drop|comment|truncate)\b/i;
const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;

/** The server dropped a prepared statement's plan because a table it reads changed shape. */
export function isStalePlanError(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  return (
    (e?.code === "0A000" && typeof e.message === "string" && e.message.includes("cached plan")) ||
    e?.code === "26000" // the prepared statement is gone (DISCARD ALL, a pooler)
  );
}

/** One name per statement text, the same in every connection (so logs and pg_prepared_statements agree). */
const names = new Map<string, string>();
function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    if (names.size >= 4 * MAX_PER_CONNECTION) names.clear();
    name = `sb_${createHash("sha1").update(text).digest("base64url").slice(0, 22)}`;
    names.set(text, name);
  }
  return name;
}

type QueryArgs = Parameters<pg.Client["query"]>;

/** A `pg.Client` that runs kysely's `query(text, values)` calls as named statements (see above). */
export class PreparingClient extends pg.Client {
  /** Texts prepared in the current generation, and how many names this connection ever prepared. */
  readonly #prepared = new Set<string>();
  #namedCount = 0;
  #generation = 0;
  /** Texts whose plan went stale on this connection: they run unnamed from then on. */
  readonly #unnamed = new Set<string>();
  #inTransaction = false;

  // biome-ignore lint/suspicious/noExplicitAny: pg's query has a dozen overloads; this forwards them
  override query(...args: any[]): any {
    const [text, values, callback] = args as [unknown, unknown, unknown];
    if (typeof text === "string") this.#track(text);
    if (
      typeof text !== "string" ||
      !Array.isArray(values) ||
      values.length === 0 ||
      values.length > MAX_PARAMETERS ||
      callback !== undefined ||
      this.#unnamed.has(text) ||
      !PREPARABLE.test(text) ||
      (!this.#prepared.has(text) && this.#namedCount >= MAX_PER_CONNECTION)
    ) {
      return super.query(...(args as QueryArgs));
    }
    if (!this.#prepared.has(text)) {
      this.#prepared.add(text);
      this.#namedCount++;
    }
    const inTransaction = this.#inTransaction;
    const name = this.#generation === 0 ? nameOf(text) : `${nameOf(text)}_${this.#generation}`;
    return super.query({ name, text, values }).catch((error: unknown) => {
      if (!isStalePlanError(error)) throw error;
      this.#unnamed.add(text);
      this.#prepared.delete(text);
      // Inside a transaction the failure aborted it: runTransaction runs the whole of it again.
      if (inTransaction) throw error;
      return super.query(text, values);
    });
  }

  /**
   * A schema change starts a new generation of names; kysely's transactions are `begin` …
   * `commit`/`rollback` on one connection (savepoints stay inside).
   */
  #track(text: string): void {
    if (DDL.test(text)) {
      this.#generation++;
      this.#prepared.clear();
    } else if (BEGIN.test(text)) this.#inTransaction = true;
    else if (END.test(text)) this.#inTransaction = false;
  }
}
