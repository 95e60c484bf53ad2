/**
 * The product owner's backlog (issue 5): product goals with success metrics, features with
 * their development stage and its history, story → goal/feature links, per-team backlog
 * settings (priority method, Definition of Ready) and priority inputs per story.
 * FROZEN: never edit once landed; add a new migration instead. Must not import src/.
 */
import type { Kysely } from "kysely";
import { idColumn } from "./portable.js";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on the app's current types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("goals")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("team_id", "text", (c) => c.notNull())
    // Per-team human number ("G3").
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("statement", "text", (c) => c.notNull())
    // JSON array of {name, target|null}, in order.
    .addColumn("metrics", "text", (c) => c.notNull().defaultTo("[]"))
    // active | achieved | dropped
    .addColumn("status", "text", (c) => c.notNull().defaultTo("active"))
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("goals_team_number_uq", ["team_id", "number"])
    .execute();

  await db.schema
    .createTable("features")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("goal_id", "integer", (c) => c.references("goals.id").onDelete("set null"))
    // idea | definition | prototype | initial_design | validation | launch
    .addColumn("stage", "text", (c) => c.notNull().defaultTo("idea"))
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("features_team_number_uq", ["team_id", "number"])
    .execute();

  // Every stage move: who and when (append-only).
  await db.schema
    .createTable("feature_stage_history")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("feature_id", "integer", (c) => c.notNull().references("features.id").onDelete("cascade"))
    .addColumn("from_stage", "text")
    .addColumn("to_stage", "text", (c) => c.notNull())
    .addColumn("moved_by", "text", (c) => c.notNull())
    .addColumn("moved_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("feature_stage_history_feature_ix")
    .on("feature_stage_history")
    .columns(["team_id", "feature_id", "id"])
    .execute();

  await db.schema
    .alterTable("stories")
    .addColumn("goal_id", "integer", (c) => c.references("goals.id").onDelete("set null"))
    .execute();
  await db.schema
    .alterTable("stories")
    .addColumn("feature_id", "integer", (c) => c.references("features.id").onDelete("set null"))
    .execute();

  // One row per team. `revision` is bumped by every reorder: the first write of a move
  // transaction, so a second process waits for the lock instead of failing on a stale snapshot.
  await db.schema
    .createTable("backlog_settings")
    .addColumn("team_id", "text", (c) => c.primaryKey())
    // moscow | value_effort | wsjf | rice | null (none chosen)
    .addColumn("priority_method", "text")
    // Definition of Ready: the largest estimate a ready story may have.
    .addColumn("size_limit", "integer", (c) => c.notNull().defaultTo(8))
    // JSON array of the Definition of Ready checks the team switched off.
    .addColumn("dor_disabled", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("updated_by", "text")
    .addColumn("updated_at", "text")
    .execute();

  // The inputs of a priority method for one story (JSON, validated by the domain).
  await db.schema
    .createTable("story_priority_inputs")
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("story_id", "integer", (c) => c.notNull().references("stories.id").onDelete("cascade"))
    .addColumn("method", "text", (c) => c.notNull())
    .addColumn("input", "text", (c) => c.notNull())
    .addColumn("updated_by", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("story_priority_inputs_pk", ["team_id", "story_id", "method"])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("story_priority_inputs").execute();
  await db.schema.dropTable("backlog_settings").execute();
  await db.schema.alterTable("stories").dropColumn("feature_id").execute();
  await db.schema.alterTable("stories").dropColumn("goal_id").execute();
  await db.schema.dropTable("feature_stage_history").execute();
  await db.schema.dropTable("features").execute();
  await db.schema.dropTable("goals").execute();
}
