/**
 * Export and import of a team's stories (the CLI's `export` / `import`). An import is all or
 * nothing: every row is validated first, and the writes happen in one transaction. With
 * `skipInvalid` the valid rows are imported (still in one transaction) and the rest reported.
 */

import type { Story } from "../domain/story.js";
import {
  type ImportedStory,
  parseStoryRecord,
  type RejectedRow,
  type StoryRecord,
  toStoryRecord,
} from "../domain/story-transfer.js";
import type { Clock } from "../lib/clock.js";

/** An import row with its final number and rank. */
export interface StoryToInsert {
  item: ImportedStory;
  number: number;
  rank: number;
}

export interface StoryTransferRepository {
  /** Every story of the team: active ones in backlog order with positions, then archived ones. */
  allForExport(teamId: string): Promise<{ story: Story; position: number | null }[]>;
  /** Numbers in use and the highest rank, for placing imported stories below everything. */
  usage(teamId: string): Promise<{ numbers: Set<number>; maxRank: number }>;
  insertMany(input: { teamId: string; rows: StoryToInsert[]; actor: string; at: Date }): Promise<void>;
}

export interface TransferUnitOfWork {
  run<T>(fn: (repo: StoryTransferRepository) => Promise<T>): Promise<T>;
  readonly read: StoryTransferRepository;
}

export interface ImportReport {
  /** Data rows in the file. */
  rows: number;
  imported: number;
  rejected: RejectedRow[];
  /** False when nothing was written (rejections without `skipInvalid`). */
  committed: boolean;
}

export interface TransferService {
  exportRecords(teamId: string): Promise<StoryRecord[]>;
  importRecords(input: {
    teamId: string;
    records: Record<string, unknown>[];
    actor: string;
    skipInvalid?: boolean;
  }): Promise<ImportReport>;
}

const RANK_GAP = 1024;

export function createTransferService(deps: { uow: TransferUnitOfWork; clock: Clock }): TransferService {
  const { uow, clock } = deps;
  return {
    async exportRecords(teamId) {
      const all = await uow.read.allForExport(teamId);
      return all.map(({ story, position }) => toStoryRecord(story, position));
    },

    async importRecords({ teamId, records, actor, skipInvalid = false }) {
      const rejected: RejectedRow[] = [];
      const valid: { row: number; item: ImportedStory }[] = [];
      records.forEach((raw, i) => {
        const parsed = parseStoryRecord(raw);
        if ("reasons" in parsed) rejected.push({ row: i + 1, reasons: parsed.reasons });
        else valid.push({ row: i + 1, item: parsed });
      });

      const at = clock.now();
      return uow.run(async (repo) => {
        const { numbers, maxRank } = await repo.usage(teamId);
        const seen = new Map<number, number>();
        const accepted: typeof valid = [];
        for (const v of valid) {
          const n = v.item.number;
          if (n !== null && numbers.has(n)) {
            rejected.push({
              row: v.row,
              reasons: [`number: #${n} already exists in ${teamId} (empty the number column to renumber)`],
            });
          } else if (n !== null && seen.has(n)) {
            rejected.push({ row: v.row, reasons: [`number: #${n} is also used by row ${seen.get(n)}`] });
          } else {
            if (n !== null) seen.set(n, v.row);
            accepted.push(v);
          }
        }
        rejected.sort((a, b) => a.row - b.row);
        if (rejected.length > 0 && !skipInvalid) {
          return { rows: records.length, imported: 0, rejected, committed: false };
        }

        // Backlog order: active rows by position (rows without one keep file order, after those
        // with one), then archived rows in file order.
        const active = accepted.filter((v) => !v.item.archivedAt);
        const archived = accepted.filter((v) => v.item.archivedAt);
        active.sort((a, b) => (a.item.position ?? Infinity) - (b.item.position ?? Infinity) || a.row - b.row);
        let nextNumber = Math.max(0, ...numbers, ...seen.keys());
        let rank = maxRank;
        const rows = [...active, ...archived].map(({ item }) => {
          rank += RANK_GAP;
          return { item, number: item.number ?? ++nextNumber, rank };
        });
        await repo.insertMany({ teamId, rows, actor, at });
        return { rows: records.length, imported: rows.length, rejected, committed: true };
      });
    },
  };
}
