/**
 * Story lookups and single-field writes shared by the ceremonies (poker writes estimates,
 * sprints write statuses). Each write appends its backlog event with the same executor, so
 * inside a caller's transaction the change and its history commit together.
 */
import type { Kysely } from "kysely";
import type { Story } from "../domain/story.js";
import { createBacklogEventRepository } from "./backlog-event.repository.js";
import type { Database } from "./database.js";
import { toStory } from "./story.repository.js";

/** A story of the team by its per-team number or its id; null when there is none. */
export async function findStory(
  db: Kysely<Database>,
  teamId: string,
  by: { number: number } | { id: number },
): Promise<Story | null> {
  let query = db.selectFrom("stories").selectAll().where("team_id", "=", teamId);
  query = "number" in by ? query.where("number", "=", by.number) : query.where("id", "=", by.id);
  const row = await query.executeTakeFirst();
  return row ? toStory(row) : null;
}

const EVENT_KIND = { estimate: "estimated", status: "status" } as const;

/**
 * Sets `estimate` or `status` and records the `estimated`/`status` event ({from, to, via?}).
 * Returns false (and writes nothing) when the story is missing, or unchanged and `skipIfUnchanged`.
 */
export async function setStoryField<F extends "estimate" | "status">(
  db: Kysely<Database>,
  input: {
    teamId: string;
    storyId: number;
    field: F;
    value: F extends "estimate" ? number | null : string;
    actor: string;
    at: Date;
    via?: string;
    skipIfUnchanged?: boolean;
  },
): Promise<boolean> {
  const { teamId, storyId, field, value, actor, at } = input;
  const before = await db
    .selectFrom("stories")
    .select(["estimate", "status"])
    .where("team_id", "=", teamId)
    .where("id", "=", storyId)
    .executeTakeFirst();
  if (!before) return false;
  const from = before[field];
  if ((input.skipIfUnchanged ?? true) && from === value) return false;
  await db
    .updateTable("stories")
    .set({ [field]: value, updated_at: at.toISOString() })
    .where("team_id", "=", teamId)
    .where("id", "=", storyId)
    .execute();
  await createBacklogEventRepository(db).append({
    teamId,
    storyId,
    kind: EVENT_KIND[field],
    data: { from, to: value, ...(input.via ? { via: input.via } : {}) },
    actor,
    at,
  });
  return true;
}
