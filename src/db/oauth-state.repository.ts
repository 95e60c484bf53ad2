/**
 * Install-flow states (migration 0830): one row per "Add to Slack" click, used once. Taking a
 * state deletes it in the same statement that reads it, so a replayed redirect finds nothing.
 */
import type { Kysely } from "kysely";
import type { Database } from "./database.js";

export interface OAuthStateRepository {
  add(stateId: string, installOptions: string, at: Date): Promise<void>;
  /** Deletes the state and returns what it held; null when unknown or already used. */
  take(stateId: string): Promise<{ installOptions: string; createdAt: Date } | null>;
  /** Deletes states created before `before`; returns how many. */
  pruneBefore(before: Date): Promise<number>;
}

export function createOAuthStateRepository(db: Kysely<Database>): OAuthStateRepository {
  return {
    async add(stateId, installOptions, at) {
      await db
        .insertInto("slack_oauth_states")
        .values({ state_id: stateId, install_options: installOptions, created_at: at.toISOString() })
        .execute();
    },
    async take(stateId) {
      // delete … returning works on SQLite ≥ 3.35 and PostgreSQL: one statement, so two redirects
      // racing with the same state can't both get it.
      const row = await db
        .deleteFrom("slack_oauth_states")
        .where("state_id", "=", stateId)
        .returning(["install_options", "created_at"])
        .executeTakeFirst();
      return row ? { installOptions: row.install_options, createdAt: new Date(row.created_at) } : null;
    },
    async pruneBefore(before) {
      const result = await db
        .deleteFrom("slack_oauth_states")
        .where("created_at", "<", before.toISOString())
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
