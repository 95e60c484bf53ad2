/**
 * Planning poker sessions (issue 6). Every vote is stored as cast, in its own transaction, so
 * a restart loses none; the reveal (by the facilitator, when everyone invited has voted, or at
 * the deadline) is a conditional state change, so it happens exactly once however votes race.
 * Values never leave this service before the reveal: a voting board lists voters only.
 */
import {
  everyoneVoted,
  mayVote,
  type PokerCard,
  type PokerSession,
  type PokerState,
  type PokerSummary,
  type PokerVote,
  summarizeVotes,
} from "../domain/poker.js";
import type { Story, StoryPoints } from "../domain/story.js";
import type { Clock } from "../lib/clock.js";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../lib/errors.js";
import type { AccessControl, TeamRole } from "./access.ports.js";
import type { Scheduler } from "./scheduling.ports.js";

/** Roles that may accept an estimate besides the session's facilitator. */
const ACCEPTERS: readonly TeamRole[] = ["product_owner", "admin"];

/** Scheduler job kind that reveals a session at its deadline (refId = session id). */
export const POKER_REVEAL_JOB = "poker.reveal";

export interface PokerRepository {
  /**
   * Serializes writers of one session until the transaction ends (PostgreSQL; a no-op on SQLite,
   * whose single writer already does): concurrent last votes must not each miss the other's vote
   * and leave everyone voted but nothing revealed.
   */
  lockSession(teamId: string, id: number): Promise<void>;
  insertSession(input: {
    teamId: string;
    channelId: string;
    storyId: number;
    facilitatorId: string;
    invited: string[];
    deadlineAt: Date | null;
    at: Date;
  }): Promise<PokerSession>;
  findSession(teamId: string, id: number): Promise<PokerSession | null>;
  /** A voting or revealed session for the story in the channel, if any. */
  findOpenForStory(teamId: string, channelId: string, storyId: number): Promise<PokerSession | null>;
  setMessageTs(teamId: string, id: number, ts: string): Promise<void>;
  /** Inserts or replaces this person's vote in the round. */
  upsertVote(input: {
    teamId: string;
    sessionId: number;
    round: number;
    userId: string;
    value: PokerCard;
    reason: string;
    at: Date;
  }): Promise<void>;
  votes(teamId: string, sessionId: number, round: number): Promise<PokerVote[]>;
  /** Changes state only if the session is still in `from` at `round`; false when someone else did first. */
  transition(input: {
    teamId: string;
    id: number;
    from: PokerState;
    round: number;
    to: PokerState;
    nextRound?: number;
    revealedAt?: Date | null;
    closedAt?: Date | null;
    acceptedEstimate?: StoryPoints | null;
    acceptedBy?: string | null;
  }): Promise<boolean>;
  /** Voting sessions (any team) whose deadline is at or before `now`. */
  dueDeadlines(now: Date): Promise<{ teamId: string; id: number }[]>;
}

/** The story side of poker: find the story, write the accepted estimate (with its backlog event). */
export interface PokerStories {
  findByNumber(teamId: string, number: number): Promise<Story | null>;
  findById(teamId: string, id: number): Promise<Story | null>;
  /** Sets `estimate` and appends an `estimated` {from,to} backlog event. */
  setEstimate(input: {
    teamId: string;
    storyId: number;
    estimate: StoryPoints;
    actor: string;
    at: Date;
  }): Promise<void>;
}

export interface PokerRepositories {
  poker: PokerRepository;
  stories: PokerStories;
}

export interface PokerUnitOfWork {
  run<T>(fn: (repos: PokerRepositories) => Promise<T>): Promise<T>;
  readonly read: PokerRepositories;
}

/**
 * What the session message shows. `revealed` is null while voting: the votes AND the story's
 * current estimate stay hidden (a visible "currently 8 pts" anchors every voter), so no builder
 * can leak them into blocks, `text`, button values or an update.
 */
export interface PokerBoard {
  session: PokerSession;
  /** What voters read on the board: the story without its estimate. */
  story: Pick<Story, "id" | "number" | "title" | "persona" | "want" | "benefit" | "acceptanceCriteria">;
  /** Who voted this round (never the values while voting), in voting order. */
  voters: string[];
  revealed: { votes: PokerVote[]; summary: PokerSummary; currentEstimate: StoryPoints | null } | null;
}

export interface PokerService {
  start(input: {
    teamId: string;
    channelId: string;
    userId: string;
    storyNumber: number;
    invited: string[];
    deadlineMinutes: number | null;
  }): Promise<PokerBoard>;
  /** Records a vote; reveals when it completes the invited list. `revealedNow` tells the caller. */
  vote(input: {
    teamId: string;
    sessionId: number;
    userId: string;
    value: PokerCard;
    reason: string;
  }): Promise<{ board: PokerBoard; revealedNow: boolean }>;
  reveal(input: { teamId: string; sessionId: number; userId: string }): Promise<PokerBoard>;
  revote(input: { teamId: string; sessionId: number; userId: string }): Promise<PokerBoard>;
  accept(input: {
    teamId: string;
    sessionId: number;
    userId: string;
    estimate: StoryPoints;
  }): Promise<PokerBoard>;
  cancel(input: { teamId: string; sessionId: number; userId: string }): Promise<PokerBoard>;
  board(teamId: string, sessionId: number): Promise<PokerBoard>;
  /** A session that accepts votes from this person (the Vote button checks before opening the modal). */
  openForVoting(input: { teamId: string; sessionId: number; userId: string }): Promise<PokerBoard>;
  setMessageTs(teamId: string, sessionId: number, ts: string): Promise<void>;
  /** Reveals every voting session whose deadline has passed; returns what changed. */
  revealDue(now: Date): Promise<{ teamId: string; sessionId: number }[]>;
}

export function createPokerService(deps: {
  uow: PokerUnitOfWork;
  access: AccessControl;
  clock: Clock;
  /** Schedules the reveal at a session's deadline; without it deadlines are checked on the next action only. */
  scheduler?: Scheduler;
}): PokerService {
  const { uow, access, clock, scheduler } = deps;

  /** Reveals at the deadline's minute (UTC: the session has no zone of its own). */
  async function scheduleReveal(session: PokerSession): Promise<void> {
    if (!scheduler || !session.deadlineAt) return;
    await scheduler.scheduleOnce({
      teamId: session.teamId,
      jobKind: POKER_REVEAL_JOB,
      refId: String(session.id),
      at: session.deadlineAt,
      timeZone: "UTC",
      graceMs: 7 * 24 * 60 * 60_000,
      label: `Poker reveal · session ${session.id}`,
    });
  }

  async function mustFind(repos: PokerRepositories, teamId: string, id: number): Promise<PokerSession> {
    const session = await repos.poker.findSession(teamId, id);
    if (!session) throw new NotFoundError(`poker session ${id}`);
    return session;
  }

  async function boardOf(repos: PokerRepositories, session: PokerSession): Promise<PokerBoard> {
    const story = await repos.stories.findById(session.teamId, session.storyId);
    if (!story) throw new NotFoundError("the story of this poker session");
    const votes = await repos.poker.votes(session.teamId, session.id, session.round);
    const hidden = session.state === "voting" || session.state === "cancelled";
    const { id, number, title, persona, want, benefit, acceptanceCriteria } = story;
    return {
      session,
      story: { id, number, title, persona, want, benefit, acceptanceCriteria },
      voters: votes.map((v) => v.userId),
      revealed: hidden ? null : { votes, summary: summarizeVotes(votes), currentEstimate: story.estimate },
    };
  }

  function mustFacilitate(session: PokerSession, userId: string, what: string) {
    if (session.facilitatorId !== userId) {
      throw new ForbiddenError(`Only the facilitator, <@${session.facilitatorId}>, can ${what}.`);
    }
  }

  async function revealIn(repos: PokerRepositories, session: PokerSession, at: Date): Promise<boolean> {
    return repos.poker.transition({
      teamId: session.teamId,
      id: session.id,
      from: "voting",
      round: session.round,
      to: "revealed",
      revealedAt: at,
    });
  }

  const closedMessage = (session: PokerSession, storyNumber: number) =>
    session.state === "cancelled"
      ? `This poker session for #${storyNumber} was cancelled, so it takes no votes.`
      : `The cards for #${storyNumber} are already on the table, so votes are closed. If you want to change your mind, ask <@${session.facilitatorId}> for a re-vote.`;

  return {
    async start({ teamId, channelId, userId, storyNumber, invited, deadlineMinutes }) {
      await access.require(teamId, userId, "story.estimate");
      const at = clock.now();
      const board = await uow.run(async (repos) => {
        const story = await repos.stories.findByNumber(teamId, storyNumber);
        if (!story || story.archivedAt) throw new NotFoundError(`story #${storyNumber}`);
        const existing = await repos.poker.findOpenForStory(teamId, channelId, story.id);
        if (existing) {
          throw new ConflictError(
            `#${story.number} already has a poker session open in this channel (started by <@${existing.facilitatorId}>). Finish or cancel it first.`,
          );
        }
        const session = await repos.poker.insertSession({
          teamId,
          channelId,
          storyId: story.id,
          facilitatorId: userId,
          invited,
          deadlineAt: deadlineMinutes === null ? null : new Date(at.getTime() + deadlineMinutes * 60_000),
          at,
        });
        return boardOf(repos, session);
      });
      await scheduleReveal(board.session);
      return board;
    },

    async openForVoting({ teamId, sessionId, userId }) {
      const repos = uow.read;
      const session = await mustFind(repos, teamId, sessionId);
      const board = await boardOf(repos, session);
      if (session.state !== "voting") throw new ConflictError(closedMessage(session, board.story.number));
      if (!mayVote(session, userId)) {
        throw new ForbiddenError(
          `This session is for the people <@${session.facilitatorId}> invited. Ask them to add you.`,
        );
      }
      return board;
    },

    async vote({ teamId, sessionId, userId, value, reason }) {
      if (reason.length > 150) throw new ValidationError({ reason: "At most 150 characters." });
      const at = clock.now();
      return uow.run(async (repos) => {
        await repos.poker.lockSession(teamId, sessionId);
        const session = await mustFind(repos, teamId, sessionId);
        if (session.state !== "voting") {
          const story = await repos.stories.findById(teamId, session.storyId);
          throw new ConflictError(closedMessage(session, story?.number ?? 0));
        }
        if (!mayVote(session, userId)) {
          throw new ForbiddenError(
            `This session is for the people <@${session.facilitatorId}> invited. Ask them to add you.`,
          );
        }
        await repos.poker.upsertVote({
          teamId,
          sessionId,
          round: session.round,
          userId,
          value,
          reason,
          at,
        });
        const votes = await repos.poker.votes(teamId, sessionId, session.round);
        let revealedNow = false;
        if (everyoneVoted(session, votes)) revealedNow = await revealIn(repos, session, at);
        const fresh = await mustFind(repos, teamId, sessionId);
        return { board: await boardOf(repos, fresh), revealedNow };
      });
    },

    async reveal({ teamId, sessionId, userId }) {
      // The facilitator keeps the controls only while their role still lets them estimate.
      await access.require(teamId, userId, "poker.facilitate");
      const at = clock.now();
      return uow.run(async (repos) => {
        const session = await mustFind(repos, teamId, sessionId);
        mustFacilitate(session, userId, "reveal the cards");
        if (session.state !== "voting") throw new ConflictError("The cards are already revealed.");
        await revealIn(repos, session, at);
        return boardOf(repos, await mustFind(repos, teamId, sessionId));
      });
    },

    async revote({ teamId, sessionId, userId }) {
      // The facilitator keeps the controls only while their role still lets them estimate.
      await access.require(teamId, userId, "poker.facilitate");
      return uow.run(async (repos) => {
        const session = await mustFind(repos, teamId, sessionId);
        mustFacilitate(session, userId, "start a re-vote");
        if (session.state !== "revealed") {
          throw new ConflictError("A re-vote starts after the reveal and before an estimate is accepted.");
        }
        await repos.poker.transition({
          teamId,
          id: sessionId,
          from: "revealed",
          round: session.round,
          to: "voting",
          nextRound: session.round + 1,
          revealedAt: null,
        });
        return boardOf(repos, await mustFind(repos, teamId, sessionId));
      });
    },

    async accept({ teamId, sessionId, userId, estimate }) {
      await access.require(teamId, userId, "story.estimate");
      const at = clock.now();
      const session = await uow.run((repos) => mustFind(repos, teamId, sessionId));
      // The estimate is the facilitator's call (they may be about to ask for a re-vote); a product
      // owner or admin may settle it too. Anyone else is told privately who can.
      if (session.facilitatorId !== userId && !ACCEPTERS.includes(await access.roleOf(teamId, userId))) {
        throw new ForbiddenError(
          `Only the facilitator, <@${session.facilitatorId}>, or a product owner can accept the estimate: ask them.`,
        );
      }
      return uow.run(async (repos) => {
        const session = await mustFind(repos, teamId, sessionId);
        if (session.state !== "revealed") {
          throw new ConflictError(
            session.state === "accepted"
              ? `An estimate of ${session.acceptedEstimate} was already accepted.`
              : "Reveal the cards before accepting an estimate.",
          );
        }
        const ok = await repos.poker.transition({
          teamId,
          id: sessionId,
          from: "revealed",
          round: session.round,
          to: "accepted",
          closedAt: at,
          acceptedEstimate: estimate,
          acceptedBy: userId,
        });
        if (!ok) throw new ConflictError("Someone else just changed this session; look at it again.");
        await repos.stories.setEstimate({ teamId, storyId: session.storyId, estimate, actor: userId, at });
        return boardOf(repos, await mustFind(repos, teamId, sessionId));
      });
    },

    async cancel({ teamId, sessionId, userId }) {
      // The facilitator keeps the controls only while their role still lets them estimate.
      await access.require(teamId, userId, "poker.facilitate");
      const at = clock.now();
      return uow.run(async (repos) => {
        const session = await mustFind(repos, teamId, sessionId);
        mustFacilitate(session, userId, "cancel this session");
        if (session.state === "accepted" || session.state === "cancelled") {
          throw new ConflictError("This session is already finished.");
        }
        await repos.poker.transition({
          teamId,
          id: sessionId,
          from: session.state,
          round: session.round,
          to: "cancelled",
          closedAt: at,
        });
        return boardOf(repos, await mustFind(repos, teamId, sessionId));
      });
    },

    async board(teamId, sessionId) {
      const repos = uow.read;
      return boardOf(repos, await mustFind(repos, teamId, sessionId));
    },

    setMessageTs(teamId, sessionId, ts) {
      return uow.run((repos) => repos.poker.setMessageTs(teamId, sessionId, ts));
    },

    async revealDue(now) {
      const due = await uow.read.poker.dueDeadlines(now);
      const changed: { teamId: string; sessionId: number }[] = [];
      for (const { teamId, id } of due) {
        const revealed = await uow.run(async (repos) => {
          const session = await repos.poker.findSession(teamId, id);
          if (session?.state !== "voting") return false;
          if (!session.deadlineAt || session.deadlineAt.getTime() > now.getTime()) return false;
          return revealIn(repos, session, now);
        });
        if (revealed) changed.push({ teamId, sessionId: id });
      }
      return changed;
    },
  };
}
