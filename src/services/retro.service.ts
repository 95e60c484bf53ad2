/**
 * Retrospectives (issue 6): anonymous cards during the sprint, the reveal grouped by column, dot votes,
 * action items with an owner and a due date, open action items carried to the next retro and shown in
 * the owner's Home tab.
 *
 * Anonymity: `addCard` takes no user id at all, so no layer below it can store, log or export the
 * author of a card. The retro a first card opens records no opener, channel or time either, cards
 * are known outside the database by random public ids, and the board is never in writing order.
 */
import {
  canVote,
  groupCards,
  RETRO_LIMITS,
  type Retro,
  type RetroAction,
  type RetroCard,
  type RetroCategory,
  type RetroState,
  validateAction,
  validateCard,
} from "../domain/retro.js";
import { localDateOf } from "../domain/schedule/index.js";
import type { Clock } from "../lib/clock.js";
import { ConflictError, NotFoundError, ValidationError } from "../lib/errors.js";
import type { AccessControl } from "./access.ports.js";
import type { Outbox } from "./scheduling.ports.js";

export interface RetroRepository {
  /** The team's retro in `state` (at most one collecting and one revealed at a time). */
  findInState(teamId: string, state: RetroState): Promise<Retro | null>;
  find(teamId: string, id: number): Promise<Retro | null>;
  /** `openedBy` is "" for a retro opened by an (anonymous) card. */
  insertRetro(input: { teamId: string; channelId: string; openedBy: string; at: Date }): Promise<Retro>;
  /** Stores a card: category and text only; returns its new random public id. */
  insertCard(input: {
    teamId: string;
    retroId: number;
    category: RetroCategory;
    text: string;
  }): Promise<string>;
  countCards(teamId: string, retroId: number): Promise<number>;
  cards(teamId: string, retroId: number): Promise<RetroCard[]>;
  reveal(input: { teamId: string; id: number; channelId: string; at: Date }): Promise<void>;
  close(input: { teamId: string; id: number; at: Date }): Promise<void>;
  /** Public ids of the cards `userId` has a dot on. */
  votesOf(teamId: string, retroId: number, userId: string): Promise<string[]>;
  /** `cardId` is the card's public id. */
  addVote(input: { teamId: string; retroId: number; cardId: string; userId: string }): Promise<void>;
  removeVote(input: { teamId: string; retroId: number; cardId: string; userId: string }): Promise<void>;
  countVoters(teamId: string, retroId: number): Promise<number>;
  insertAction(input: {
    teamId: string;
    retroId: number;
    text: string;
    ownerId: string;
    dueOn: string;
    createdBy: string;
    at: Date;
  }): Promise<RetroAction>;
  actionsOf(teamId: string, retroId: number): Promise<RetroAction[]>;
  /** Open action items of earlier retros than `beforeRetroId` (all when null). */
  openActions(teamId: string, beforeRetroId: number | null): Promise<RetroAction[]>;
  openActionsFor(teamId: string, ownerId: string): Promise<RetroAction[]>;
  findAction(teamId: string, id: number): Promise<RetroAction | null>;
  completeAction(input: { teamId: string; id: number; at: Date }): Promise<void>;
}

/** The creation time of a retro opened by a card: deliberately not the card's time. */
const NO_TIME = new Date(0);

export interface RetroUnitOfWork {
  run<T>(fn: (repo: RetroRepository) => Promise<T>): Promise<T>;
  readonly read: RetroRepository;
}

/** Everything the retro board message shows. */
export interface RetroBoard {
  retro: Retro;
  groups: Record<RetroCategory, RetroCard[]>;
  cardCount: number;
  voters: number;
  /** Action items created in this retro. */
  actions: RetroAction[];
  /** Still-open action items from earlier retros. */
  carried: RetroAction[];
  votesPerPerson: number;
}

export interface RetroService {
  /**
   * Adds an anonymous card to the team's collecting retro (opening one if none). Takes NO user id.
   * @throws ValidationError (keys `category`, `text`)
   */
  addCard(input: {
    teamId: string;
    category: string;
    text: string;
  }): Promise<{ retroId: number; cards: number }>;
  /** How many cards wait in the collecting retro (0 when none). */
  collecting(teamId: string): Promise<{ retroId: number | null; cards: number }>;
  /** Reveals the collecting retro in `channelId`. @throws ForbiddenError, ConflictError (one already running / nothing to reveal) */
  reveal(input: { teamId: string; channelId: string; userId: string }): Promise<RetroBoard>;
  board(teamId: string, retroId: number): Promise<RetroBoard>;
  /** Toggles one dot on a card. @throws ConflictError (not revealed, no dots left) */
  vote(input: {
    teamId: string;
    retroId: number;
    /** The card's public id. */
    cardId: string;
    userId: string;
  }): Promise<{ board: RetroBoard; voted: boolean; left: number }>;
  /**
   * Saves an action item and DMs its owner (through the outbox) unless they added it themselves.
   * @throws ValidationError (keys `text`, `ownerId`, `dueOn`), ForbiddenError, ConflictError
   */
  addAction(input: {
    teamId: string;
    retroId: number;
    userId: string;
    text: string;
    ownerId: string;
    dueOn: string;
    timeZone: string;
  }): Promise<{ action: RetroAction; board: RetroBoard }>;
  /** Marks an action item done (its owner, or anyone who may configure ceremonies). */
  completeAction(input: { teamId: string; actionId: number; userId: string }): Promise<RetroAction>;
  close(input: { teamId: string; retroId: number; userId: string }): Promise<RetroBoard>;
  /** Open action items `userId` owns, oldest due first (the Home tab lists them). */
  openActionItemsFor(teamId: string, userId: string): Promise<RetroAction[]>;
}

export function createRetroService(deps: {
  uow: RetroUnitOfWork;
  access: AccessControl;
  clock: Clock;
  /** Tells an action item's owner (a DM; the board's mention alone notifies nobody). */
  outbox: Outbox;
  /** Renders that DM (a view builder; services don't build Block Kit). */
  assignedMessage: (action: RetroAction) => { text: string; blocks: unknown[] };
}): RetroService {
  const { uow, access, clock, outbox, assignedMessage } = deps;

  async function boardOf(repo: RetroRepository, teamId: string, retro: Retro): Promise<RetroBoard> {
    const [cards, voters, actions, carried] = await Promise.all([
      repo.cards(teamId, retro.id),
      repo.countVoters(teamId, retro.id),
      repo.actionsOf(teamId, retro.id),
      repo.openActions(teamId, retro.id),
    ]);
    return {
      retro,
      // Fixed order while people vote; by votes once the retro is closed.
      groups: groupCards(cards, retro.state === "closed"),
      cardCount: cards.length,
      voters,
      actions,
      carried,
      votesPerPerson: RETRO_LIMITS.votesPerPerson,
    };
  }

  async function running(repo: RetroRepository, teamId: string, retroId: number): Promise<Retro> {
    const retro = await repo.find(teamId, retroId);
    if (!retro) throw new NotFoundError("that retro");
    if (retro.state !== "revealed")
      throw new ConflictError("This retro is closed: nothing can change on it any more.");
    return retro;
  }

  return {
    async addCard({ teamId, category, text }) {
      const card = validateCard({ category, text });
      return uow.run(async (repo) => {
        // A retro opened by a card keeps nothing of that card's moment: no channel (it may be a DM
        // with its author; the reveal sets the channel) and a neutral creation time, not the card's.
        const retro =
          (await repo.findInState(teamId, "collecting")) ??
          (await repo.insertRetro({ teamId, channelId: "", openedBy: "", at: NO_TIME }));
        if ((await repo.countCards(teamId, retro.id)) >= RETRO_LIMITS.cardsPerRetro) {
          throw new ValidationError({
            text: `This retro already has ${RETRO_LIMITS.cardsPerRetro} cards, the most one retro takes. Bring this one up when the team meets.`,
          });
        }
        await repo.insertCard({ teamId, retroId: retro.id, ...card });
        return { retroId: retro.id, cards: await repo.countCards(teamId, retro.id) };
      });
    },

    async collecting(teamId) {
      const retro = await uow.read.findInState(teamId, "collecting");
      return { retroId: retro?.id ?? null, cards: retro ? await uow.read.countCards(teamId, retro.id) : 0 };
    },

    async reveal({ teamId, channelId, userId }) {
      await access.require(teamId, userId, "ceremony.configure");
      return uow.run(async (repo) => {
        if (await repo.findInState(teamId, "revealed")) {
          throw new ConflictError(
            "A retro is already running: close it (button on its message) before revealing the next.",
          );
        }
        const retro = await repo.findInState(teamId, "collecting");
        if (!retro || (await repo.countCards(teamId, retro.id)) === 0) {
          throw new ConflictError("There are no cards yet: anyone can add one with `/retro`.");
        }
        const at = clock.now();
        await repo.reveal({ teamId, id: retro.id, channelId, at });
        return boardOf(repo, teamId, { ...retro, state: "revealed", channelId, revealedAt: at });
      });
    },

    async board(teamId, retroId) {
      const retro = await uow.read.find(teamId, retroId);
      if (!retro) throw new NotFoundError("that retro");
      return boardOf(uow.read, teamId, retro);
    },

    async vote({ teamId, retroId, cardId, userId }) {
      await access.require(teamId, userId, "retro.vote");
      return uow.run(async (repo) => {
        const retro = await running(repo, teamId, retroId);
        const cards = await repo.cards(teamId, retroId);
        if (!cards.some((c) => c.id === cardId)) throw new NotFoundError("that card");
        const mine = await repo.votesOf(teamId, retroId, userId);
        let voted: boolean;
        if (mine.includes(cardId)) {
          await repo.removeVote({ teamId, retroId, cardId, userId });
          voted = false;
        } else {
          if (!canVote(mine.length)) {
            throw new ConflictError(
              `You have used your ${RETRO_LIMITS.votesPerPerson} dots. Click a card you voted for to take one back.`,
            );
          }
          await repo.addVote({ teamId, retroId, cardId, userId });
          voted = true;
        }
        const used = mine.length + (voted ? 1 : -1);
        return { board: await boardOf(repo, teamId, retro), voted, left: RETRO_LIMITS.votesPerPerson - used };
      });
    },

    async addAction({ teamId, retroId, userId, text, ownerId, dueOn, timeZone }) {
      await access.require(teamId, userId, "story.create");
      const now = clock.now();
      let today: string;
      try {
        today = localDateOf(now, timeZone as never);
      } catch {
        today = localDateOf(now, "UTC" as never);
      }
      const valid = validateAction({ text, ownerId, dueOn }, today);
      const saved = await uow.run(async (repo) => {
        const retro = await running(repo, teamId, retroId);
        const action = await repo.insertAction({ teamId, retroId, ...valid, createdBy: userId, at: now });
        return { action, board: await boardOf(repo, teamId, retro) };
      });
      // Whoever gave the item to themselves already knows; anyone else is told once (stable key).
      const { action } = saved;
      if (action.ownerId !== userId) {
        await outbox.enqueue({
          teamId,
          channel: action.ownerId,
          ...assignedMessage(action),
          idempotencyKey: `retro-action:${action.id}:owner`,
          purpose: "retro action item owner",
        });
      }
      return saved;
    },

    async completeAction({ teamId, actionId, userId }) {
      const action = await uow.read.findAction(teamId, actionId);
      if (!action) throw new NotFoundError("that action item");
      if (action.ownerId !== userId) await access.require(teamId, userId, "ceremony.configure");
      if (action.state === "done") return action;
      const at = clock.now();
      await uow.run((repo) => repo.completeAction({ teamId, id: actionId, at }));
      return { ...action, state: "done", doneAt: at };
    },

    async close({ teamId, retroId, userId }) {
      await access.require(teamId, userId, "ceremony.configure");
      return uow.run(async (repo) => {
        const retro = await running(repo, teamId, retroId);
        const at = clock.now();
        await repo.close({ teamId, id: retroId, at });
        return boardOf(repo, teamId, { ...retro, state: "closed", closedAt: at });
      });
    },

    openActionItemsFor(teamId, userId) {
      return uow.read.openActionsFor(teamId, userId);
    },
  };
}
