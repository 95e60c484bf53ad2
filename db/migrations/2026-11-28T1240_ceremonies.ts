/**
 * Ceremonies (issue 6): planning poker, sprints and their items, the sprint review and its
 * feedback, retrospectives (anonymous cards, dot votes, action items), refinement settings.
 * FROZEN: never edit once landed; add a new migration instead. Must not import src/.
 */
import type { Kysely } from "kysely";
import { idColumn } from "./portable.js";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on the app's current types
export async function up(db: Kysely<any>): Promise<void> {
  // One estimation session for one story in one channel. `round` grows with each re-vote.
  await db.schema
    .createTable("poker_sessions")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("channel_id", "text", (c) => c.notNull())
    .addColumn("story_id", "integer", (c) => c.notNull().references("stories.id").onDelete("cascade"))
    .addColumn("facilitator_id", "text", (c) => c.notNull())
    // JSON array of invited user ids; [] = anyone in the channel may vote.
    .addColumn("invited", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("round", "integer", (c) => c.notNull().defaultTo(1))
    // voting | revealed | accepted | cancelled
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("deadline_at", "text")
    // Slack ts of the session message in channel_id, once posted.
    .addColumn("message_ts", "text")
    .addColumn("accepted_estimate", "integer")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("revealed_at", "text")
    .addColumn("closed_at", "text")
    .execute();
  await db.schema
    .createIndex("poker_sessions_team_state_ix")
    .on("poker_sessions")
    .columns(["team_id", "state", "deadline_at"])
    .execute();

  // Votes as cast, one row per person per round (a changed vote replaces the row).
  await db.schema
    .createTable("poker_votes")
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("session_id", "integer", (c) =>
      c.notNull().references("poker_sessions.id").onDelete("cascade"),
    )
    .addColumn("round", "integer", (c) => c.notNull())
    .addColumn("user_id", "text", (c) => c.notNull())
    // "1".."21", "?" or "coffee"
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("voted_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("poker_votes_pk", ["session_id", "round", "user_id"])
    .execute();

  // Sprints. completed_points is written when the sprint closes: the velocity history.
  await db.schema
    .createTable("sprints")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("goal", "text", (c) => c.notNull())
    // Local dates (team zone), both inclusive: "2026-12-01".
    .addColumn("starts_on", "text", (c) => c.notNull())
    .addColumn("ends_on", "text", (c) => c.notNull())
    .addColumn("definition_of_done", "text", (c) => c.notNull().defaultTo(""))
    // active | closed
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("channel_id", "text")
    .addColumn("time_zone", "text", (c) => c.notNull().defaultTo("UTC"))
    // Local time of the sprint review on ends_on, "HH:MM".
    .addColumn("review_time", "text", (c) => c.notNull().defaultTo("15:00"))
    .addColumn("completed_points", "integer")
    .addColumn("goal_met", "integer")
    .addColumn("goal_confirmed_by", "text")
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("closed_at", "text")
    .execute();
  await db.schema.createIndex("sprints_team_state_ix").on("sprints").columns(["team_id", "state"]).execute();

  await db.schema
    .createTable("sprint_items")
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("sprint_id", "integer", (c) => c.notNull().references("sprints.id").onDelete("cascade"))
    .addColumn("story_id", "integer", (c) => c.notNull().references("stories.id").onDelete("cascade"))
    // todo | in_progress | done
    .addColumn("status", "text", (c) => c.notNull().defaultTo("todo"))
    .addColumn("added_at", "text", (c) => c.notNull())
    .addColumn("done_at", "text")
    // Set at close: done | backlog | next_sprint
    .addColumn("outcome", "text")
    .addColumn("not_done_reason", "text")
    .addColumn("demo_link", "text")
    .addPrimaryKeyConstraint("sprint_items_pk", ["sprint_id", "story_id"])
    .execute();

  // Feedback given on a sprint review; each one also becomes a triage request (request_id).
  await db.schema
    .createTable("review_feedback")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("sprint_id", "integer", (c) => c.notNull().references("sprints.id").onDelete("cascade"))
    .addColumn("request_id", "integer", (c) => c.references("requests.id").onDelete("set null"))
    .addColumn("user_id", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  // Retrospectives. Cards carry NO author and no timestamp: anonymity by construction.
  await db.schema
    .createTable("retros")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("channel_id", "text", (c) => c.notNull())
    // collecting | revealed | closed
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("opened_by", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("revealed_at", "text")
    .addColumn("closed_at", "text")
    .execute();
  await db.schema
    .createTable("retro_cards")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("retro_id", "integer", (c) => c.notNull().references("retros.id").onDelete("cascade"))
    // well | improve | idea
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("retro_votes")
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("retro_id", "integer", (c) => c.notNull().references("retros.id").onDelete("cascade"))
    .addColumn("card_id", "integer", (c) => c.notNull().references("retro_cards.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("retro_votes_pk", ["card_id", "user_id"])
    .execute();
  await db.schema
    .createTable("retro_actions")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("retro_id", "integer", (c) => c.notNull().references("retros.id").onDelete("cascade"))
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("owner_id", "text", (c) => c.notNull())
    .addColumn("due_on", "text", (c) => c.notNull())
    // open | done
    .addColumn("state", "text", (c) => c.notNull().defaultTo("open"))
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("done_at", "text")
    .execute();

  // Weekly refinement: where, when (local time in time_zone) and how many items.
  await db.schema
    .createTable("refinement_settings")
    .addColumn("team_id", "text", (c) => c.primaryKey())
    .addColumn("channel_id", "text", (c) => c.notNull())
    .addColumn("weekday", "integer", (c) => c.notNull())
    .addColumn("time", "text", (c) => c.notNull())
    .addColumn("time_zone", "text", (c) => c.notNull())
    .addColumn("item_count", "integer", (c) => c.notNull())
    .addColumn("updated_by", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    "refinement_settings",
    "retro_actions",
    "retro_votes",
    "retro_cards",
    "retros",
    "review_feedback",
    "sprint_items",
    "sprints",
    "poker_votes",
    "poker_sessions",
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
