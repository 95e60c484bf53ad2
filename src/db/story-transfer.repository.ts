/** Bulk reads and writes of stories for export/import; the caller owns the transaction. */
import { type Kysely, sql } from "kysely";
import type { StoryTransferRepository, TransferUnitOfWork } from "../services/transfer.service.js";
import type { Database } from "./database.js";
import { runTransaction } from "./dialect.js";
import { toStory } from "./story.repository.js";

const BATCH = 200;

export function createStoryTransferRepository(db: Kysely<Database>): StoryTransferRepository {
  return {
    async allForExport(teamId) {
      const active = await db
        .selectFrom("stories")
        .selectAll()
        .select(sql<number>`row_number() over (order by rank)`.as("position"))
        .where("team_id", "=", teamId)
        .where("archived_at", "is", null)
        .orderBy("rank")
        .execute();
      const archived = await db
        .selectFrom("stories")
        .selectAll()
        .where("team_id", "=", teamId)
        .where("archived_at", "is not", null)
        .orderBy("rank")
        .execute();
      return [
        ...active.map((r) => ({ story: toStory(r), position: Number(r.position) })),
        ...archived.map((r) => ({ story: toStory(r), position: null })),
      ];
    },

    async usage(teamId) {
      const rows = await db
        .selectFrom("stories")
        .select(["number", "rank"])
        .where("team_id", "=", teamId)
        .execute();
      return {
        numbers: new Set(rows.map((r) => r.number)),
        maxRank: rows.reduce((m, r) => Math.max(m, r.rank), 0),
      };
    },

    async insertMany({ teamId, rows, actor, at }) {
      const iso = at.toISOString();
      for (let i = 0; i < rows.length; i += BATCH) {
        const batch = rows.slice(i, i + BATCH);
        const inserted = await db
          .insertInto("stories")
          .values(
            batch.map(({ item, number, rank }) => {
              const created = item.createdAt?.toISOString() ?? iso;
              return {
                team_id: teamId,
                number,
                title: item.draft.title,
                persona: item.draft.persona,
                want: item.draft.want,
                benefit: item.draft.benefit,
                acceptance_criteria: JSON.stringify(item.draft.acceptanceCriteria),
                estimate: item.draft.estimate,
                priority: item.draft.priority,
                status: item.status,
                rank,
                labels: JSON.stringify(item.draft.labels),
                created_by: item.createdBy ?? actor,
                source_permalink: item.draft.sourcePermalink ?? null,
                created_at: created,
                updated_at: item.updatedAt?.toISOString() ?? created,
                archived_at: item.archivedAt?.toISOString() ?? null,
              };
            }),
          )
          .returning(["id", "number", "title", "estimate"])
          .execute();
        await db
          .insertInto("backlog_events")
          .values(
            inserted.map((s) => ({
              team_id: teamId,
              story_id: s.id,
              kind: "created",
              data: JSON.stringify({
                number: s.number,
                title: s.title,
                estimate: s.estimate,
                imported: true,
              }),
              actor,
              at: iso,
            })),
          )
          .execute();
      }
    },
  };
}

export function createTransferUnitOfWork(db: Kysely<Database>): TransferUnitOfWork {
  return {
    read: createStoryTransferRepository(db),
    run: (fn) => runTransaction(db, (trx) => fn(createStoryTransferRepository(trx))),
  };
}
