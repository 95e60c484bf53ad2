/**
 * Rate-limit windows in the database (`rate_limits`), shared by every replica. One statement per
 * use: an upsert that starts a new window when the stored one has expired, or counts one more use
 * in it, and returns the window as it now stands. The row lock the upsert takes (PostgreSQL) or the
 * single writer (SQLite) makes concurrent uses from several processes count exactly.
 */
import type { Kysely } from "kysely";
import type { RateLimitStore } from "../services/rate-limit.service.js";
import type { Database } from "./database.js";

export function createRateLimitStore(db: Kysely<Database>): RateLimitStore {
  return {
    async count({ kind, teamId, userId, now, windowMs }) {
      // A window that began at or before this instant has ended (computed here, not in SQL: an
      // expression of two parameters has no type PostgreSQL could infer).
      const expiredAt = now - windowMs;
      const row = await db
        .insertInto("rate_limits")
        .values({ kind, team_id: teamId, user_id: userId, window_start: now, uses: 1 })
        .onConflict((oc) =>
          oc.columns(["kind", "team_id", "user_id"]).doUpdateSet((eb) => {
            const expired = eb("rate_limits.window_start", "<=", expiredAt);
            // Both right-hand sides read the row as it was before this update (SQL semantics).
            return {
              window_start: eb.case().when(expired).then(now).else(eb.ref("rate_limits.window_start")).end(),
              uses: eb
                .case()
                .when(expired)
                .then(1)
                .else(eb("rate_limits.uses", "+", 1))
                .end(),
            };
          }),
        )
        .returning(["window_start", "uses"])
        .executeTakeFirstOrThrow();
      return { windowStart: Number(row.window_start), uses: Number(row.uses) };
    },
  };
}
