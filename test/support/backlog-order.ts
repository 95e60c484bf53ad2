/** The backlog's order as stored, and as the recorded `moved` events replay it: the check that concurrent moves stayed consistent. */
import type { Kysely } from "kysely";
import type { Database } from "../../src/db/database.js";

/** Story numbers of a team's open backlog, in rank order. */
export async function backlogOrder(db: Kysely<Database>, teamId: string): Promise<number[]> {
  const rows = await db
    .selectFrom("stories")
    .select("number")
    .where("team_id", "=", teamId)
    .where("archived_at", "is", null)
    .orderBy("rank")
    .execute();
  return rows.map((r) => r.number);
}

/**
 * Replays every recorded "moved" event on `initial`. `misplaced` counts events whose story was not at
 * the `fromPosition` the event says: 0 when the moves were serialised as recorded.
 */
export async function replayMoves(
  db: Kysely<Database>,
  initial: number[],
): Promise<{ list: number[]; events: number; misplaced: number }> {
  const events = await db
    .selectFrom("backlog_events")
    .innerJoin("stories", "stories.id", "backlog_events.story_id")
    .select(["stories.number", "backlog_events.data"])
    .where("backlog_events.kind", "=", "moved")
    .orderBy("backlog_events.id")
    .execute();
  const list = [...initial];
  let misplaced = 0;
  for (const e of events) {
    const { fromPosition, toPosition } = JSON.parse(e.data) as { fromPosition: number; toPosition: number };
    if (list[fromPosition - 1] !== e.number) misplaced++;
    list.splice(list.indexOf(e.number), 1);
    list.splice(toPosition - 1, 0, e.number);
  }
  return { list, events: events.length, misplaced };
}
