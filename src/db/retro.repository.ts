/**
 * Retro rows ↔ domain objects. Cards are written with category, text and a random public id only (no
 * author, no time); outside this file a card is known by its public id, never by its row number.
 */
import { randomBytes } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import type { Retro, RetroAction, RetroCategory, RetroState } from "../domain/retro.js";
import type { RetroRepository, RetroUnitOfWork } from "../services/retro.service.js";
import type { Database } from "./database.js";
import { runTransaction } from "./dialect.js";

type RetroRow = {
  id: number;
  team_id: string;
  channel_id: string;
  state: string;
  created_at: string;
  revealed_at: string | null;
  closed_at: string | null;
};
type ActionRow = Selectable<Database["retro_actions"]>;

const toRetro = (r: RetroRow): Retro => ({
  id: r.id,
  teamId: r.team_id,
  channelId: r.channel_id,
  state: r.state as RetroState,
  createdAt: new Date(r.created_at),
  revealedAt: r.revealed_at ? new Date(r.revealed_at) : null,
  closedAt: r.closed_at ? new Date(r.closed_at) : null,
});

const toAction = (r: ActionRow): RetroAction => ({
  id: r.id,
  retroId: r.retro_id,
  text: r.text,
  ownerId: r.owner_id,
  dueOn: r.due_on,
  state: r.state === "done" ? "done" : "open",
  createdBy: r.created_by,
  createdAt: new Date(r.created_at),
  doneAt: r.done_at ? new Date(r.done_at) : null,
});

const RETRO_COLUMNS = [
  "id",
  "team_id",
  "channel_id",
  "state",
  "created_at",
  "revealed_at",
  "closed_at",
] as const;

export function createRetroRepository(db: Kysely<Database>): RetroRepository {
  const actions = () => db.selectFrom("retro_actions").selectAll();
  const cardRow = (teamId: string, retroId: number, publicId: string) =>
    db
      .selectFrom("retro_cards")
      .select("id")
      .where("team_id", "=", teamId)
      .where("retro_id", "=", retroId)
      .where("public_id", "=", publicId)
      .executeTakeFirst();
  return {
    async findInState(teamId, state) {
      const r = await db
        .selectFrom("retros")
        .select(RETRO_COLUMNS)
        .where("team_id", "=", teamId)
        .where("state", "=", state)
        .orderBy("id", "desc")
        .executeTakeFirst();
      return r ? toRetro(r) : null;
    },
    async find(teamId, id) {
      const r = await db
        .selectFrom("retros")
        .select(RETRO_COLUMNS)
        .where("team_id", "=", teamId)
        .where("id", "=", id)
        .executeTakeFirst();
      return r ? toRetro(r) : null;
    },
    async insertRetro({ teamId, channelId, openedBy, at }) {
      const r = await db
        .insertInto("retros")
        .values({
          team_id: teamId,
          channel_id: channelId,
          state: "collecting",
          opened_by: openedBy,
          created_at: at.toISOString(),
        })
        .returning(RETRO_COLUMNS)
        .executeTakeFirstOrThrow();
      return toRetro(r);
    },
    async insertCard({ teamId, retroId, category, text }) {
      const publicId = randomBytes(8).toString("hex");
      await db
        .insertInto("retro_cards")
        .values({ team_id: teamId, retro_id: retroId, category, text, public_id: publicId })
        .execute();
      return publicId;
    },
    async countCards(teamId, retroId) {
      const r = await db
        .selectFrom("retro_cards")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("team_id", "=", teamId)
        .where("retro_id", "=", retroId)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async cards(teamId, retroId) {
      const rows = await db
        .selectFrom("retro_cards as c")
        .leftJoin("retro_votes as v", (j) =>
          j.onRef("v.card_id", "=", "c.id").onRef("v.team_id", "=", "c.team_id"),
        )
        .select((eb) => [
          "c.id",
          "c.public_id",
          "c.retro_id",
          "c.category",
          "c.text",
          eb.fn.count<number>("v.user_id").as("votes"),
        ])
        .where("c.team_id", "=", teamId)
        .where("c.retro_id", "=", retroId)
        .groupBy("c.id")
        .execute();
      return rows.map((r) => ({
        id: r.public_id ?? "",
        retroId: r.retro_id,
        category: r.category as RetroCategory,
        text: r.text,
        votes: Number(r.votes),
      }));
    },
    async reveal({ teamId, id, channelId, at }) {
      await db
        .updateTable("retros")
        .set({ state: "revealed", channel_id: channelId, revealed_at: at.toISOString() })
        .where("team_id", "=", teamId)
        .where("id", "=", id)
        .execute();
    },
    async close({ teamId, id, at }) {
      await db
        .updateTable("retros")
        .set({ state: "closed", closed_at: at.toISOString() })
        .where("team_id", "=", teamId)
        .where("id", "=", id)
        .execute();
    },
    async votesOf(teamId, retroId, userId) {
      const rows = await db
        .selectFrom("retro_votes as v")
        .innerJoin("retro_cards as c", (j) =>
          j.onRef("c.id", "=", "v.card_id").onRef("c.team_id", "=", "v.team_id"),
        )
        .select("c.public_id")
        .where("v.team_id", "=", teamId)
        .where("v.retro_id", "=", retroId)
        .where("v.user_id", "=", userId)
        .execute();
      return rows.map((r) => r.public_id ?? "");
    },
    async addVote({ teamId, retroId, cardId, userId }) {
      const row = await cardRow(teamId, retroId, cardId);
      if (!row) return;
      await db
        .insertInto("retro_votes")
        .values({ team_id: teamId, retro_id: retroId, card_id: row.id, user_id: userId })
        .onConflict((oc) => oc.doNothing())
        .execute();
    },
    async removeVote({ teamId, retroId, cardId, userId }) {
      const row = await cardRow(teamId, retroId, cardId);
      if (!row) return;
      await db
        .deleteFrom("retro_votes")
        .where("team_id", "=", teamId)
        .where("card_id", "=", row.id)
        .where("user_id", "=", userId)
        .execute();
    },
    async countVoters(teamId, retroId) {
      const r = await db
        .selectFrom("retro_votes")
        .select((eb) => eb.fn.count<number>("user_id").distinct().as("n"))
        .where("team_id", "=", teamId)
        .where("retro_id", "=", retroId)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async insertAction({ teamId, retroId, text, ownerId, dueOn, createdBy, at }) {
      const r = await db
        .insertInto("retro_actions")
        .values({
          team_id: teamId,
          retro_id: retroId,
          text,
          owner_id: ownerId,
          due_on: dueOn,
          state: "open",
          created_by: createdBy,
          created_at: at.toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toAction(r);
    },
    async actionsOf(teamId, retroId) {
      const rows = await actions()
        .where("team_id", "=", teamId)
        .where("retro_id", "=", retroId)
        .orderBy("id")
        .execute();
      return rows.map(toAction);
    },
    async openActions(teamId, beforeRetroId) {
      let q = actions().where("team_id", "=", teamId).where("state", "=", "open");
      if (beforeRetroId !== null) q = q.where("retro_id", "<", beforeRetroId);
      const rows = await q.orderBy("due_on").orderBy("id").limit(100).execute();
      return rows.map(toAction);
    },
    async openActionsFor(teamId, ownerId) {
      const rows = await actions()
        .where("team_id", "=", teamId)
        .where("owner_id", "=", ownerId)
        .where("state", "=", "open")
        .orderBy("due_on")
        .orderBy("id")
        .limit(100)
        .execute();
      return rows.map(toAction);
    },
    async findAction(teamId, id) {
      const r = await actions().where("team_id", "=", teamId).where("id", "=", id).executeTakeFirst();
      return r ? toAction(r) : null;
    },
    async completeAction({ teamId, id, at }) {
      await db
        .updateTable("retro_actions")
        .set({ state: "done", done_at: at.toISOString() })
        .where("team_id", "=", teamId)
        .where("id", "=", id)
        .execute();
    },
  };
}

export function createRetroUnitOfWork(db: Kysely<Database>): RetroUnitOfWork {
  return {
    read: createRetroRepository(db),
    run: (fn) => runTransaction(db, (trx) => fn(createRetroRepository(trx))),
  };
}
