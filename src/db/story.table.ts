import type { Generated, Insertable, Selectable, Updateable } from "kysely";

/** Row shape of `stories`. JSON columns hold strings; map them in the repository. */
export interface StoryTable {
  id: Generated<number>;
  team_id: string;
  number: number;
  title: string;
  persona: string;
  want: string;
  benefit: string;
  acceptance_criteria: string;
  estimate: number | null;
  priority: string;
  status: string;
  rank: number;
  labels: string;
  created_by: string;
  source_permalink: string | null;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
  /** Product goal / feature the story serves (migration 2026-11-28T1210). */
  goal_id: number | null;
  feature_id: number | null;
}
export type StoryRow = Selectable<StoryTable>;
export type NewStoryRow = Insertable<StoryTable>;
export type StoryRowUpdate = Updateable<StoryTable>;
