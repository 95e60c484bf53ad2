/**
 * Poker sessions and votes in SQLite, plus the small story writes poker needs (the accepted
 * estimate and its `estimated` backlog event, in the caller's transaction).
 * Every query is scoped by `team_id`.
 */
import type { Kysely } from "kysely";
import type { PokerCard, PokerSession, PokerState, PokerVote } from "../domain/poker.js";
import type { StoryPoints } from "../domain/story.js";
import type {
  PokerRepositories,
  PokerRepository,
  PokerStories,
  PokerUnitOfWork,
} from "../services/poker.service.js";
import type { Database } from "./database.js";
import { lockKey, runTransaction } from "./dialect.js";
import { findStory, setStoryField } from "./story-writes.js";

type SessionRow = {
  id: number;
  team_id: string;
  channel_id: string;
  story_id: number;
  facilitator_id: string;
  invited: string;
  round: number;
  state: string;
  deadline_at: string | null;
  message_ts: string | null;
  accepted_estimate: number | null;
  accepted_by: string | null;
  created_at: string;
  revealed_at: string | null;
  closed_at: string | null;
};

function toSession(row: SessionRow): PokerSession {
  const invited: unknown = JSON.parse(row.invited);
  return {
    id: row.id,
    teamId: row.team_id,
    channelId: row.channel_id,
    storyId: row.story_id,
    facilitatorId: row.facilitator_id,
    invited: Array.isArray(invited) ? invited.map(String) : [],
    round: row.round,
    state: row.state as PokerState,
    deadlineAt: row.deadline_at ? new Date(row.deadline_at) : null,
    messageTs: row.message_ts,
    acceptedEstimate: row.accepted_estimate as StoryPoints | null,
    acceptedBy: row.accepted_by,
    createdAt: new Date(row.created_at),
    revealedAt: row.revealed_at ? new Date(row.revealed_at) : null,
    closedAt: row.closed_at ? new Date(row.closed_at) : null,
  };
}

export function createPokerRepository(db: Kysely<Database>): PokerRepository {
  return {
    lockSession: (teamId, id) => lockKey(db, `poker:${teamId}:${id}`),

    async insertSession(input) {
      const row = await db
        .insertInto("poker_sessions")
        .values({
          team_id: input.teamId,
          channel_id: input.channelId,
          story_id: input.storyId,
          facilitator_id: input.facilitatorId,
          invited: JSON.stringify(input.invited),
          round: 1,
          state: "voting",
          deadline_at: input.deadlineAt?.toISOString() ?? null,
          created_at: input.at.toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toSession(row);
    },

    async findSession(teamId, id) {
      const row = await db
        .selectFrom("poker_sessions")
        .selectAll()
        .where("team_id", "=", teamId)
        .where("id", "=", id)
        .executeTakeFirst();
      return row ? toSession(row) : null;
    },

    async findOpenForStory(teamId, channelId, storyId) {
      const row = await db
        .selectFrom("poker_sessions")
        .selectAll()
        .where("team_id", "=", teamId)
        .where("channel_id", "=", channelId)
        .where("story_id", "=", storyId)
        .where("state", "in", ["voting", "revealed"])
        .executeTakeFirst();
      return row ? toSession(row) : null;
    },

    async setMessageTs(teamId, id, ts) {
      await db
        .updateTable("poker_sessions")
        .set({ message_ts: ts })
        .where("team_id", "=", teamId)
        .where("id", "=", id)
        .execute();
    },

    async upsertVote(v) {
      await db
        .insertInto("poker_votes")
        .values({
          team_id: v.teamId,
          session_id: v.sessionId,
          round: v.round,
          user_id: v.userId,
          value: v.value,
          reason: v.reason,
          voted_at: v.at.toISOString(),
        })
        .onConflict((oc) =>
          oc.columns(["session_id", "round", "user_id"]).doUpdateSet({
            value: v.value,
            reason: v.reason,
            voted_at: v.at.toISOString(),
          }),
        )
        .execute();
    },

    async votes(teamId, sessionId, round): Promise<PokerVote[]> {
      const rows = await db
        .selectFrom("poker_votes")
        .select(["user_id", "value", "reason", "voted_at"])
        .where("team_id", "=", teamId)
        .where("session_id", "=", sessionId)
        .where("round", "=", round)
        .orderBy("voted_at")
        .orderBy("user_id")
        .execute();
      return rows.map((r) => ({
        userId: r.user_id,
        value: r.value as PokerCard,
        reason: r.reason,
        votedAt: new Date(r.voted_at),
      }));
    },

    async transition(t) {
      const result = await db
        .updateTable("poker_sessions")
        .set({
          state: t.to,
          ...(t.nextRound === undefined ? {} : { round: t.nextRound }),
          ...(t.revealedAt === undefined ? {} : { revealed_at: t.revealedAt?.toISOString() ?? null }),
          ...(t.closedAt === undefined ? {} : { closed_at: t.closedAt?.toISOString() ?? null }),
          ...(t.acceptedEstimate === undefined ? {} : { accepted_estimate: t.acceptedEstimate }),
          ...(t.acceptedBy === undefined ? {} : { accepted_by: t.acceptedBy }),
        })
        .where("team_id", "=", t.teamId)
        .where("id", "=", t.id)
        .where("state", "=", t.from)
        .where("round", "=", t.round)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async dueDeadlines(now) {
      const rows = await db
        .selectFrom("poker_sessions")
        .select(["team_id", "id"])
        .where("state", "=", "voting")
        .where("deadline_at", "is not", null)
        .where("deadline_at", "<=", now.toISOString())
        .execute();
      return rows.map((r) => ({ teamId: r.team_id, id: r.id }));
    },
  };
}

/**
 * The story writes of ceremonies: estimate (poker) — the backlog issue's service will own
 * these eventually; until then the write and its event are here, in one transaction.
 */
export function createPokerStories(db: Kysely<Database>): PokerStories {
  return {
    findByNumber: (teamId, number) => findStory(db, teamId, { number }),
    findById: (teamId, id) => findStory(db, teamId, { id }),
    async setEstimate({ teamId, storyId, estimate, actor, at }) {
      // Always recorded, even when unchanged: accepting a poker result is a decision worth the history.
      await setStoryField(db, {
        teamId,
        storyId,
        field: "estimate",
        value: estimate,
        actor,
        at,
        via: "poker",
        skipIfUnchanged: false,
      });
    },
  };
}

function reposFor(db: Kysely<Database>): PokerRepositories {
  return { poker: createPokerRepository(db), stories: createPokerStories(db) };
}

export function createPokerUnitOfWork(db: Kysely<Database>): PokerUnitOfWork {
  return {
    read: reposFor(db),
    run: (fn) => runTransaction(db, (trx) => fn(reposFor(trx))),
  };
}
